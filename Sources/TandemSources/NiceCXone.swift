import TandemPartners
import Foundation
import TandemPerformance

/// NICE CXone completed contacts: the Reporting API's JSON (`completedContacts`, at the top or
/// inside `resultSet`; values typed or, in the older API, all strings) and the same records
/// flattened to CSV under the API's field names. Rules (formats doc §4):
/// - One record is one contact (each transfer leg has its own `contactId`); outbound contacts
///   (`isOutbound`) entered no queue and are left out.
/// - Queue `skillName`; offered `contactStart` + `preQueueSeconds`; answered offered +
///   `inQueueSeconds` when an agent spent time on it (`agentSeconds` > 0) and it was not abandoned.
/// - Abandoned: the `abandoned` flag; wait `inQueueSeconds` (`abandonSeconds` includes the IVR).
///   CXone's own `isShortAbandon` is not used: Tandem's S decides short abandons for every source.
/// - Talk `agentSeconds` (CXone does not say whether it includes hold; see docs/import-presets.md),
///   hold `holdSeconds`, after-work `ACWSeconds` (or `acwSeconds`).
/// - Version: `lastUpdateTime`; the newest copy wins (also within a file).
final class NiceCXoneMapper: PresetMapper {
    let resolver: ContactResolver

    init(_ resolver: ContactResolver) { self.resolver = resolver }

    var layout: JSONRecordStream.Layout { JSONRecordStream.Layout(arrays: ["completedContacts"], descend: ["resultSet"]) }
    var sideKinds: Set<String> { [] }
    func side(_ record: JSONRecordStream.Record, _ tape: JSONTape, file: String) throws(FileIssue) {}

    static let outbound = "outbound (isOutbound): entered no queue"

    /// The fields read, with the newer API's spelling where it differs.
    enum Field: Int, CaseIterable {
        case contactId, lastUpdateTime, contactStart, skillName, skillId, mediaTypeName, agentId, fromAddr, toAddr, isOutbound, abandoned
        case preQueueSeconds, inQueueSeconds, agentSeconds, holdSeconds, acwSeconds, teamName

        var names: [String] {
            switch self {
            case .contactId: ["contactId"]
            case .lastUpdateTime: ["lastUpdateTime"]
            case .contactStart: ["contactStart", "contactStartDate"]
            case .skillName: ["skillName"]
            case .skillId: ["skillId"]
            case .mediaTypeName: ["mediaTypeName"]
            case .agentId: ["agentId"]
            case .fromAddr: ["fromAddr", "fromAddress"]
            case .toAddr: ["toAddr", "toAddress"]
            case .isOutbound: ["isOutbound"]
            case .abandoned: ["abandoned"]
            case .preQueueSeconds: ["preQueueSeconds"]
            case .inQueueSeconds: ["inQueueSeconds"]
            case .agentSeconds: ["agentSeconds"]
            case .holdSeconds: ["holdSeconds"]
            case .acwSeconds: ["ACWSeconds", "acwSeconds"]
            case .teamName: ["teamName"]
            }
        }
    }

    func contacts(_ record: JSONRecordStream.Record, _ t: JSONTape, context: RowContext, into rows: inout [RawContactRow], skipped: inout [String: Int]) {
        guard record.kind == "completedContacts" || record.kind == "" else { return }
        let r = t.root
        guard t.kind(r) == .object else {
            var row = RawContactRow(record: record, context: context)
            row.fail(source: "record", "is not a JSON object")
            rows.append(row)
            return
        }
        let fields = JSONFields(tape: t, object: r)
        let row = RawContactRow(record: record, context: context)
        if let made = contact(fields, row: row, skipped: &skipped) { rows.append(made) }
    }

    func csvReader(file: String, context: RowContext) -> (any PresetCSVMapper)? { CSVForm(self, context: context) }

    /// Reading a record's fields, whatever its form.
    protocol Fields {
        func text(_ field: Field) -> String?
    }

    struct JSONFields: Fields {
        let tape: JSONTape
        let object: JSONTape.Ref
        func text(_ field: Field) -> String? {
            for name in field.names {
                if let value = tape.member(object, named: name) { return tape.text(value) }
            }
            return nil
        }
        func attribute(_ name: String) -> String? { tape.text(tape.member(object, named: name)) }
    }

    struct CSVFields: Fields {
        let positions: [Int?]
        let values: [String?]
        let header: [String: Int]
        func text(_ field: Field) -> String? {
            guard let position = positions[field.rawValue], position < values.count, let value = values[position], !value.isEmpty else { return nil }
            return value
        }
        func attribute(_ name: String) -> String? { header[name.lowercased()].flatMap { $0 < values.count ? values[$0] : nil } }
    }

    final class CSVForm: PresetCSVMapper {
        let mapper: NiceCXoneMapper
        let context: RowContext
        var positions: [Int?] = []
        var header: [String: Int] = [:]
        var columnCount = 0

        init(_ mapper: NiceCXoneMapper, context: RowContext) {
            self.mapper = mapper
            self.context = context
        }

        func header(_ names: [String]) throws(FileIssue) {
            var index: [String: Int] = [:]
            for (position, name) in names.enumerated() where index[name.trimmingCharacters(in: .whitespaces).lowercased()] == nil {
                index[name.trimmingCharacters(in: .whitespaces).lowercased()] = position
            }
            header = index
            positions = Field.allCases.map { field in field.names.lazy.compactMap { index[$0.lowercased()] }.first }
            columnCount = names.count
            let missing = [Field.contactId, .contactStart, .skillName].filter { positions[$0.rawValue] == nil }
            if !missing.isEmpty {
                throw FileIssue(reason: "header lacks " + missing.map { $0.names[0] }.joined(separator: ", ") + " (a CXone completed-contacts CSV has the API's field names)",
                                file: context.file)
            }
        }

        func contacts(_ record: CSVRecordReader.Record, ordinal: Int, into rows: inout [RawContactRow], skipped: inout [String: Int]) {
            var row = RawContactRow(line: record.line)
            row.context = context
            row.ordinal = ordinal
            if let bad = record.invalidUTF8 {
                row.fail(source: "row", "is not valid UTF-8: \(UTF8Validation.describe(byte: bad.byte, offset: bad.offset)) of the file (save the file as UTF-8)")
                rows.append(row)
                return
            }
            if record.fields.count != columnCount {
                row.fail(source: "row", "has \(record.fields.count) columns; the header has \(columnCount)")
                rows.append(row)
                return
            }
            let fields = CSVFields(positions: positions, values: record.fields, header: header)
            if let made = mapper.contact(fields, row: row, skipped: &skipped) { rows.append(made) }
        }
    }

    func contact(_ f: some Fields, row start: RawContactRow, skipped: inout [String: Int]) -> RawContactRow? {
        var row = start
        guard let id = f.text(.contactId) else {
            row.fail(.externalID, "is missing")
            return row
        }
        row[.externalID] = id
        if let updated = f.text(.lastUpdateTime) {
            guard let version = Instants.milliseconds(updated) else {
                row.fail(source: "lastUpdateTime", "“\(updated)” is not a date-time like 2025-03-10T08:12:40.000Z")
                return row
            }
            row.version = version
        } else {
            row.version = 0
        }
        if f.text(.isOutbound)?.lowercased() == "true" {
            skipped[Self.outbound, default: 0] += 1
            return nil
        }
        guard let startText = f.text(.contactStart), let start = Instants.milliseconds(startText) else {
            row.fail(.offeredAt, f.text(.contactStart).map { "contactStart “\($0)” is not a date-time with a UTC offset like 2025-03-10T08:00:05.000Z" } ?? "contactStart is missing")
            return row
        }
        func seconds(_ field: Field) -> Int64?? {
            guard let text = f.text(field) else { return .some(nil) }
            guard let value = Int64(text) ?? Double(text).flatMap({ Int64(exactly: $0.rounded()) }), value >= 0 else {
                row.fail(source: field.names[0], "“\(text)” is not a number of seconds")
                return nil
            }
            return value
        }
        guard let preQueue = seconds(.preQueueSeconds), let inQueue = seconds(.inQueueSeconds), let agentTime = seconds(.agentSeconds) else { return row }
        let abandonedText = f.text(.abandoned)?.lowercased()
        let abandoned = abandonedText == "true"
        if let abandonedText, abandonedText != "true", abandonedText != "false" { row.fail(.abandoned, "“\(abandonedText)” is not true or false") }
        let offered = start + (preQueue ?? 0) * 1000
        row[.offeredAt] = Instants.text(milliseconds: offered)
        if !abandoned, (agentTime ?? 0) > 0 {
            row[.answeredAt] = Instants.text(milliseconds: offered + (inQueue ?? 0) * 1000)
        }
        row[.abandoned] = abandoned ? "true" : "false"
        if let inQueue { row[.waitSeconds] = String(inQueue) }
        if let agentTime { row[.talkSeconds] = String(agentTime) }
        row[.holdSeconds] = f.text(.holdSeconds)
        row[.afterWorkSeconds] = f.text(.acwSeconds)
        let agent = f.text(.agentId).flatMap { $0 == "0" ? nil : $0 }
        row[.agent] = agent
        row[.customer] = f.text(.fromAddr)
        let channel = Self.channel(f.text(.mediaTypeName))
        if let channel { row[.channel] = ChannelText.name(channel) }
        let settings = resolver.settings
        let attribute: (String) -> String? = { name in
            if let json = f as? JSONFields { return json.attribute(name) }
            if let csv = f as? CSVFields { return csv.attribute(name) }
            return nil
        }
        if let name = settings.csatAttribute { row[.csat] = attribute(name) }
        if let scale = settings.csatScale { row[.csatScale] = scale }
        if let name = settings.resolvedAttribute { row[.resolvedFirstContact] = attribute(name) }
        if row[.customer] == nil, let name = settings.customerAttribute { row[.customer] = attribute(name) }
        guard let skill = f.text(.skillName) else {
            row.fail(.queue, "is missing")
            return row
        }
        var hints = ContactHints(queueName: skill, queueID: f.text(.skillId), channel: channel)
        hints.agents = agent.map { [$0] } ?? []
        hints.site = f.text(.teamName)
        hints.attribute = attribute
        hints.day = Instants.day(milliseconds: offered)
        row.resolve(hints, with: resolver)
        return row
    }

    /// `mediaTypeName` to a Tandem channel; nil when unknown (the queue decides).
    static func channel(_ name: String?) -> ChannelKind? {
        switch name?.lowercased() {
        case "call", "voice", "phone call", "phonecall", "voicemail": .voice
        case "chat", "digital chat": .chat
        case "email", "e-mail": .email
        case "sms", "digital", "messaging", "whatsapp", "text": .messaging
        case "work item", "workitem": .backOffice
        case "social", "facebook", "twitter": .social
        default: nil
        }
    }
}
