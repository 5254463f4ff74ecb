import Foundation
import TandemPartners

/// What a client sends to create or replace a partner (JSON API and web form alike).
struct PartnerInput: Codable, Sendable, Equatable {
    var name: String
    var kind: TeamKind?
    var status: PartnerStatus?
    var involvement: InvolvementLevel?
    var goLiveDate: LocalDate?
    var relationshipManagerID: UUID?
    var notes: String?

    init(name: String, kind: TeamKind? = nil, status: PartnerStatus? = nil, involvement: InvolvementLevel? = nil,
         goLiveDate: LocalDate? = nil, relationshipManagerID: UUID? = nil, notes: String? = nil) {
        self.name = name; self.kind = kind; self.status = status; self.involvement = involvement
        self.goLiveDate = goLiveDate; self.relationshipManagerID = relationshipManagerID; self.notes = notes
    }

    init(form: FormValues, errors: inout FieldErrors) {
        name = form["name"]
        kind = form.choice("kind", TeamKind.self, into: &errors)
        status = form.choice("status", PartnerStatus.self, into: &errors)
        involvement = form.choice("involvement", InvolvementLevel.self, into: &errors)
        goLiveDate = form.date("goLiveDate", into: &errors)
        relationshipManagerID = form.uuid("relationshipManagerID", into: &errors)
        notes = form["notes"]
    }
}

struct SiteInput: Codable, Sendable, Equatable {
    var name: String
    var city: String
    var country: String
    var locationType: LocationType
    var timeZone: String
    var languages: [String]
    var seats: Int

    init(name: String, city: String, country: String, locationType: LocationType, timeZone: String, languages: [String], seats: Int) {
        self.name = name; self.city = city; self.country = country; self.locationType = locationType
        self.timeZone = timeZone; self.languages = languages; self.seats = seats
    }

    /// Nil when a field could not even be read; the errors say which.
    static func from(form: FormValues, errors: inout FieldErrors) -> SiteInput? {
        let type = form.choice("locationType", LocationType.self, into: &errors)
        let seats = form.int("seats", into: &errors)
        if form["seats"].isEmpty { errors.add("seats", "is required") }
        guard let type, let seats else { return nil }
        return SiteInput(name: form["name"], city: form["city"], country: form["country"].uppercased(), locationType: type,
                         timeZone: form["timeZone"], languages: Check.list(form["languages"]), seats: seats)
    }

    func validate() -> FieldErrors {
        var errors = FieldErrors()
        Check.required(name, "name", into: &errors)
        Check.required(city, "city", into: &errors)
        Check.countryCode(country, "country", into: &errors)
        Check.timeZone(timeZone, "timeZone", into: &errors)
        Check.languageTags(languages, "languages", into: &errors)
        Check.range(seats, "seats", 0...100_000, into: &errors)
        return errors
    }
}

struct KeyContactInput: Codable, Sendable, Equatable {
    var name: String
    var side: ContactSide
    var role: String
    var email: String?
    var phone: String?

    init(name: String, side: ContactSide, role: String, email: String? = nil, phone: String? = nil) {
        self.name = name; self.side = side; self.role = role; self.email = email; self.phone = phone
    }

    static func from(form: FormValues, errors: inout FieldErrors) -> KeyContactInput? {
        guard let side = form.choice("side", ContactSide.self, into: &errors) else { return nil }
        return KeyContactInput(name: form["name"], side: side, role: form["role"], email: form.optional("email"), phone: form.optional("phone"))
    }

    func validate() -> FieldErrors {
        var errors = FieldErrors()
        Check.required(name, "name", into: &errors)
        Check.required(role, "role", into: &errors)
        Check.email(email, "email", required: false, into: &errors)
        Check.phone(phone, "phone", into: &errors)
        if (email ?? "").isEmpty && (phone ?? "").isEmpty { errors.add("email", "or phone is required, so the contact can be reached") }
        return errors
    }
}
