public import Config
import Gallery

extension ResidentImport {
    /// How a row found good earlier in the same file is named when a later row has its face.
    public static func subject(line: Int) -> String { "the face of line \(line) of this file" }
}

extension ResidentImport.Row {
    /// The row as an enrollment with paper consent (a minor by
    /// `birth_year`): what `facegate import` and the console's import check
    /// and store.
    public func enrollment(notice: ConsentNotice, operatorName: String) throws(ResidentEnrollment.Refusal) -> ResidentEnrollment {
        guard !consentForm.isEmpty else {
            throw ResidentEnrollment.Refusal("no consent_form: an import records only consent signed on a paper form")
        }
        guard !photo.isEmpty else { throw ResidentEnrollment.Refusal("no photo") }
        var isMinor = false
        if let birthYear {
            guard let year = Int(birthYear) else { throw ResidentEnrollment.Refusal("birth_year \"\(birthYear)\" is not a year") }
            isMinor = try ResidentEnrollment.isMinor(birthYear: year)
        }
        return ResidentEnrollment(
            identity: Identity(name: name, unit: unit, contact: contact), notice: notice, method: .paperForm(reference: consentForm),
            isMinor: isMinor, guardian: isMinor ? Guardian(name: guardian ?? "", relation: guardianRelation ?? "") : nil,
            operatorName: operatorName)
    }
}
