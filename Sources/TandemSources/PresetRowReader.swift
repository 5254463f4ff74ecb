import TandemPartners
import Foundation
import TandemPerformance

/// One file of an import (an import may read several: a Zendesk export's pages, metrics and
/// ratings; Genesys details with their lookup). Opened again when a preset reads twice.
public struct ImportPart: Sendable {
    public let name: String
    public let open: @Sendable () throws -> any ByteChunkSource
    /// Opens it for a first pass that reads only lookups and metrics (not counted as progress).
    public let openForLookups: @Sendable () throws -> any ByteChunkSource

    public init(name: String, open: @escaping @Sendable () throws -> any ByteChunkSource,
                openForLookups: (@Sendable () throws -> any ByteChunkSource)? = nil) {
        self.name = name
        self.open = open
        self.openForLookups = openForLookups ?? open
    }
}

/// What a platform's mapping does with the records of its files.
protocol PresetMapper: AnyObject {
    var layout: JSONRecordStream.Layout { get }
    /// Record kinds read in a first pass over every file, before any contact (lookups, metrics,
    /// ratings); empty: the files are read once.
    var sideKinds: Set<String> { get }
    func side(_ record: JSONRecordStream.Record, _ tape: JSONTape, file: String) throws(FileIssue)
    /// Appends the record's contacts to `rows`: none when it is not a contact (noted in `skipped`
    /// by reason), several when it holds several (Genesys queue legs, a Kinesis batch).
    func contacts(_ record: JSONRecordStream.Record, _ tape: JSONTape, context: RowContext, into rows: inout [RawContactRow], skipped: inout [String: Int])
    /// The CSV form's rows (CXone); nil when the preset reads JSON only.
    func csvReader(file: String, context: RowContext) -> (any PresetCSVMapper)?
}

/// A CSV form of a preset: one header, then one record per line.
protocol PresetCSVMapper: AnyObject {
    func header(_ names: [String]) throws(FileIssue)
    func contacts(_ record: CSVRecordReader.Record, ordinal: Int, into rows: inout [RawContactRow], skipped: inout [String: Int])
}

/// Reads a preset's files into canonical rows for the import pipeline (as a `ContactRowSource`):
/// file by file, record by record, in bounded memory. Problems with one record become that row's
/// issues (file, line, record, field); a file that is not valid JSON stops the import with a
/// `FileIssue` naming the file, line, byte offset and record.
public final class PresetRowReader: ContactRowSource {
    private let settings: PresetSettings
    private let parts: [ImportPart]
    private let mapper: any PresetMapper
    private var partIndex = 0
    private var json: JSONRecordStream?
    private var csv: (reader: CSVRecordReader, mapper: any PresetCSVMapper, ordinal: Int)?
    private var context: RowContext?
    private var pending: [RawContactRow] = []
    private var pendingIndex = 0
    private var sideLoaded = false
    public private(set) var skippedRecords: [String: Int] = [:]

    /// Checks the settings (a `FileIssue` naming every problem) and prepares to read `parts` in order.
    public init(settings: PresetSettings, parts: [ImportPart], directory: ContactDirectory, roster: (any AgentTeamLookup)? = nil) throws(FileIssue) {
        let problems = settings.problems()
        guard problems.isEmpty else { throw FileIssue(reason: "cannot be read with these preset settings: " + problems.joined(separator: "; ")) }
        guard !parts.isEmpty else { throw FileIssue(reason: "is missing: no file was given") }
        self.settings = settings
        self.parts = parts
        let resolver = ContactResolver(settings: settings, directory: directory, roster: roster)
        switch settings.preset {
        case .amazonConnect: mapper = AmazonConnectMapper(resolver)
        case .zendesk: mapper = ZendeskMapper(resolver)
        case .genesys: mapper = GenesysMapper(resolver)
        case .niceCXone: mapper = NiceCXoneMapper(resolver)
        }
    }

    public func next() throws -> RawContactRow? {
        if !sideLoaded {
            sideLoaded = true
            if !mapper.sideKinds.isEmpty { try readSideData() }
        }
        while true {
            if pendingIndex < pending.count {
                pendingIndex += 1
                return pending[pendingIndex - 1]
            }
            pending.removeAll(keepingCapacity: true)
            pendingIndex = 0
            if json != nil {
                let record: JSONRecordStream.Record?
                do { record = try json!.next() } catch { throw fileIssue(error, file: parts[partIndex - 1].name) }
                guard let record else { json = nil; continue }
                if mapper.sideKinds.contains(record.kind) { continue }
                mapper.contacts(record, json!.tape, context: context!, into: &pending, skipped: &skippedRecords)
                continue
            }
            if csv != nil {
                let record: CSVRecordReader.Record?
                do { record = try csv!.reader.next() } catch { throw FileIssue(reason: "could not be read: \(error)", file: parts[partIndex - 1].name) }
                guard let record else { csv = nil; continue }
                csv!.ordinal += 1
                csv!.mapper.contacts(record, ordinal: csv!.ordinal, into: &pending, skipped: &skippedRecords)
                continue
            }
            guard partIndex < parts.count else { return nil }
            try open(parts[partIndex])
            partIndex += 1
        }
    }

    /// Starts reading a file: JSON unless its first byte says CSV (and the preset reads CSV).
    private func open(_ part: ImportPart) throws {
        let source = try Sniffed(try part.open())
        let context = RowContext(file: part.name, idName: settings.preset.idName, fieldNames: Self.fieldNames(settings))
        self.context = context
        if source.startsJSON {
            json = JSONRecordStream(source, layout: mapper.layout)
            return
        }
        guard let csvMapper = mapper.csvReader(file: part.name, context: context) else {
            throw FileIssue(reason: "is not JSON (it starts with \(source.firstByte.map(JSONTape.describe) ?? "nothing")); \(settings.preset.rawValue) exports are JSON", file: part.name)
        }
        var reader = CSVRecordReader(source)
        let header: CSVRecordReader.Record?
        do { header = try reader.next() } catch { throw FileIssue(reason: "could not be read: \(error)", file: part.name) }
        guard let header else { throw FileIssue(reason: "is empty: expected a header row", file: part.name) }
        if let bad = header.invalidUTF8 {
            throw FileIssue(reason: "header row is not valid UTF-8: \(UTF8Validation.describe(byte: bad.byte, offset: bad.offset)) (save the file as UTF-8)", file: part.name)
        }
        try csvMapper.header(header.fields.map { $0 ?? "" })
        csv = (reader, csvMapper, 0)
    }

    /// The first pass: every file's side records (lookups, metrics, ratings), before any contact.
    private func readSideData() throws {
        for part in parts {
            let source = try Sniffed(try part.openForLookups())
            guard source.startsJSON else { continue }
            var stream = JSONRecordStream(source, layout: mapper.layout)
            do {
                while let record = try stream.next() {
                    if mapper.sideKinds.contains(record.kind) { try mapper.side(record, stream.tape, file: part.name) }
                }
            } catch let error as JSONStreamError {
                throw fileIssue(error, file: part.name)
            }
        }
    }

    private func fileIssue(_ error: JSONStreamError, file: String) -> FileIssue {
        FileIssue(reason: error.description, file: file, line: error.line, record: "record \(max(error.record, 1))")
    }

    /// The source's name for each canonical field, for messages.
    static func fieldNames(_ settings: PresetSettings) -> [CanonicalField: String] {
        var names: [CanonicalField: String]
        switch settings.preset {
        case .amazonConnect:
            names = [.externalID: "ContactId", .queue: "Queue.Name", .channel: "Channel", .agent: "Agent.Username",
                     .customer: settings.customerAttribute.map { "CustomerEndpoint.Address or Attributes.\($0)" } ?? "CustomerEndpoint.Address",
                     .offeredAt: "Queue.EnqueueTimestamp", .answeredAt: "Agent.ConnectedToAgentTimestamp", .abandoned: "Queue, Agent and NextContactId",
                     .waitSeconds: "Queue.Duration", .talkSeconds: "Agent.AgentInteractionDuration", .holdSeconds: "Agent.CustomerHoldDuration",
                     .afterWorkSeconds: "Agent.AfterContactWorkDuration"]
            if let csat = settings.csatAttribute { names[.csat] = "Attributes.\(csat)" }
            if let resolved = settings.resolvedAttribute { names[.resolvedFirstContact] = "Attributes.\(resolved)" }
        case .zendesk:
            names = [.externalID: "id", .queue: "group_id", .channel: "via.channel", .agent: "assignee_id", .customer: "requester_id",
                     .offeredAt: "created_at", .answeredAt: "created_at + reply_time", .waitSeconds: "reply_time_in_minutes",
                     .resolvedFirstContact: "status, reopens and replies", .csat: "satisfaction_rating.score"]
        case .genesys:
            names = [.externalID: "conversationId/acd sessionId", .queue: "acd segment queueId", .channel: "session mediaType", .agent: "agent userId",
                     .customer: "customer ani/addressFrom", .offeredAt: "acd segmentStart", .answeredAt: "agent interact segmentStart",
                     .abandoned: "tAbandon", .waitSeconds: "tAnswered/tAbandon/tAcd", .talkSeconds: "tTalkComplete", .holdSeconds: "tHeldComplete",
                     .afterWorkSeconds: "tAcw", .resolvedFirstContact: "resolutions.nNextContactAvoided", .csat: "surveys.surveyPromoterScore"]
        case .niceCXone:
            names = [.externalID: "contactId", .queue: "skillName", .channel: "mediaTypeName", .agent: "agentId", .customer: "fromAddr",
                     .offeredAt: "contactStart + preQueueSeconds", .answeredAt: "contactStart + preQueueSeconds + inQueueSeconds",
                     .abandoned: "abandoned", .waitSeconds: "inQueueSeconds", .talkSeconds: "agentSeconds", .holdSeconds: "holdSeconds",
                     .afterWorkSeconds: "ACWSeconds"]
        }
        return names
    }
}

/// A source whose first bytes were read to tell JSON from CSV, handing them out again first.
struct Sniffed: ByteChunkSource {
    private var inner: any ByteChunkSource
    private var first: [UInt8]?
    private var innerExhausted = false
    let firstByte: UInt8?

    init(_ inner: any ByteChunkSource) throws {
        self.inner = inner
        var head: [UInt8] = []
        while head.count < 4096 {
            guard let chunk = try self.inner.nextChunk() else { innerExhausted = true; break }
            head.append(contentsOf: chunk)
        }
        first = head
        var index = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < head.count, [0x20, 0x09, 0x0A, 0x0D].contains(head[index]) { index += 1 }
        firstByte = index < head.count ? head[index] : nil
    }

    /// Starts with an object or array (or is empty: the JSON reader says so).
    var startsJSON: Bool { firstByte == nil || firstByte == UInt8(ascii: "{") || firstByte == UInt8(ascii: "[") }

    mutating func nextChunk() throws -> [UInt8]? {
        if let head = first {
            first = nil
            if !head.isEmpty { return head }
        }
        guard !innerExhausted else { return nil }
        guard let chunk = try inner.nextChunk() else { innerExhausted = true; return nil }
        return chunk
    }
}

/// Building a row: the mapper's shared steps (context, queue, team, skipped reasons).
extension RawContactRow {
    init(record: JSONRecordStream.Record, context: RowContext) {
        self.init(line: record.line)
        self.context = context
        self.ordinal = record.ordinal
    }

    /// Adds an issue about `field` (named by its source name, as validation names it).
    mutating func fail(_ field: CanonicalField, _ reason: String) {
        issues.append(issue(fieldName(field), reason))
    }

    mutating func fail(source field: String, _ reason: String) {
        issues.append(issue(field, reason))
    }

    /// Sets queue, team and site from the hints, or the issues saying which setting is missing.
    mutating func resolve(_ hints: ContactHints, with resolver: ContactResolver) {
        switch resolver.queueCode(hints) {
        case .success(let code): self[.queue] = code
        case .failure(let failure): fail(failure.field, failure.reason)
        }
        switch resolver.team(hints) {
        case .success(let found):
            self[.team] = found.team
            if let site = found.site { self[.site] = site }
        case .failure(let failure): fail(failure.field, failure.reason)
        }
    }
}
