import Fluent
import Foundation
import TandemPartners
import TandemRelationship
import Vapor

/// What the `tandem` CLI needs from the app: start it, migrate it, and run operator tasks
/// through the same services (and audit log) as the web and the API.
public enum TandemRuntime {
    /// Builds a configured app, runs `body`, and always shuts it down.
    public static func withApp<T: Sendable>(
        _ config: TandemConfig, migrating: Bool = true,
        _ body: (Application) async throws -> T
    ) async throws -> T {
        // Vapor reads its command line from the environment; Tandem's own CLI has already parsed ours.
        let app = try await Application.make(Environment(name: "production", arguments: ["tandem", "serve"]))
        do {
            try await configure(app, config)
            if migrating { try await migrate(app) }
            let result = try await body(app)
            try await app.asyncShutdown()
            return result
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    /// Serves HTTP until interrupted.
    /// The page size new SQLite files get (`DatabaseSetup.pageSize`).
    public static let pageSize = DatabaseSetup.pageSize

    /// Rewrites the SQLite file with `pageSize`-byte pages; the page size before, or nil when
    /// there was nothing to do. Throws on PostgreSQL, or while the file is open elsewhere.
    public static func repackPages(_ config: TandemConfig) async throws -> Int? {
        guard case .sqlite(let path) = config.database else {
            throw DatabaseSetup.RepackError(message: "only a SQLite database file has pages to repack")
        }
        return try await DatabaseSetup.repackPages(path: path)
    }

    public static func serve(_ app: Application) async throws {
        JobWorker.start(app)
        try await app.execute()
    }

    public struct UserRow: Sendable {
        public let email: String
        public let name: String
        public let role: String
        public let partner: String
        public let active: Bool
        public let lastLogin: String
    }

    public static func listUsers(_ app: Application) async throws -> [UserRow] {
        let partners = Dictionary(uniqueKeysWithValues: try await Partner.query(on: app.db).all().map { ($0.id!, $0.name) })
        return try await User.query(on: app.db).sort(\.$email).all().map { user in
            UserRow(email: user.email, name: user.name, role: user.role.rawValue, partner: user.$partner.id.flatMap { partners[$0] } ?? "",
                    active: user.active, lastLogin: Components.date(user.lastLoginAt))
        }
    }

    /// Errors come back as `OperatorError` with every bad field named.
    public static func createUser(_ app: Application, email: String, name: String, role: Role, partnerName: String?, password: String) async throws {
        var partnerID: UUID?
        if let partnerName {
            guard let partner = try await Partner.query(on: app.db).all().first(where: { $0.name.lowercased() == partnerName.lowercased() }) else {
                throw OperatorError(message: "No partner is named \"\(partnerName)\".")
            }
            partnerID = partner.id
        }
        do {
            _ = try await UserService.create(NewUserInput(email: email, name: name, role: role, partnerID: partnerID, password: password),
                                             hasher: app.passwordHashing, by: .cli(), on: app.db)
        } catch let failure as ValidationFailed {
            throw OperatorError(message: failure.fields.summary)
        }
    }

    public static func setPassword(_ app: Application, email: String, password: String) async throws {
        guard let user = try await User.query(on: app.db).filter(\.$email == email.lowercased()).first() else {
            throw OperatorError(message: "No user has the email \(email).")
        }
        let input = UserUpdateInput(name: user.name, role: user.role, partnerID: user.$partner.id, active: true, password: password)
        do { _ = try await UserService.update(user, with: input, hasher: app.passwordHashing, by: .cli(), on: app.db) }
        catch let failure as ValidationFailed { throw OperatorError(message: failure.fields.summary) }
    }
}

extension TandemRuntime {
    /// The printable QBR pack of one partner and quarter as a standalone HTML file (styles inlined).
    public static func qbrDocument(_ app: Application, partnerName: String, quarter: String) async throws -> String {
        guard let q = Quarter(quarter) else { throw OperatorError(message: "\"\(quarter)\" is not a quarter; write it like 2026-Q3.") }
        guard let partner = try await Partner.query(on: app.db).all().first(where: { $0.name.lowercased() == partnerName.lowercased() }) else {
            throw OperatorError(message: "No partner is named \"\(partnerName)\".")
        }
        let loaded = try await PartnerService.require(partner.requireID(), scope: .all, on: app.db)
        let pack = try await QBRService.build(partner: loaded, quarter: q, today: LocalDate(date: Date()), on: app.db)
        return QBRViews.document(pack, styles: .inline).raw
    }
}

public struct OperatorError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
