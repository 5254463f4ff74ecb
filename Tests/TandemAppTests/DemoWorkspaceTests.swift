import Fluent
import Foundation
import TandemPartners
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

@Suite struct DemoWorkspaceTests {
    @Test(arguments: TestDatabase.all)
    func demo_loads_once_and_each_role_sees_what_it_should(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let first = try await DemoWorkspace.load(on: app)
            let second = try await DemoWorkspace.load(on: app)
            #expect(first.created && !second.created)
            let teams = try await Partner.query(on: app.db).all()
            // The in-house team, three partners and the three candidates of the sourcing event (issue 15).
            #expect(teams.count == 7 && teams.filter { $0.kind == .inHouse }.count == 1)
            let sites = try await Site.query(on: app.db).all()
            #expect(Set(sites.map(\.locationType)) == [.onshore, .nearshore, .offshore])
            let channels = try await TandemApp.Channel.query(on: app.db).all().map(\.kind)
            #expect(Set(channels).isSuperset(of: [.voice, .chat, .email]))
            // Contracts and money (issue 14).
            try await ContractsDemoChecks.verify(app)

            for login in DemoWorkspace.logins {
                var browser = Browser(app)
                #expect(try await browser.signIn(email: login.email, password: login.password).status == .seeOther, "\(login.email)")
                let page = try await browser.get("/partners")
                let body = page.status == .seeOther ? try await browser.get(page.headers.first(name: .location)!).text : page.text
                switch login.email {
                case "pm@harborline.example":
                    #expect(body.contains("Harborline Contact Services") && !body.contains("Meridian CX") && !body.contains("Lotus Shore"))
                case "cfo@northwind.example":
                    #expect(body.contains("Meridian CX") && !body.contains("New team"))
                case "maria.lopez@northwind.example", "admin@northwind.example":
                    #expect(body.contains("Lotus Shore Solutions") && body.contains("New team"))
                default: break
                }
            }
            // Choosing and designing partnerships (issue 15).
            try await SelectionDemoChecks.verify(app)
        }
    }
}
