import Fluent
import SQLKit

/// The two database engines Tandem runs on. Engine-specific fast paths switch over this (the
/// compiler then names every place a new engine would need), never over dialect name strings.
enum Engine: Sendable, Equatable {
    case sqlite, postgres

    /// The engine behind a Fluent database; nil only for a database that is not SQL at all.
    init?(_ db: any Database) {
        guard let sql = db as? any SQLDatabase else { return nil }
        self.init(sql)
    }

    init?(_ sql: any SQLDatabase) {
        switch sql.dialect.name {
        case "sqlite": self = .sqlite
        case "postgresql": self = .postgres
        default: return nil
        }
    }
}
