import Fluent
import Foundation
import TandemPartners
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

@Suite struct PartnerAPITests {
    @Test(arguments: TestDatabase.all)
    func round_trip_create_read_update_list_delete(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let api = try await APIClient.forUser(app, ws.manager)

            let created = try await api.send(.POST, "/api/v1/partners", json: """
                {"name": "Coral Bay CX", "status": "evaluating", "involvement": "high", "relationshipManagerID": "\(ws.manager)", "notes": "Shortlisted"}
                """)
            #expect(created.status == .created)
            let partner = try created.json(PartnerDTO.self)
            #expect(partner.name == "Coral Bay CX" && partner.kind == .partner && partner.status == .evaluating && partner.involvement == .high)
            #expect(partner.relationshipManager?.id == ws.manager)

            let read = try await api.send(.GET, "/api/v1/partners/\(partner.id)")
            #expect(try read.json(PartnerDTO.self) == partner)

            let updated = try await api.send(.PUT, "/api/v1/partners/\(partner.id)", body: PartnerInput(
                name: "Coral Bay CX", status: .onboarding, involvement: .partial, goLiveDate: LocalDate("2027-01-11"), relationshipManagerID: ws.manager))
            #expect(updated.status == .ok)
            let after = try updated.json(PartnerDTO.self)
            #expect(after.status == .onboarding && after.goLiveDate == LocalDate("2027-01-11") && after.notes == "")

            let list = try await api.send(.GET, "/api/v1/partners")
            #expect(try list.json([PartnerDTO].self).map(\.name) == ["Our Team", "Alpha Support", "Bravo \(Workspace.markerB) BPO", "Coral Bay CX"],
                    "in-house team first, then partners by name")
            let onlyPartners = try await api.send(.GET, "/api/v1/partners?kind=partner")
            #expect(try onlyPartners.json([PartnerDTO].self).count == 3)

            let deleted = try await api.send(.DELETE, "/api/v1/partners/\(partner.id)")
            #expect(deleted.status == .noContent)
            #expect(try await api.send(.GET, "/api/v1/partners/\(partner.id)").status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.all)
    func bad_input_names_each_field(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let api = try await APIClient.forUser(app, ws.admin)

            let missing = try await api.send(.POST, "/api/v1/partners", json: #"{"status": "live"}"#)
            #expect(missing.status == .unprocessableEntity)
            #expect(try missing.json(APIErrorBody.self).fields == ["name": "is required"])

            let wrongType = try await api.send(.POST, "/api/v1/partners", json: #"{"name": 42}"#)
            #expect(wrongType.status == .unprocessableEntity)
            #expect(try wrongType.json(APIErrorBody.self).fields?["name"] == "must be a string")

            let badEnum = try await api.send(.POST, "/api/v1/partners", json: #"{"name": "X", "status": "married"}"#)
            #expect(badEnum.status == .unprocessableEntity)
            #expect(try badEnum.json(APIErrorBody.self).fields?.keys.contains("status") == true)

            let rules = try await api.send(.POST, "/api/v1/partners", json: #"{"name": "alpha support", "status": "live", "kind": "in_house", "relationshipManagerID": "\#(ws.viewer)"}"#)
            #expect(rules.status == .unprocessableEntity)
            let fields = try rules.json(APIErrorBody.self).fields ?? [:]
            #expect(Set(fields.keys) == ["name", "kind", "goLiveDate", "relationshipManagerID"])
            #expect(fields["name"] == "is already used by another team")

            let notJSON = try await api.send(.POST, "/api/v1/partners", json: "{name")
            #expect(notJSON.status == .badRequest)
            #expect(try notJSON.json(APIErrorBody.self).error == "bad_request")

            let transition = try await api.send(.PUT, "/api/v1/partners/\(ws.partnerA)", body: PartnerInput(name: "Alpha Support", status: .live))
            #expect(try transition.json(APIErrorBody.self).fields?["status"]?.hasPrefix("cannot move from prospect to live") == true)

            let site = try await api.send(.POST, "/api/v1/partners/\(ws.partnerA)/sites", json: """
                {"name": "", "city": "Lima", "country": "Peru", "locationType": "nearshore", "timeZone": "Mars/Base", "languages": ["es-PE", "!!"], "seats": -3}
                """)
            #expect(site.status == .unprocessableEntity)
            #expect(Set(try site.json(APIErrorBody.self).fields?.keys.map { $0 } ?? []) == ["name", "country", "timeZone", "languages", "seats"])
        }
    }

    @Test(arguments: TestDatabase.all)
    func unknown_ids_are_404_and_errors_are_json(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let api = try await APIClient.forUser(app, ws.admin)
            for path in ["/api/v1/partners/\(UUID())", "/api/v1/partners/not-a-uuid", "/api/v1/partners/\(ws.partnerA)/sites/\(ws.siteB)", "/api/v1/queues/\(UUID())"] {
                let response = try await api.send(.GET, path)
                #expect(response.status == .notFound, "\(path)")
                #expect(try response.json(APIErrorBody.self).error == "not_found")
                #expect(!response.text.contains("Abort"), "no internals leak")
            }
            let wrongMedia = try await app.testing().sendRequest(.POST, "/api/v1/partners", headers: ["Authorization": "Bearer \(api.token!)", "Content-Type": "text/plain"], body: ByteBuffer(string: "x"))
            #expect(wrongMedia.status == .unsupportedMediaType)
        }
    }

    @Test(arguments: TestDatabase.all)
    func partner_with_users_cannot_be_deleted(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let api = try await APIClient.forUser(app, ws.admin)
            let response = try await api.send(.DELETE, "/api/v1/partners/\(ws.partnerA)")
            #expect(response.status == .conflict)
            #expect(try response.json(APIErrorBody.self).reason.contains("1 user account"))
            #expect(try await Partner.find(ws.partnerA, on: app.db) != nil)
        }
    }

    @Test(arguments: TestDatabase.all)
    func catalogue_round_trip(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let api = try await APIClient.forUser(app, ws.manager)
            let chat = try await api.send(.POST, "/api/v1/channels", body: ChannelInput(name: "Chat", kind: .chat))
            let channel = try chat.json(ChannelDTO.self)
            #expect(channel.realTime && channel.queueCount == 0)
            let queue = try await api.send(.POST, "/api/v1/queues", body: QueueInput(channelID: channel.id, name: "Returns chat", code: "Returns-Chat"))
            let dto = try queue.json(QueueDTO.self)
            #expect(dto.code == "returns-chat" && dto.serviceLevelSeconds == 60 && dto.active, "chat's usual 60 s threshold applies")
            let clash = try await api.send(.POST, "/api/v1/queues", body: QueueInput(channelID: channel.id, name: "Dup", code: "returns-chat"))
            #expect(try clash.json(APIErrorBody.self).fields?["code"] == "is already used by another queue")
            let inUse = try await api.send(.DELETE, "/api/v1/channels/\(channel.id)")
            #expect(inUse.status == .conflict)
            #expect(try await api.send(.DELETE, "/api/v1/queues/\(dto.id)").status == .noContent)
            #expect(try await api.send(.DELETE, "/api/v1/channels/\(channel.id)").status == .noContent)
        }
    }
}
