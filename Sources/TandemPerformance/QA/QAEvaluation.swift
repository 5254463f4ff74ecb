/// One QA evaluation of one contact: weighted sections of items (domain.md, "QA score").
public struct QAEvaluation: Hashable, Sendable, Codable {
    public var sections: [QASection]

    public init(sections: [QASection]) { self.sections = sections }

    public var isAutoFailed: Bool {
        sections.contains { $0.items.contains(.autoFail(triggered: true)) }
    }

    /// 0–100: the weighted mean of the scorable sections' scores, or 0 if any auto-fail item was
    /// triggered (whatever else was scored). nil when nothing is scorable (every section all N/A
    /// or weightless, no auto-fail): such an evaluation says nothing and leaves the QA sample.
    public var score: Double? {
        if isAutoFailed { return 0 }
        var weighted = 0.0, weights = 0.0
        for section in sections where section.weight > 0 {
            guard let sectionScore = section.score else { continue }
            weighted += section.weight * sectionScore
            weights += section.weight
        }
        return weights > 0 ? weighted / weights : nil
    }
}

public struct QASection: Hashable, Sendable, Codable {
    public var name: String
    /// Relative weight; a section with weight ≤ 0 does not count.
    public var weight: Double
    public var items: [QAItem]

    public init(name: String = "", weight: Double, items: [QAItem]) {
        self.name = name
        self.weight = weight
        self.items = items
    }

    /// 0–100: Σ earned ÷ Σ possible over the scored items. nil when there are none (all N/A or
    /// auto-fail items only), so the section leaves the weighted denominator instead of scoring 0.
    public var score: Double? {
        var earned = 0.0, possible = 0.0
        for case let .scored(itemEarned, itemPossible) in items {
            earned += itemEarned
            possible += itemPossible
        }
        return possible > 0 ? earned / possible * 100 : nil
    }
}

public enum QAItem: Hashable, Sendable, Codable {
    case scored(earned: Double, possible: Double)
    /// Leaves the section's denominator.
    case notApplicable
    /// A compliance item worth no points: triggered, it zeroes the whole evaluation; not triggered, it is ignored.
    case autoFail(triggered: Bool)
}
