import Fluent
import Foundation
import TandemPartners
import Vapor

/// A believable workspace for first-time users and demos: the client "Northwind Outfitters",
/// its in-house team and three partners (onshore, nearshore, offshore), with sites, contacts,
/// channels, queues and one sign-in per role. Loading is idempotent: a workspace that already
/// has the demo is left as it is.
public enum DemoWorkspace {
    public struct Login: Sendable, Equatable {
        public let role: String
        public let email: String
        public let password: String
        public let sees: String
    }

    public struct Result: Sendable {
        public let created: Bool
        public let logins: [Login]
    }

    /// Shared password for every demo account: it is a demo.
    public static let password = "tandem-demo-2026"
    static let marker = "admin@northwind.example"

    public static let logins: [Login] = [
        Login(role: "Admin", email: "admin@northwind.example", password: password, sees: "everything, users and the audit log"),
        Login(role: "Relationship manager", email: "maria.lopez@northwind.example", password: password, sees: "all partners; edits the registry"),
        Login(role: "Viewer", email: "cfo@northwind.example", password: password, sees: "everything, read-only"),
        Login(role: "Partner user (Harborline)", email: "pm@harborline.example", password: password, sees: "only Harborline Contact Services"),
        Login(role: "Partner user (Meridian)", email: "pm@meridiancx.example", password: password, sees: "only Meridian CX"),
        Login(role: "Partner user (Lotus Shore)", email: "pm@lotusshore.example", password: password, sees: "only Lotus Shore Solutions"),
    ]

    /// `now` anchors the relationship history (last quarter and this one); tests pin it.
    public static func load(on app: Application, withPerformanceData: Bool = true, now: Date = Date()) async throws -> Result {
        let db = app.db
        if try await User.query(on: db).filter(\.$email == marker).count() > 0 {
            return Result(created: false, logins: logins)
        }
        let actor = Actor.cli("demo loader")
        let hashing = app.passwordHashing

        func user(_ email: String, _ name: String, _ role: Role, partner: Partner? = nil) async throws -> User {
            try await UserService.create(NewUserInput(email: email, name: name, role: role, partnerID: partner?.id, password: password),
                                         hasher: hashing, by: actor, on: db)
        }
        let admin = try await user("admin@northwind.example", "Alex Morgan", .admin)
        let maria = try await user("maria.lopez@northwind.example", "María López", .manager)
        let dev = try await user("dev.patel@northwind.example", "Dev Patel", .manager)
        _ = try await user("cfo@northwind.example", "Jordan Lee", .viewer)

        // Catalogue: channels and queues every team shares.
        var channels: [ChannelKind: Channel] = [:]
        for (name, kind) in [("Voice", ChannelKind.voice), ("Chat", .chat), ("Email", .email), ("Back office", .backOffice)] {
            channels[kind] = try await CatalogueService.saveChannel(ChannelInput(name: name, kind: kind), channel: nil, by: actor, on: db)
        }
        let queues: [(String, String, ChannelKind, Int?)] = [
            ("Orders & delivery (voice)", "orders-voice", .voice, 20),
            ("Billing (voice)", "billing-voice", .voice, 30),
            ("Technical support (voice)", "tech-voice", .voice, 20),
            ("Orders & delivery (chat)", "orders-chat", .chat, 60),
            ("Returns (chat)", "returns-chat", .chat, 60),
            ("General enquiries (email)", "general-email", .email, 86_400),
            ("Refund processing", "refunds-backoffice", .backOffice, 172_800),
        ]
        for (name, code, kind, threshold) in queues {
            _ = try await CatalogueService.saveQueue(QueueInput(channelID: channels[kind]!.id!, name: name, code: code, serviceLevelSeconds: threshold, active: true),
                                                     queue: nil, by: actor, on: db)
        }

        // Teams.
        func team(_ input: PartnerInput) async throws -> Partner { try await PartnerService.create(input, by: actor, on: db) }
        let inHouse = try await team(PartnerInput(name: "Northwind In-house", kind: .inHouse, status: .live, involvement: .high,
                                                  goLiveDate: LocalDate("2019-03-01"), relationshipManagerID: admin.id,
                                                  notes: "Our own agents in Denver: the benchmark every partner is compared with, and where new processes are piloted."))
        let harborline = try await team(PartnerInput(name: "Harborline Contact Services", kind: .partner, status: .live, involvement: .partial,
                                                     goLiveDate: LocalDate("2024-02-05"), relationshipManagerID: maria.id,
                                                     notes: "Onshore voice specialist. Strong on billing; runs its own team leads and escalations."))
        let meridian = try await team(PartnerInput(name: "Meridian CX", kind: .partner, status: .live, involvement: .high,
                                                   goLiveDate: LocalDate("2025-06-16"), relationshipManagerID: maria.id,
                                                   notes: "Nearshore, bilingual (en/es). Brings its own QA tooling and weekly voice-of-customer insight."))
        let lotus = try await team(PartnerInput(name: "Lotus Shore Solutions", kind: .partner, status: .onboarding, involvement: .low,
                                                goLiveDate: LocalDate("2026-12-01"), relationshipManagerID: dev.id,
                                                notes: "Offshore wave 1: 40 agents on chat and email, overnight coverage. Client writes SOPs and trains."))

        let sites: [(Partner, SiteInput)] = [
            (inHouse, SiteInput(name: "Denver HQ", city: "Denver", country: "US", locationType: .onshore, timeZone: "America/Denver", languages: ["en"], seats: 85)),
            (harborline, SiteInput(name: "Tampa", city: "Tampa", country: "US", locationType: .onshore, timeZone: "America/New_York", languages: ["en"], seats: 120)),
            (harborline, SiteInput(name: "Boise", city: "Boise", country: "US", locationType: .onshore, timeZone: "America/Boise", languages: ["en"], seats: 45)),
            (meridian, SiteInput(name: "Monterrey", city: "Monterrey", country: "MX", locationType: .nearshore, timeZone: "America/Monterrey", languages: ["en", "es-MX"], seats: 150)),
            (meridian, SiteInput(name: "Bogotá", city: "Bogotá", country: "CO", locationType: .nearshore, timeZone: "America/Bogota", languages: ["es-CO", "en"], seats: 60)),
            (lotus, SiteInput(name: "Cebu IT Park", city: "Cebu City", country: "PH", locationType: .offshore, timeZone: "Asia/Manila", languages: ["en", "fil"], seats: 90)),
        ]
        for (partner, input) in sites { _ = try await PartnerService.saveSite(input, site: nil, partner: partner, by: actor, on: db) }

        let contacts: [(Partner, KeyContactInput)] = [
            (inHouse, KeyContactInput(name: "Sam Rivera", side: .client, role: "Contact center manager", email: "sam.rivera@northwind.example", phone: "+1 303 555 0142")),
            (inHouse, KeyContactInput(name: "Priya Nair", side: .client, role: "WFM lead", email: "priya.nair@northwind.example")),
            (harborline, KeyContactInput(name: "Beth Carter", side: .partner, role: "Program manager", email: "beth.carter@harborline.example", phone: "+1 813 555 0188")),
            (harborline, KeyContactInput(name: "Tom Nguyen", side: .partner, role: "Quality lead", email: "tom.nguyen@harborline.example")),
            (harborline, KeyContactInput(name: "María López", side: .client, role: "Relationship manager", email: "maria.lopez@northwind.example")),
            (meridian, KeyContactInput(name: "Diego Ramírez", side: .partner, role: "Program manager", email: "diego.ramirez@meridiancx.example", phone: "+52 81 5555 0101")),
            (meridian, KeyContactInput(name: "Lucía Gómez", side: .partner, role: "Training manager", email: "lucia.gomez@meridiancx.example")),
            (meridian, KeyContactInput(name: "María López", side: .client, role: "Relationship manager", email: "maria.lopez@northwind.example")),
            (lotus, KeyContactInput(name: "Ramon Santos", side: .partner, role: "Account director", email: "ramon.santos@lotusshore.example", phone: "+63 32 555 0199")),
            (lotus, KeyContactInput(name: "Dev Patel", side: .client, role: "Relationship manager", email: "dev.patel@northwind.example")),
        ]
        for (partner, input) in contacts { _ = try await PartnerService.saveKeyContact(input, contact: nil, partner: partner, by: actor, on: db) }

        let harborlineUsers = [
            try await user("pm@harborline.example", "Beth Carter", .partner, partner: harborline),
            try await user("tl.tampa@harborline.example", "Kim Alvarez", .partner, partner: harborline),
            try await user("tl.boise@harborline.example", "Owen Brooks", .partner, partner: harborline),
        ]
        let meridianUsers = [
            try await user("pm@meridiancx.example", "Diego Ramírez", .partner, partner: meridian),
            try await user("tl.monterrey@meridiancx.example", "Sofía Treviño", .partner, partner: meridian),
            try await user("tl.bogota@meridiancx.example", "Andrés Castro", .partner, partner: meridian),
        ]
        let lotusUsers = [try await user("pm@lotusshore.example", "Ramon Santos", .partner, partner: lotus)]

        if withPerformanceData {
            // Contacts and QA, then the front line on them (issue 16); its figures are computed once, at the end.
            try await FrontlineRefresh.deferring(on: db) {
                try await DemoPerformance.load(on: app, actor: actor)
                try await FrontlineDemo.load(.init(inHouse: inHouse, harborline: harborline, meridian: meridian, lotus: lotus), actor: actor, on: db)
            }
        }

        // The relationship loop: broadcasts, meetings, incidents, surveys, feedback.
        try await RelationshipDemo.load(.init(admin: admin, maria: maria, dev: dev, harborline: harborline, meridian: meridian, lotus: lotus,
                                              partnerUsers: [harborline.id!: harborlineUsers, meridian.id!: meridianUsers, lotus.id!: lotusUsers]), now: now, on: db)

        // Staffing: this week's forecast, allocations, notice periods and schedules.
        try await StaffingDemo.load(week: PlanTime.monday(of: LocalDate(date: Date())),
                                    teams: Dictionary(uniqueKeysWithValues: [inHouse, harborline, meridian, lotus].map { ($0.name, $0) }), by: actor, on: db)

        // Choosing and designing partnerships (issue 15): a decided sourcing event, designs, SMART goals.
        try await SelectionDemo.load(.init(admin: admin, maria: maria, dev: dev, harborline: harborline, meridian: meridian), on: db)

        // Contracts and money (issue 14): contracts, invoices, credits and in-house cost, relative to today.
        try await ContractsDemo.load(.init(inHouse: inHouse, harborline: harborline, meridian: meridian, lotus: lotus, maria: maria),
                                     today: LocalDate(date: now), by: actor, on: db)
        return Result(created: true, logins: logins)
    }
}
