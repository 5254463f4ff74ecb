import Foundation
import Testing

/// A CSV from shared/oracles, read as rows of named columns. Row 1 is the first data row
/// (line 2 of the file), the numbering used in failure messages.
struct OracleTable {
    struct Row {
        let number: Int
        let fields: [String: String]

        func double(_ column: String) -> Double {
            guard let text = fields[column], let value = Double(text) else {
                Issue.record("row \(number): column \(column) missing or not a number")
                return .nan
            }
            return value  // Double("inf") is +infinity, as the Erlang A table uses
        }

        func int(_ column: String) -> Int {
            guard let text = fields[column], let value = Int(text) else {
                Issue.record("row \(number): column \(column) missing or not an integer")
                return -1
            }
            return value
        }
    }

    let rows: [Row]

    init(_ name: String) throws {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Fixtures"))
        let lines = try String(contentsOf: url, encoding: .utf8)
            .split(whereSeparator: \.isNewline)
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = try #require(lines.first)
        rows = lines.dropFirst().enumerated().map { index, values in
            Row(number: index + 1, fields: Dictionary(uniqueKeysWithValues: zip(header, values)))
        }
    }
}

/// The oracle tolerance: 1e-6 relative, with an absolute floor for values at or near 0.
func close(_ actual: Double, _ expected: Double, relative: Double = 1e-6, floor: Double = 1e-12) -> Bool {
    if actual == expected { return true }  // also covers matching infinities
    return abs(actual - expected) <= relative * abs(expected) + floor
}
