import Foundation
import TandemPartners

struct UserRef: Codable, Sendable, Equatable {
    let id: UUID
    let name: String
}

struct PartnerDTO: Codable, Sendable, Equatable {
    let id: UUID
    let name: String
    let kind: TeamKind
    let status: PartnerStatus
    let involvement: InvolvementLevel
    let goLiveDate: LocalDate?
    let relationshipManager: UserRef?
    let notes: String
    let siteCount: Int
    let seats: Int
    let createdAt: Date?
    let updatedAt: Date?
}

struct SiteDTO: Codable, Sendable, Equatable {
    let id: UUID
    let partnerID: UUID
    let name: String
    let city: String
    let country: String
    let locationType: LocationType
    let timeZone: String
    let languages: [String]
    let seats: Int
}

struct KeyContactDTO: Codable, Sendable, Equatable {
    let id: UUID
    let partnerID: UUID
    let name: String
    let side: ContactSide
    let role: String
    let email: String?
    let phone: String?
}

extension Site {
    var dto: SiteDTO {
        SiteDTO(id: id!, partnerID: $partner.id, name: name, city: city, country: country, locationType: locationType,
                timeZone: timeZone, languages: languageList, seats: seats)
    }
}

extension KeyContact {
    var dto: KeyContactDTO {
        KeyContactDTO(id: id!, partnerID: $partner.id, name: name, side: side, role: role,
                      email: email.isEmpty ? nil : email, phone: phone.isEmpty ? nil : phone)
    }
}

extension Partner: Audited {
    static let auditType = "partner"
    var auditLabel: String { name }
    var auditPartnerID: UUID? { id }
    var auditFields: [String: String] {
        ["name": name, "kind": kind.rawValue, "status": status.rawValue, "involvement": involvement.rawValue,
         "goLiveDate": goLiveOn ?? "", "relationshipManagerID": $relationshipManager.id?.uuidString.lowercased() ?? "", "notes": notes]
    }
}

extension Site: Audited {
    static let auditType = "site"
    var auditLabel: String { "\(name) (\(city))" }
    var auditPartnerID: UUID? { $partner.id }
    var auditFields: [String: String] {
        ["name": name, "city": city, "country": country, "locationType": locationType.rawValue,
         "timeZone": timeZone, "languages": languages, "seats": String(seats)]
    }
}

extension KeyContact: Audited {
    static let auditType = "key_contact"
    var auditLabel: String { "\(name), \(role)" }
    var auditPartnerID: UUID? { $partner.id }
    var auditFields: [String: String] {
        ["name": name, "side": side.rawValue, "role": role, "email": email, "phone": phone]
    }
}
