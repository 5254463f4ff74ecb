import Fluent
import Foundation
import TandemPartners
import TandemStaffing
import Vapor

struct AllocationShareInput: Content, Equatable {
    var teamID: UUID
    /// Percent, up to two decimals: 62.5 is 62.5%.
    var percent: Double
}

struct AllocationInput: Content, Equatable {
    var queueID: UUID
    /// `all` (or absent) for every shift, else day, evening or overnight.
    var shift: String?
    var effectiveFrom: LocalDate
    var shares: [AllocationShareInput]
    var note: String?
    /// Partner users read the note only when this is true (default false: it is the client's own).
    var noteVisibleToPartners: Bool? = nil
}

struct AllocationShareDTO: Content, Equatable {
    let teamID: UUID
    let teamName: String
    let percent: Double
}

/// One allocation set: every team's share of a queue (and shift) from a date on.
struct AllocationSetDTO: Content, Equatable {
    let queueID: UUID
    let queueName: String
    let shift: String
    let effectiveFrom: LocalDate
    let revision: Int
    /// Empty when there is none, or when the reader is a partner user and the note is not marked visible to partners.
    let note: String
    let noteVisibleToPartners: Bool
    let shares: [AllocationShareDTO]
    /// True for the set that applies on the date asked about.
    let current: Bool
}

/// All allocation rows, answering "who holds what share on this day".
///
/// For a queue, shift and day the applicable set is the latest one effective on or before
/// that day among the sets for that shift and the sets for all shifts (the later date wins;
/// on the same date a shift's own set wins, and within one kind the higher revision).
struct AllocationBook: Sendable {
    struct SetKey: Hashable, Sendable { let queue: UUID; let shift: String; let effectiveFrom: String; let revision: Int }
    let sets: [SetKey: [UUID: Int]]
    let notes: [SetKey: ClientNote]

    init(rows: [AllocationShare]) {
        var sets: [SetKey: [UUID: Int]] = [:]
        var notes: [SetKey: ClientNote] = [:]
        for row in rows {
            let key = SetKey(queue: row.$queue.id, shift: row.shift, effectiveFrom: row.effectiveFrom, revision: row.revision)
            sets[key, default: [:]][row.$partner.id] = row.shareBasisPoints
            notes[key] = row.clientNote
        }
        self.sets = sets
        self.notes = notes
    }

    static func load(on db: any Database) async throws -> AllocationBook {
        AllocationBook(rows: try await AllocationShare.query(on: db).all())
    }

    func applicable(queue: UUID, shift: Shift, on day: LocalDate) -> SetKey? {
        let today = day.description
        return sets.keys
            .filter { $0.queue == queue && ($0.shift == shift.rawValue || $0.shift == AllocationShare.allShifts) && $0.effectiveFrom <= today }
            .max { ($0.effectiveFrom, $0.shift == AllocationShare.allShifts ? 0 : 1, $0.revision) < ($1.effectiveFrom, $1.shift == AllocationShare.allShifts ? 0 : 1, $1.revision) }
    }

    /// Team → share (0…1) for each shift that has an allocation on `day`.
    func shares(queue: UUID, on day: LocalDate) -> [Shift: [UUID: Double]] {
        var out: [Shift: [UUID: Double]] = [:]
        for shift in Shift.allCases {
            guard let key = applicable(queue: queue, shift: shift, on: day) else { continue }
            out[shift] = sets[key]!.mapValues { Double($0) / 10_000 }
        }
        return out
    }

    func history(queue: UUID) -> [SetKey] {
        sets.keys.filter { $0.queue == queue }.sorted { ($0.effectiveFrom, $0.revision, $0.shift) > ($1.effectiveFrom, $1.revision, $1.shift) }
    }

    func nextRevision(queue: UUID, shift: String, effectiveFrom: String) -> Int {
        (sets.keys.filter { $0.queue == queue && $0.shift == shift && $0.effectiveFrom == effectiveFrom }.map(\.revision).max() ?? 0) + 1
    }
}

enum AllocationService {
    /// Sets of `queue` (newest first), each marked current if it applies to some shift on
    /// `day`; partner users see only their own team's line in each set, and the client's note on
    /// the set only when its author marked it visible to partners (it is usually about every
    /// partner sharing the queue; docs/access.md).
    static func history(queue: Queue, on day: LocalDate, scope: PartnerScope, db: any Database) async throws -> [AllocationSetDTO] {
        let book = try await AllocationBook.load(on: db)
        let names = Dictionary(try await Partner.query(on: db).all().map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a })
        let queueID = try queue.requireID()
        let current = Set(Shift.allCases.compactMap { book.applicable(queue: queueID, shift: $0, on: day) })
        return book.history(queue: queueID).map { key in
            let shares = scope.visible(book.sets[key]!, owner: \.key)
                .map { AllocationShareDTO(teamID: $0.key, teamName: names[$0.key] ?? "?", percent: Double($0.value) / 100) }
                .sorted { ($0.percent, $1.teamName) > ($1.percent, $0.teamName) }
            return AllocationSetDTO(queueID: queueID, queueName: queue.name, shift: key.shift, effectiveFrom: LocalDate(key.effectiveFrom)!,
                                    revision: key.revision, note: book.notes[key]?.shown(to: scope) ?? "",
                                    noteVisibleToPartners: book.notes[key]?.visibleToPartners ?? false, shares: shares, current: current.contains(key))
        }
    }

    /// Every queue's sets in force on `day` (scoped like `history`).
    static func current(on day: LocalDate, scope: PartnerScope, db: any Database) async throws -> [AllocationSetDTO] {
        var out: [AllocationSetDTO] = []
        for queue in try await Queue.query(on: db).sort(\.$name).all() {
            out += try await history(queue: queue, on: day, scope: scope, db: db).filter { $0.current && !$0.shares.isEmpty }
        }
        return out
    }

    /// Adds a new set; earlier sets stay as history. Shares must name distinct teams, each
    /// above 0%, and add up to exactly 100%.
    static func create(_ input: AllocationInput, by actor: Actor, on db: any Database) async throws -> AllocationSetDTO {
        var errors = FieldErrors()
        let queue = try await Queue.find(input.queueID, on: db)
        if queue == nil { errors.add("queueID", "is not a known queue") }
        let shift = (input.shift?.isEmpty ?? true) ? AllocationShare.allShifts : input.shift!
        if shift != AllocationShare.allShifts && Shift(rawValue: shift) == nil { errors.add("shift", "must be all, day, evening or overnight") }
        let teams = Set(try await Partner.query(on: db).all().compactMap(\.id))
        var total = 0
        var seen = Set<UUID>()
        if input.shares.isEmpty { errors.add("shares", "name at least one team") }
        for (index, share) in input.shares.enumerated() {
            if !teams.contains(share.teamID) { errors.add("shares[\(index)].teamID", "is not a team in this workspace") }
            if !seen.insert(share.teamID).inserted { errors.add("shares[\(index)].teamID", "appears twice") }
            let basisPoints = (share.percent * 100).rounded()
            if !share.percent.isFinite || share.percent <= 0 || share.percent > 100 || abs(basisPoints - share.percent * 100) > 1e-6 {
                errors.add("shares[\(index)].percent", "must be more than 0 and at most 100, with at most two decimals")
            } else { total += Int(basisPoints) }
        }
        if errors.isEmpty && total != 10_000 {
            errors.add("shares", "add up to \(StaffingFormat.number(Double(total) / 100, digits: 2))%; they must add up to 100%")
        }
        Check.length(input.note, "note", max: 500, into: &errors)
        guard errors.isEmpty, let queue else { throw ValidationFailed(fields: errors) }

        let book = try await AllocationBook.load(on: db)
        let revision = book.nextRevision(queue: input.queueID, shift: shift, effectiveFrom: input.effectiveFrom.description)
        try await db.transaction { tx in
            for share in input.shares {
                let row = AllocationShare()
                row.$queue.id = input.queueID
                row.$queue.value = queue
                row.$partner.id = share.teamID
                row.shift = shift
                row.shareBasisPoints = Int((share.percent * 100).rounded())
                row.effectiveFrom = input.effectiveFrom.description
                row.revision = revision
                row.note = input.note?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                row.noteVisibleToPartners = input.noteVisibleToPartners ?? false
                try await row.create(on: tx)
                try await AuditLog.created(row, by: actor, on: tx)
            }
        }
        return try await history(queue: queue, on: input.effectiveFrom, scope: .all, db: db)
            .first { $0.shift == shift && $0.effectiveFrom == input.effectiveFrom && $0.revision == revision }!
    }
}
