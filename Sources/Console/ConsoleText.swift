/// Every word the console shows, in zh-CN and en: the desk's staff work in
/// Chinese, an installer or auditor may read English. `language` is the
/// `lang` of the page; anything but "en" is Chinese.
public struct ConsoleText: Sendable {
    public let language: String

    public init(language: String?) {
        self.language = language == "en" ? "en" : "zh-CN"
    }

    var isEnglish: Bool { language == "en" }

    func pick(_ en: String, _ zh: String) -> String { isEnglish ? en : zh }

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
    func estateUnreachable(_ reason: String) -> String {
        pick(
            "The estate database could not be reached, so this list is this box's copy and may be behind: \(reason)",
            "无法连接小区数据库，以下为本机副本，可能不是最新：\(reason)")
    }
    var estatePINs: String {
        pick(
            "PINs are this box's own: a PIN issued here opens this gate only, not the estate's other gates.",
            "密码为本机所有：在此发放的密码只能打开本门，不能打开小区其他门。")
    }
    func estateDown(_ reason: String) -> String {
        pick("The estate database did not take the change, so nothing was changed: \(reason)", "小区数据库未接受此次变更，未做任何更改：\(reason)")
    }
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
    var enroll: String { pick("Enroll", "登记人脸") }
    var contact: String { pick("Contact (optional)", "联系方式（选填）") }
    var residentName: String { pick("Resident's name", "住户姓名") }
    var notice: String { pick("Notice shown to the resident", "向住户展示的告知书") }
    func noticeFacts(version: String, language: String, sha256: String) -> String {
        pick("Notice v\(version) (\(language)), SHA-256 \(sha256)", "告知书 v\(version)（\(language)），SHA-256 \(sha256)")
    }
    var noticeIn: String { pick("Show the notice in", "告知书语言") }
    var optional: String {
        pick(
            "Face entry is optional: the card, PIN, QR code and guard work just as well. Enroll only a resident who agrees.",
            "刷脸开门是可选的：门卡、密码、二维码和保安人工核验同样可以进门。仅为同意的住户登记。")
    }
    var consentOnScreen: String { pick("The resident consents on this screen", "住户在本屏幕上同意") }
    var agree: String {
        pick("I have read the notice above and agree to face entry for this purpose.", "我已阅读上述告知书，同意为此目的使用人脸识别开门。")
    }
    var typedName: String { pick("The resident types their own name (a guardian, theirs)", "住户本人输入姓名（未成年人由监护人输入监护人姓名）") }
    var consentPaper: String { pick("Signed paper form; its reference", "已签署的纸质同意书编号") }
    var minorBox: String { pick("The resident is under 14: a guardian consents", "住户未满14周岁：由监护人同意") }
    var guardian: String { pick("Guardian's name", "监护人姓名") }
    var relation: String { pick("Relation (mother, father…)", "与未成年人关系（母亲、父亲……）") }
    var face: String { pick("Face", "人脸") }
    var startCamera: String { pick("Start the camera", "打开摄像头") }
    var photo: String { pick("Or take a photo file", "或上传照片") }
    var capturePrivacy: String {
        pick(
            "Pictures go to facegate in memory only: each is judged and dropped. Only the face's template is kept, encrypted, after enrollment.",
            "画面仅在内存中传给 facegate：逐张判断后即丢弃。登记后只保留加密的人脸特征模板。")
    }
    var enrollButton: String { pick("Enroll", "确认登记") }
    var enrolledTitle: String { pick("Enrollment receipt", "登记回执") }
    func enrolled(_ pseudonym: String) -> String {
        pick(
            "Enrolled as \(pseudonym). The resident may withdraw at any time at this desk; the card, PIN and guard stay available.",
            "已登记，假名编号 \(pseudonym)。住户可随时在前台撤回；门卡、密码和保安核验仍然可用。")
    }
    var consentHow: String { pick("Consent", "同意方式") }
    var operatorLabel: String { pick("Operator", "操作员") }
    func shots(_ count: Int, of needed: Int) -> String { pick("\(count) of \(needed) good shots", "已采集 \(count)/\(needed) 张合格画面") }
    func advice(_ advice: String?) -> String {
        switch advice {
        case nil: pick("Good, hold still.", "很好，请保持不动。")
        case "no-face": pick("No face: look at the camera.", "未检测到人脸：请看向摄像头。")
        case "closer": pick("Come closer.", "请靠近一些。")
        case "look-at-camera": pick("Look straight at the camera.", "请正对摄像头。")
        case "into-view": pick("Move into the middle of the picture.", "请移到画面中央。")
        case "hold-still": pick("Hold still: the picture is blurred.", "请保持不动：画面模糊。")
        case "one-person": pick("Only the resident in the picture, please.", "画面中请只保留住户一人。")
        default: pick("Try again.", "请重试。")
        }
    }
    var ready: String { pick("Ready: the face is captured.", "人脸采集完成。") }
    func refusedEnrollment(_ reason: String) -> String { pick("Not enrolled: \(reason)", "未登记：\(reason)") }
    var consentMissing: String {
        pick(
            "the resident's separate consent is missing: tick the box and type the name, or give the paper form's reference",
            "缺少住户的单独同意：请勾选并输入姓名，或填写纸质同意书编号")
    }
    var nameMismatch: String {
        pick("the typed name is not the resident's (or, for a minor, the guardian's)", "输入的姓名与住户（未成年人为监护人）不一致")
    }
    var noticeChanged: String {
        pick("the notice changed since this page was opened: show it to the resident again", "页面打开后告知书已变更：请重新向住户展示")
    }
    var noShots: String { pick("the face is not captured yet", "尚未采集到合格的人脸画面") }
    var oversight: String { pick("Oversight", "合规检查") }
    var doctor: String { pick("Site checks (facegate doctor)", "站点检查（facegate doctor）") }
    func standing(_ status: String) -> String {
        switch status {
        case "ok": pick("Every check passes.", "全部检查通过。")
        case "warn": pick("Some checks warn: see their fixes.", "部分检查有警告：请按提示处理。")
        default: pick("A check fails: face entry may be off until it is fixed.", "有检查未通过：修复前刷脸开门可能已停用。")
        }
    }
    var fix: String { pick("Fix", "处理方法") }
    func recordAssessment(purpose: String) -> String {
        pick(
            "Record an assessment carried out for the models installed now and this purpose: \(purpose)",
            "登记一次已完成的影响评估，覆盖当前安装的模型和以下处理目的：\(purpose)")
    }
    var record: String { pick("Record", "登记") }
    func assessmentRecorded(_ identifier: String) -> String {
        pick("Impact assessment \(identifier) recorded.", "影响评估 \(identifier) 已登记。")
    }
    func notADate(_ text: String) -> String { pick("\(text) is not a date (YYYY-MM-DD).", "\(text) 不是日期（YYYY-MM-DD）。") }
    var assessments: String { pick("Impact assessments (PIA)", "个人信息保护影响评估") }
    var noAssessment: String {
        pick("No impact assessment is recorded: face entry stays off (facegate pia record).", "尚未记录影响评估：刷脸开门保持关闭（facegate pia record）。")
    }
    var date: String { pick("Date", "日期") }
    var assessor: String { pick("Assessor", "评估人") }
    var purpose: String { pick("Purpose", "处理目的") }
    var modelsCovered: String { pick("Models covered", "覆盖的模型") }
    var yearlyReport: String { pick("Yearly report", "年度报告") }
    var otherLanguage: (code: String, label: String) { isEnglish ? ("zh-CN", "中文") : ("en", "English") }
}
