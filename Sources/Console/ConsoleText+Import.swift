/// The words of the desk's CSV import, in zh-CN and en.
extension ConsoleText {
    var importTitle: String { pick("Import residents", "批量导入住户") }
    var importExplain: String {
        pick(
            "Choose the office's CSV (name, unit, photo, consent_form; optionally contact, birth_year, guardian, guardian_relation) and the photos it names. Check first: every row gets the checks of a single enrollment, and nothing is stored until you import. The photos are judged in memory and never kept.",
            "选择物业的 CSV 文件（name、unit、photo、consent_form 列，可选 contact、birth_year、guardian、guardian_relation）及其中列出的照片。请先检查：每一行都按单个登记的规则检查，导入前不保存任何内容。照片只在内存中判断，从不保存。"
        )
    }
    var csvFile: String { pick("CSV file", "CSV 文件") }
    var photoFiles: String { pick("Photos", "照片") }
    var importCheck: String { pick("Check (nothing is stored)", "检查（不保存）") }
    var importCommit: String { pick("Import the rows that passed", "导入通过检查的行") }
    var line: String { pick("Line", "行") }
    var outcome: String { pick("Outcome", "结果") }
    var importFirst: String { pick("Check a file first.", "请先检查文件。") }
    var notChecked: String { pick("not enrolled: its photo was never checked", "未登记：照片未经检查") }
    func importedAs(_ pseudonym: String, receipt: String) -> String {
        pick("enrolled as \(pseudonym); receipt: audit \(receipt)", "已登记为 \(pseudonym)；回执：审计 \(receipt)")
    }
    func importDone(_ enrolled: Int, refused: Int) -> String {
        pick("\(enrolled) enrolled, \(refused) not enrolled.", "已登记 \(enrolled) 人，未登记 \(refused) 行。")
    }
    /// The running count under the table while rows are checked.
    func importSummary(_ rows: [DeskImport.Outcome]) -> String {
        let ready = rows.filter { $0.state == .ready }.count, refused = rows.filter { $0.state == .refused }.count
        let waiting = rows.count - ready - refused
        return pick(
            "\(rows.count) rows: \(ready) would be enrolled, \(refused) refused, \(waiting) still to check. Nothing is stored yet.",
            "共 \(rows.count) 行：可登记 \(ready)，拒绝 \(refused)，待检查 \(waiting)。尚未保存任何内容。")
    }
    /// One row's outcome as the table says it.
    func say(_ outcome: DeskImport.Outcome) -> String {
        switch outcome.state {
        case .waiting: pick("checking its photo \(outcome.photo)…", "正在检查照片 \(outcome.photo)…")
        case .ready: pick("would enroll \(outcome.detail)", "可登记：\(outcome.detail)")
        case .refused: pick("refused: \(outcome.detail)", "拒绝：\(outcome.detail)")
        }
    }
}
