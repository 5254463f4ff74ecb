import Foundation
import TandemPartners
import Vapor

/// The filters of a list page: one date range (`from`, `to`: ISO days in the query string, both
/// included) and a few named choices. Shared by the incidents, audit log, partners and imports
/// lists so every list filters the same way; new list pages adopt it with `parse` and `form`.
struct ListFilter: Sendable, Equatable {
    var from: LocalDate? = nil
    var to: LocalDate? = nil
    var choices: [String: String] = [:]

    /// Reads `from`, `to` and the named choices; an unreadable date is ignored (and said so on the form).
    static func parse(_ req: Request, choices names: [String] = []) -> ListFilter {
        var filter = ListFilter()
        filter.from = req.query[String.self, at: "from"].flatMap(LocalDate.init)
        filter.to = req.query[String.self, at: "to"].flatMap(LocalDate.init)
        if let from = filter.from, let to = filter.to, to < from { (filter.from, filter.to) = (to, from) }
        for name in names {
            if let value = req.query[String.self, at: name], !value.isEmpty { filter.choices[name] = value }
        }
        return filter
    }

    subscript(_ name: String) -> String? { choices[name] }

    var isEmpty: Bool { from == nil && to == nil && choices.isEmpty }

    /// True when the day lies in the range (an open end accepts everything on its side).
    func contains(_ day: LocalDate?) -> Bool {
        guard from != nil || to != nil else { return true }
        guard let day else { return false }
        if let from, day < from { return false }
        if let to, to < day { return false }
        return true
    }

    /// A moment, by its UTC day.
    func contains(_ moment: Date?) -> Bool { contains(moment.map { LocalDate(date: $0) }) }

    /// True when no choice is made for `name`, or the value is the one chosen.
    func matches(_ name: String, _ value: String) -> Bool { choices[name].map { $0 == value } ?? true }

    /// "from 1 Mar 2026 to 31 Mar 2026" for the page's summary line.
    var rangeText: String? {
        switch (from, to) {
        case let (from?, to?): ContactCentreFormat.dateRange(from, through: to)
        case let (from?, nil): "from \(from.display)"
        case let (nil, to?): "until \(to.display)"
        case (nil, nil): nil
        }
    }
}

enum ListFilterViews {
    typealias Choice = (name: String, label: String, options: [(String, String)])

    /// The shared filter bar: a date-range picker (two date inputs and quick ranges) and selects.
    static func form(_ url: SiteURL, _ filter: ListFilter, dateLabel: String = "Between", choices: [Choice] = [],
                     today: LocalDate = LocalDate(date: Date()), id: String = "list-filter") -> HTML {
        let selects: [HTML] = choices.map { choice in
            let options = choice.options.map { option in
                HTML("<option value=\"\(option.0)\"\(filter[choice.name] == option.0 || (option.0.isEmpty && filter[choice.name] == nil) ? HTML(" selected") : .empty)>\(option.1)</option>")
            }
            return "<div class=\"field\"><label for=\"\(id)-\(choice.name)\">\(choice.label)</label><select id=\"\(id)-\(choice.name)\" name=\"\(choice.name)\">\(options)</select></div>"
        }
        let kept = filter.choices.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let presets: [(String, LocalDate, LocalDate)] = [
            ("Last 7 days", today.adding(days: -6), today), ("Last 30 days", today.adding(days: -29), today),
            ("Last 90 days", today.adding(days: -89), today),
        ]
        let quick: [HTML] = presets.map { label, from, to in
            HTML("<a href=\"\(url.path(query: kept + [("from", from.description), ("to", to.description)]))\">\(label)</a>")
        } + [HTML("<a href=\"\(url.path(query: kept))\">Any time</a>")]
        return """
        <form method="get" action="\(url.path)" class="filters date-range" id="\(id)">
        <fieldset class="range"><legend>\(dateLabel)</legend>
        <label for="\(id)-from" class="sr">From</label><input type="date" id="\(id)-from" name="from" value="\(filter.from?.description ?? "")" aria-label="From">
        <span>and</span>
        <label for="\(id)-to" class="sr">To</label><input type="date" id="\(id)-to" name="to" value="\(filter.to?.description ?? "")" aria-label="To">
        </fieldset>
        \(selects)
        <div class="actions"><button type="submit" class="secondary">Filter</button></div>
        <p class="quick-ranges">\(quick.map { HTML("\($0) ") })</p>
        </form>
        """
    }
}
