import Fluent
import Foundation
import SQLKit

/// Finds the rows of a table whose `name` equals a given name ignoring case, with a targeted
/// query instead of reading every name. The rule stays Swift's `lowercased()` comparison (what the
/// uniqueness checks have always used); the database only narrows the candidates:
/// SQLite's LOWER folds ASCII letters only, PostgreSQL's the whole of Unicode, so the query is a
/// superset that both engines agree on — `LOWER(name) LIKE pattern`, where the pattern is the
/// lowercased name with every run of non-ASCII characters (and the ASCII character before it, which
/// a decomposed accent may belong to) widened to `%`. The candidates are then compared exactly.
/// (A character whose lowercase is ASCII although it is not — U+212A KELVIN SIGN — is not caught.)
enum SameNameLookup {
    struct Match: Sendable, Equatable {
        let id: UUID
        let name: String
    }

    static func matches(in table: String, name: String, on db: any Database) async throws -> [Match] {
        let wanted = name.lowercased()
        let rows = try await (db as! any SQLDatabase)
            .raw("SELECT id, name FROM \(ident: table) WHERE LOWER(name) LIKE \(bind: pattern(for: wanted)) ESCAPE '\\'")
            .all()
        return try rows.compactMap { row in
            let candidate = try row.decode(column: "name", as: String.self)
            guard candidate.lowercased() == wanted else { return nil }
            return Match(id: try row.decode(column: "id", as: UUID.self), name: candidate)
        }
    }

    /// The LIKE pattern (escape character `\`) for an already lowercased name.
    static func pattern(for lowercased: String) -> String {
        var parts: [String] = []   // one entry per ASCII scalar, or "%" for a widened run
        for scalar in lowercased.unicodeScalars {
            if scalar.isASCII {
                let c = Character(scalar)
                parts.append(c == "%" || c == "_" || c == "\\" ? "\\\(c)" : String(c))
            } else {
                if !parts.isEmpty && parts.last != "%" { parts.removeLast() }
                if parts.last != "%" { parts.append("%") }
            }
        }
        return parts.joined()
    }
}
