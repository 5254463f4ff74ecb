import Fluent
import Foundation
import TandemPartners
import Testing
@testable import TandemApp

/// Team and channel names are unique ignoring case (Swift's `lowercased()`), checked with a
/// targeted query: accented capitals must clash on SQLite too, whose LOWER folds ASCII only.
@Suite struct NameUniquenessTests {
    @Test func like_patterns_escape_wildcards_and_widen_non_ascii_runs() {
        #expect(SameNameLookup.pattern(for: "alpha support") == "alpha support")
        #expect(SameNameLookup.pattern(for: "100% care_co\\") == "100\\% care\\_co\\\\")
        #expect(SameNameLookup.pattern(for: "café ünal") == "ca%nal")
        #expect(SameNameLookup.pattern(for: "é") == "%")
    }

    @Test(arguments: TestDatabase.all)
    func team_names_clash_ignoring_case_including_accented_letters(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let actor = Actor.cli("test")
            let cafe = try await PartnerService.create(.init(name: "Café Ünal BPO"), by: actor, on: app.db)
            _ = try await PartnerService.create(.init(name: "100% Care"), by: actor, on: app.db)

            for clash in ["CAFÉ ÜNAL BPO", "café ünal bpo", "ALPHA SUPPORT", "100% care"] {
                await #expect(throws: ValidationFailed.self, "\(clash)") { try await PartnerService.create(.init(name: clash), by: actor, on: app.db) }
            }
            // Wildcards in a name are literal: "100X Care" is another name.
            _ = try await PartnerService.create(.init(name: "100X Care"), by: actor, on: app.db)
            // Renaming a team to a new spelling of its own name is no clash.
            let alpha = try #require(try await Partner.find(ws.partnerA, on: app.db))
            _ = try await PartnerService.update(alpha, with: .init(name: "ALPHA Support", relationshipManagerID: ws.manager), by: actor, on: app.db)
            let renamed = try await PartnerService.update(cafe, with: .init(name: "café ünal bpo"), by: actor, on: app.db)
            #expect(renamed.name == "café ünal bpo")
        }
    }

    @Test(arguments: TestDatabase.all)
    func channel_names_clash_ignoring_case(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await Workspace.make(on: app)
            let actor = Actor.cli("test")
            let email = try await CatalogueService.saveChannel(.init(name: "Correo Electrónico", kind: .email), channel: nil, by: actor, on: app.db)
            await #expect(throws: ValidationFailed.self) {
                try await CatalogueService.saveChannel(.init(name: "CORREO ELECTRÓNICO", kind: .email), channel: nil, by: actor, on: app.db)
            }
            await #expect(throws: ValidationFailed.self) {
                try await CatalogueService.saveChannel(.init(name: "voice", kind: .voice), channel: nil, by: actor, on: app.db)
            }
            // Saving a channel under its own name again is no clash.
            let saved = try await CatalogueService.saveChannel(.init(name: "correo electrónico", kind: .email), channel: email, by: actor, on: app.db)
            #expect(saved.name == "correo electrónico")
        }
    }
}
