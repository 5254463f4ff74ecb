import Fluent
import Foundation
import TandemPartners
import TandemRelationship
import Vapor

/// `tandem qbr`: a partner's quarterly pack as a file.
public enum QBROperations {
    /// The printable QBR pack of one partner and quarter as a standalone HTML file (styles inlined).
    public static func document(_ app: Application, partnerName: String, quarter: String) async throws -> String {
        guard let q = Quarter(quarter) else { throw OperatorError(message: "\"\(quarter)\" is not a quarter; write it like 2026-Q3.") }
        guard let partner = try await Partner.query(on: app.db).all().first(where: { $0.name.lowercased() == partnerName.lowercased() }) else {
            throw OperatorError(message: "No partner is named \"\(partnerName)\".")
        }
        let loaded = try await PartnerService.require(partner.requireID(), scope: .all, on: app.db)
        let pack = try await QBRService.build(partner: loaded, quarter: q, today: LocalDate(date: Date()), on: app.db)
        return QBRViews.document(pack, styles: .inline).raw
    }
}
