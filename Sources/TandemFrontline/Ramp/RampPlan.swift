import Foundation
import TandemPartners
import TandemPerformance

/// "Start small, grow thoughtfully": a partner grows in waves, and each wave after the first opens
/// only when the previous wave has met the plan's gate (or a manager overrides it, with a reason).
public struct RampPlan: Hashable, Sendable, Codable {
    public let name: String
    public let teamID: String
    public let gate: WaveGate
    /// In opening order: wave 1 first.
    public let waves: [RampWave]

    /// Field names are the form's: `waves[2].headcount` is the second wave's (waves count from 1).
    public init(name: String, teamID: String, gate: WaveGate, waves: [RampWave]) throws(FieldErrors) {
        var errors = FieldErrors()
        Check.required(name, "name", into: &errors)
        if teamID.isEmpty { errors.add("team", "is required") }
        if waves.isEmpty { errors.add("waves", "must list at least one wave") }
        var seen: [String: Int] = [:]
        for (index, wave) in waves.enumerated() {
            let number = index + 1, field = "waves[\(number)]"
            if wave.headcount < 1 { errors.add("\(field).headcount", "must be at least 1 (it is \(wave.headcount))") }
            if number == 1, wave.gateOverride != nil { errors.add("\(field).override", "wave 1 has no gate to override") }
            if index > 0 {
                let previous = waves[index - 1]
                if wave.targetStart < previous.targetStart {
                    errors.add("\(field).target_start", "\(wave.targetStart) is before wave \(index)'s \(previous.targetStart)")
                }
                if let opened = wave.openedOn {
                    if let previousOpened = previous.openedOn {
                        if opened < previousOpened { errors.add("\(field).opened_on", "\(opened) is before wave \(index) opened (\(previousOpened))") }
                    } else {
                        errors.add("\(field).opened_on", "wave \(index) has not opened yet")
                    }
                }
            }
            for id in wave.agentIDs {
                if let other = seen[id] { errors.add("\(field).agent_ids", "\(id) is already in wave \(other)") }
                else { seen[id] = number }
            }
            if wave.agentIDs.count > wave.headcount {
                errors.add("\(field).agent_ids", "lists \(Num.count(wave.agentIDs.count, "agent")) for a headcount of \(wave.headcount)")
            }
        }
        if !errors.isEmpty { throw errors }
        self.name = name
        self.teamID = teamID
        self.gate = gate
        self.waves = waves
    }
}

public struct RampWave: Hashable, Sendable, Codable {
    public let headcount: Int
    public let targetStart: UTCDay
    /// The day the wave actually started; nil while it has not.
    public let openedOn: UTCDay?
    /// The roster agents hired into this wave (their data is what the next wave's gate reads).
    public let agentIDs: [String]
    /// A manager's decision to open this wave although the previous wave's gate is not met.
    public let gateOverride: GateOverride?

    public init(headcount: Int, targetStart: UTCDay, openedOn: UTCDay? = nil, agentIDs: [String] = [], gateOverride: GateOverride? = nil) {
        self.headcount = headcount
        self.targetStart = targetStart
        self.openedOn = openedOn
        self.agentIDs = agentIDs
        self.gateOverride = gateOverride
    }
}

/// The bar a wave must clear, week after week, before the next one opens: by default QA ≥ 85 and
/// AHT ≤ 110% of the tenured median for 2 consecutive weeks, both on enough data.
public struct WaveGate: Hashable, Sendable, Codable {
    public let bar: QualityBar
    public let consecutiveWeeks: Int

    public init(bar: QualityBar, consecutiveWeeks: Int = 2) throws(FieldErrors) {
        guard consecutiveWeeks >= 1 else {
            throw FieldErrors(["gate.consecutive_weeks": "must be at least 1 (it is \(consecutiveWeeks))"])
        }
        self.bar = bar
        self.consecutiveWeeks = consecutiveWeeks
    }

    public var description: String { "\(bar.description) for \(consecutiveWeeks) consecutive weeks" }
}

/// Who overrode a gate, when and why. The reason is required: an override nobody can explain later is a hole in the audit.
public struct GateOverride: Hashable, Sendable, Codable {
    public let by: String
    public let on: UTCDay
    public let reason: String

    public init(by: String, on: UTCDay, reason: String) throws(FieldErrors) {
        var errors = FieldErrors()
        Check.required(by, "override_by", into: &errors)
        Check.required(reason, "override_reason", max: 2_000, into: &errors)
        if !errors.isEmpty { throw errors }
        self.by = by.trimmingCharacters(in: .whitespacesAndNewlines)
        self.on = on
        self.reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
