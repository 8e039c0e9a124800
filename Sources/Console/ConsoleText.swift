/// Every word the console shows, in zh-CN and en: the desk's staff work in
/// Chinese, an installer or auditor may read English. `language` is the
/// `lang` of the page; anything but "en" is Chinese.
public struct ConsoleText: Sendable {
    public let language: String

    public init(language: String?) {
        self.language = language == "en" ? "en" : "zh-CN"
    }

    var isEnglish: Bool { language == "en" }

    private func pick(_ en: String, _ zh: String) -> String { isEnglish ? en : zh }

    var title: String { pick("facegate console", "facegate 管理台") }
    var signInTitle: String { pick("Sign in", "登录") }
    var name: String { pick("Operator name", "操作员账号") }
    var password: String { pick("Password", "密码") }
    var signIn: String { pick("Sign in", "登录") }
    var signOut: String { pick("Sign out", "退出") }
    var refused: String { pick("Wrong name or password.", "账号或密码错误。") }
    func locked(minutes: Int) -> String {
        pick("Too many wrong passwords: this account is locked for \(minutes) more min.", "密码错误次数过多：该账号已锁定，\(minutes) 分钟后再试。")
    }
    var residents: String { pick("Residents", "住户") }
    var pins: String { pick("PINs", "密码开门") }
    var audit: String { pick("Audit", "审计日志") }
    var unit: String { pick("Unit", "房号") }
    var pseudonym: String { pick("Pseudonym", "假名编号") }
    var consented: String { pick("Consented", "同意日期") }
    var expires: String { pick("Expires", "到期") }
    var minor: String { pick("under 14", "未满14周岁") }
    var noResidents: String { pick("No resident is enrolled.", "尚无登记住户。") }
    var withdraw: String { pick("Withdraw", "撤回") }
    var withdrawConfirm: String { pick("Type the pseudonym again to confirm", "再次输入假名编号以确认") }
    var withdrawnTitle: String { pick("Withdrawal receipt", "撤回回执") }
    func withdrawn(_ pseudonym: String) -> String {
        pick(
            "The face template of \(pseudonym) is deleted and its key shredded; the face no longer opens the gate. Keep this receipt.",
            "\(pseudonym) 的人脸模板已删除，密钥已销毁，刷脸不再开门。请保留本回执。")
    }
    var receipt: String { pick("Audit receipt", "审计回执") }
    var print: String { pick("Print", "打印") }
    var issuePIN: String { pick("Issue a PIN", "发放开门密码") }
    func issued(_ pin: String, unit: String) -> String {
        pick("PIN \(pin) for unit \(unit). Give it to the resident now: it is shown only once.", "房号 \(unit) 的开门密码：\(pin)。请当面交给住户：仅显示这一次。")
    }
    var revoke: String { pick("Revoke", "作废") }
    var issuedOn: String { pick("Issued", "发放日期") }
    var verified: String { pick("The audit chain verifies: no entry was changed, removed or inserted.", "审计链校验通过：没有条目被修改、删除或插入。") }
    func broken(_ sequence: Int64, _ reason: String) -> String {
        pick("The audit chain is broken at entry \(sequence): \(reason)", "审计链在第 \(sequence) 条处断开：\(reason)")
    }
    var kind: String { pick("Kind", "类型") }
    var since: String { pick("From (YYYY-MM-DD)", "起始日期（年-月-日）") }
    var until: String { pick("Before (YYYY-MM-DD)", "截止日期（年-月-日）") }
    var search: String { pick("Search", "查询") }
    var export: String { pick("Export", "导出") }
    var time: String { pick("Time (UTC)", "时间（UTC）") }
    var reason: String { pick("What happened", "事由") }
    var actor: String { pick("By", "操作人") }
    func notAllowed(_ role: String) -> String {
        pick("Your role (\(role)) cannot open this page.", "您的角色（\(role)）无权打开此页面。")
    }
    func showing(_ count: Int, of total: Int) -> String {
        pick("Showing the latest \(count) of \(total) entries.", "显示最近 \(count) 条，共 \(total) 条。")
    }
    var otherLanguage: (code: String, label: String) { isEnglish ? ("zh-CN", "中文") : ("en", "English") }
}
