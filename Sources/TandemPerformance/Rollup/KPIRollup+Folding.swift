extension KPIRollup {
    /// Counts one contact. The rollup must have been made for one queue (`init(serviceLevelThreshold:…)`):
    /// a merged rollup spanning several thresholds cannot say which T applies, and trying is a programming error.
    ///
    /// Surveys count for every contact except short abandons ("ignored everywhere"); resolution
    /// flags only for handled contacts, as the FCR formula says.
    public mutating func add(_ contact: ContactRecord, repeatContact outcome: RepeatContactOutcome? = nil) {
        guard serviceLevelThresholds.count == 1, shortAbandonThresholds.count == 1,
              let t = serviceLevelThresholds.first, let s = shortAbandonThresholds.first
        else { preconditionFailure("fold contacts into a single-queue rollup, then merge") }

        // Every outcome records its N, even a non-candidate's, so the formula can state the window.
        if let outcome {
            repeatContactWindows.insert(outcome.windowDays)
            if outcome.isCandidate { repeatFCRCandidates += 1 }
            if outcome.kind == .resolved { repeatFCRResolved += 1 }
        }
        if contact.isShortAbandon(shortAbandonThreshold: s) {
            shortAbandons += 1
            return
        }
        offered += 1
        switch contact.disposition {
        case .answered:
            answered += 1
            if contact.waitSeconds <= t { answeredWithinThreshold += 1 }
            answeredWaitMilliseconds += Milliseconds.of(contact.waitSeconds)
            talkMilliseconds += Milliseconds.of(contact.talkSeconds)
            holdMilliseconds += Milliseconds.of(contact.holdSeconds)
            afterWorkMilliseconds += Milliseconds.of(contact.afterWorkSeconds)
            if let resolved = contact.resolvedFirstContact {
                fcrKnown += 1
                if resolved { fcrResolved += 1 }
            }
        case .abandoned:
            if contact.waitSeconds <= t { abandonedWithinThreshold += 1 } else { abandonedAfterThreshold += 1 }
        case .other:
            break
        }
        if let score = contact.csat {
            switch contact.csatScale {
            case .oneToFive: csatOneToFive.record(score)
            case .binary: csatBinary.record(score)
            case .zeroToTen: npsResponses.record(score)
            }
        }
    }
}
