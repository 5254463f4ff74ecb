import Foundation
import TandemPartners
import TandemSelection
import TandemStaffing
import Vapor

/// Form pieces the selection pages share: checkbox groups, the event form and its parsing.
enum SelectionForms {
    /// A group of checkboxes named `prefix_value`, one per option.
    static func checkboxes(_ prefix: String, _ label: String, _ options: [(value: String, label: String)], selected: Set<String>, error: String?) -> HTML {
        let boxes = options.map { o in
            HTML("<label class=\"check\"><input type=\"checkbox\" name=\"\(prefix)_\(o.value)\"\(selected.contains(o.value) ? HTML(" checked") : .empty)> \(o.label)</label>")
        }
        return """
        <fieldset class="field\(error != nil ? " has-error" : "")"><legend>\(label)</legend>\(boxes)
        \(error.map { HTML("<p class=\"field-error\">\(label) \($0)</p>") } ?? .empty)</fieldset>
        """
    }

    static func picked<T: CaseIterable & RawRepresentable>(_ form: FormValues, _ prefix: String, _ type: T.Type) -> [T] where T.RawValue == String {
        T.allCases.filter { form.flag("\(prefix)_\($0.rawValue)") }
    }

    static func eventValues(_ e: SourcingEventDTO?) -> FormValues {
        guard let e else {
            return FormValues(["currency": "USD", "monthlyVolume": "0", "rfpQuestions": DiligenceService.defaultRFPQuestions.joined(separator: "\n")])
        }
        var values: [String: String] = [
            "title": e.title, "templateID": e.templateID.uuidString, "scope": e.scope, "monthlyVolume": String(e.monthlyVolume),
            "languages": e.languages.joined(separator: ", "), "monthlyBudget": e.monthlyBudget ?? "", "currency": e.currency,
            "startDate": e.startDate.description, "rfpQuestions": e.rfpQuestions.joined(separator: "\n"), "notes": e.notes, "status": e.status.rawValue,
        ]
        for c in e.channels { values["channel_\(c.rawValue)"] = "on" }
        for s in e.shifts { values["shift_\(s.rawValue)"] = "on" }
        for l in e.locationPreference { values["location_\(l.rawValue)"] = "on" }
        return FormValues(values)
    }

    static func eventForm(action: SiteURL, values: FormValues, errors: FieldErrors, templates: [EvaluationTemplateDTO], withStatus: Bool, csrf: String, submit: String) -> HTML {
        let selected = { (prefix: String) in Set(values.values.keys.filter { $0.hasPrefix(prefix + "_") && values.flag($0) }.map { String($0.dropFirst(prefix.count + 1)) }) }
        func field(_ f: FormField) -> HTML { FormRenderer.field(f, value: values[f.name], error: errors[f.name]) }
        let summary: HTML = errors.isEmpty ? .empty : "<div class=\"error-summary\" role=\"alert\"><strong>Please correct the highlighted fields.</strong></div>"
        return """
        <form method="post" action="\(action.path)" class="stacked" novalidate>
        \(summary)
        \(Components.csrfField(csrf))
        \(field(FormField(name: "title", label: "Title", hint: "e.g. Nearshore chat and email, 2027", required: true)))
        \(field(FormField(name: "templateID", label: "Evaluation template", kind: .select(templates.map { ($0.id.uuidString, $0.name) }), required: true)))
        \(field(FormField(name: "scope", label: "What is to be outsourced", kind: .textarea, hint: "Queues or lines of business, e.g. Orders & delivery chat, Returns chat.", required: true)))
        \(checkboxes("channel", "Channels", FormRenderer.options(ChannelKind.self, label: \.label), selected: selected("channel"), error: errors["channels"]))
        \(checkboxes("shift", "Shifts", Shift.allCases.map { ($0.rawValue, $0.rawValue.capitalized) }, selected: selected("shift"), error: errors["shifts"]))
        \(field(FormField(name: "monthlyVolume", label: "Contacts a month", kind: .number, required: true)))
        \(field(FormField(name: "languages", label: "Languages", hint: "Comma-separated language tags, e.g. en, es-MX.", required: true)))
        \(checkboxes("location", "Location preference", FormRenderer.options(LocationType.self, label: \.label), selected: selected("location"), error: errors["locationPreference"]))
        \(field(FormField(name: "monthlyBudget", label: "Budget a month", hint: "An exact amount, e.g. 85000 or 85000.50; never shown to candidates.")))
        \(field(FormField(name: "currency", label: "Currency", hint: "Three letters, e.g. USD.")))
        \(field(FormField(name: "startDate", label: "Start date", kind: .date, required: true)))
        \(field(FormField(name: "rfpQuestions", label: "RFP questionnaire", kind: .textarea, hint: "One question a line. Each candidate's own users see these questions (and only these) and answer them in Tandem.")))
        \(field(FormField(name: "notes", label: "Notes", kind: .textarea, hint: "The client's own notes; candidates never see them.")))
        \(withStatus ? field(FormField(name: "status", label: "Status", kind: .select([(SourcingStatus.open.rawValue, "Open"), (SourcingStatus.cancelled.rawValue, "Cancelled")]))) : .empty)
        <div class="actions"><button type="submit">\(submit)</button></div>
        </form>
        """
    }

    static func eventInput(_ form: FormValues, errors: inout FieldErrors) -> SourcingEventInput? {
        let template = form.uuid("templateID", into: &errors)
        if form["templateID"].isEmpty { errors.add("templateID", "is required") }
        let volume = form.int("monthlyVolume", into: &errors)
        if form["monthlyVolume"].isEmpty { errors.add("monthlyVolume", "is required") }
        let start = form.date("startDate", into: &errors)
        if form["startDate"].isEmpty { errors.add("startDate", "is required") }
        let status = form.optional("status").flatMap(SourcingStatus.init(rawValue:))
        guard let template, let volume, let start else { return nil }
        return SourcingEventInput(title: form["title"], templateID: template, scope: form["scope"], channels: picked(form, "channel", ChannelKind.self),
                                  shifts: picked(form, "shift", Shift.self), monthlyVolume: volume, languages: Check.list(form["languages"]),
                                  locationPreference: picked(form, "location", LocationType.self), monthlyBudget: form["monthlyBudget"],
                                  currency: form.optional("currency"), startDate: start,
                                  rfpQuestions: (form.values["rfpQuestions"] ?? "").components(separatedBy: "\n"), notes: form.values["notes"] ?? "", status: status)
    }

    // MARK: Template criteria rows

    /// Rows of inputs named `c<i>_<field>`: the template's criteria and a few blank rows to add more.
    static func criteriaRows(_ values: FormValues, count: Int, errors: FieldErrors) -> HTML {
        let rows: [HTML] = (0..<count).map { i in
            func input(_ name: String, _ cls: String = "", _ type: String = "text") -> HTML {
                let key = "c\(i)_\(name)"
                let bad = errors["criteria[\(i)].\(name)"] != nil
                return "<input type=\"\(type)\" name=\"\(key)\" value=\"\(values[key])\"\(cls.isEmpty ? HTML.empty : HTML(" class=\"\(cls)\""))\(bad ? HTML(" aria-invalid=\"true\"") : .empty) aria-label=\"\(name) of criterion \(i + 1)\">"
            }
            let problems = ["name", "group", "weight", "scaleMax", "passMark", "guidance", "id"].compactMap { f in errors["criteria[\(i)].\(f)"].map { "\(f) \($0)" } }
            return """
            <tr><td><input type="hidden" name="c\(i)_id" value="\(values["c\(i)_id"])">\(input("group"))</td><td>\(input("name"))</td><td>\(input("guidance"))</td>
            <td>\(input("weight", "num"))</td><td>\(input("scaleMin", "num"))–\(input("scaleMax", "num"))</td><td>\(input("passMark", "num"))</td>
            <td>\(problems.isEmpty ? HTML.empty : HTML("<span class=\"field-error\">\(problems.joined(separator: "; "))</span>"))</td></tr>
            """
        }
        return """
        <table class="criteria-rows"><thead><tr><th>Group</th><th>Criterion</th><th>Guidance for evaluators</th><th>Weight</th><th>Scale</th><th>Knock-out pass mark</th><th></th></tr></thead>
        <tbody>\(rows)</tbody></table>
        <p class="hint">Weights are relative (they need not add up to 100). Leave a row's name empty to drop it. A pass mark makes the criterion a knock-out: a candidate whose mean score is below it is out of the ranking.</p>
        """
    }

    static func templateValues(_ t: EvaluationTemplateDTO?, blankRows: Int = 4) -> (FormValues, Int) {
        var values: [String: String] = ["disagreementThreshold": "25", "minimumCoverage": "50"]
        guard let t else {
            for i in 0..<8 { values["c\(i)_scaleMin"] = "1"; values["c\(i)_scaleMax"] = "5" }
            return (FormValues(values), 8)
        }
        values["name"] = t.name
        values["description"] = t.description
        values["disagreementThreshold"] = SelectionFormat.number(t.disagreementThreshold * 100)
        values["minimumCoverage"] = SelectionFormat.number(t.minimumCoverage * 100)
        for (i, c) in t.criteria.enumerated() {
            values["c\(i)_id"] = c.id.uuidString
            values["c\(i)_group"] = c.group
            values["c\(i)_name"] = c.name
            values["c\(i)_guidance"] = c.guidance
            values["c\(i)_weight"] = SelectionFormat.number(c.weight)
            values["c\(i)_scaleMin"] = SelectionFormat.number(c.scaleMin)
            values["c\(i)_scaleMax"] = SelectionFormat.number(c.scaleMax)
            values["c\(i)_passMark"] = c.passMark.map(SelectionFormat.number) ?? ""
        }
        let count = t.criteria.count + (t.locked ? 0 : blankRows)
        for i in t.criteria.count..<count { values["c\(i)_scaleMin"] = "1"; values["c\(i)_scaleMax"] = "5" }
        return (FormValues(values), count)
    }

    /// Reads the criteria rows back; a row without a name is dropped.
    static func templateInput(_ form: FormValues, errors: inout FieldErrors) -> EvaluationTemplateInput {
        func number(_ key: String, _ errorKey: String) -> Double? {
            let raw = form[key]
            if raw.isEmpty { return nil }
            guard let value = Double(raw.replacingOccurrences(of: ",", with: ".")), value.isFinite else { errors.add(errorKey, "must be a number"); return nil }
            return value
        }
        let indices = Set(form.values.keys.compactMap { key -> Int? in
            guard key.hasPrefix("c"), let underscore = key.firstIndex(of: "_") else { return nil }
            return Int(key[key.index(after: key.startIndex)..<underscore])
        }).sorted()
        var criteria: [CriterionInput] = []
        for i in indices where !form["c\(i)_name"].isEmpty {
            let n = criteria.count
            criteria.append(CriterionInput(id: UUID(uuidString: form["c\(i)_id"]), group: form["c\(i)_group"], name: form["c\(i)_name"], guidance: form["c\(i)_guidance"],
                                           weight: number("c\(i)_weight", "criteria[\(n)].weight") ?? 0, scaleMin: number("c\(i)_scaleMin", "criteria[\(n)].scaleMax"),
                                           scaleMax: number("c\(i)_scaleMax", "criteria[\(n)].scaleMax"), passMark: number("c\(i)_passMark", "criteria[\(n)].passMark")))
        }
        let threshold = number("disagreementThreshold", "disagreementThreshold").map { $0 / 100 }
        let coverage = number("minimumCoverage", "minimumCoverage").map { $0 / 100 }
        return EvaluationTemplateInput(name: form["name"], description: form.values["description"] ?? "", disagreementThreshold: threshold,
                                       minimumCoverage: coverage, criteria: criteria)
    }

    /// Errors keyed by criterion index in the input map back onto the form's rows (blank rows were dropped).
    static func rowErrors(_ errors: FieldErrors, form: FormValues) -> FieldErrors {
        let indices = Set(form.values.keys.compactMap { key -> Int? in
            guard key.hasPrefix("c"), let underscore = key.firstIndex(of: "_") else { return nil }
            return Int(key[key.index(after: key.startIndex)..<underscore])
        }).sorted().filter { !form["c\($0)_name"].isEmpty }
        var out = FieldErrors()
        for (field, message) in errors.messages {
            if field.hasPrefix("criteria["), let close = field.firstIndex(of: "]"),
               let n = Int(field[field.index(field.startIndex, offsetBy: 9)..<close]), n < indices.count {
                out.add("criteria[\(indices[n])]" + field[close...].dropFirst(), message)
            } else {
                out.add(field, message)
            }
        }
        return out
    }
}
