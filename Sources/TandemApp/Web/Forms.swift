import Foundation
import TandemPartners
import Vapor

/// The submitted fields of a web form, as strings.
struct FormValues: Sendable {
    var values: [String: String]

    init(_ values: [String: String] = [:]) { self.values = values }

    static func from(_ request: Request) throws -> FormValues {
        FormValues((try? request.content.decode([String: String].self)) ?? [:])
    }

    /// Trimmed value, `""` when absent.
    subscript(name: String) -> String { values[name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "" }

    func optional(_ name: String) -> String? { self[name].isEmpty ? nil : self[name] }

    /// Checkboxes are absent when unticked.
    func flag(_ name: String) -> Bool { ["on", "true", "1", "yes"].contains(self[name].lowercased()) }

    func int(_ name: String, into errors: inout FieldErrors) -> Int? {
        let raw = self[name]
        if raw.isEmpty { return nil }
        guard let value = Int(raw) else { errors.add(name, "must be a whole number"); return nil }
        return value
    }

    func uuid(_ name: String, into errors: inout FieldErrors) -> UUID? {
        let raw = self[name]
        if raw.isEmpty { return nil }
        guard let value = UUID(uuidString: raw) else { errors.add(name, "is not a valid choice"); return nil }
        return value
    }

    func choice<T: RawRepresentable>(_ name: String, _ type: T.Type, into errors: inout FieldErrors) -> T? where T.RawValue == String {
        let raw = self[name]
        if raw.isEmpty { errors.add(name, "is required"); return nil }
        guard let value = T(rawValue: raw) else { errors.add(name, "is not a valid choice"); return nil }
        return value
    }

    func date(_ name: String, into errors: inout FieldErrors) -> LocalDate? {
        let raw = self[name]
        if raw.isEmpty { return nil }
        guard let value = LocalDate(raw) else { errors.add(name, "must be a date as YYYY-MM-DD"); return nil }
        return value
    }
}

/// One input on a form, with its current value and any error to show beside it.
struct FormField: Sendable {
    enum Kind: Sendable {
        case text, email, password, number, date, textarea
        case select([(value: String, label: String)])
        case checkbox
    }

    let name: String
    let label: String
    var kind: Kind = .text
    var hint: String? = nil
    var required: Bool = false
}

enum FormRenderer {
    /// A complete form; errors appear under their fields and in a summary at the top.
    static func form(
        action: SiteURL, fields: [FormField], values: FormValues, errors: FieldErrors, csrf: String, submit: String
    ) -> HTML {
        let summary: HTML = errors.isEmpty ? .empty : """
            <div class="error-summary" role="alert"><strong>Please correct the highlighted fields.</strong></div>
            """
        return """
        <form method="post" action="\(action.path)" class="stacked" novalidate>
        \(summary)
        \(Components.csrfField(csrf))
        \(fields.map { field($0, value: values[$0.name], error: errors[$0.name]) })
        <div class="actions"><button type="submit">\(submit)</button></div>
        </form>
        """
    }

    static func field(_ field: FormField, value: String, error: String?) -> HTML {
        let id = "f-\(field.name)"
        let describedBy: HTML = error != nil ? " aria-invalid=\"true\" aria-describedby=\"\(id)-error\"" : .empty
        let required: HTML = field.required ? " required" : .empty
        let control: HTML
        switch field.kind {
        case .textarea:
            control = "<textarea id=\"\(id)\" name=\"\(field.name)\" rows=\"4\"\(describedBy)>\(value)</textarea>"
        case .select(let options):
            let rendered = options.map { option in
                HTML("<option value=\"\(option.value)\"\(option.value == value ? HTML(" selected") : .empty)>\(option.label)</option>")
            }
            control = "<select id=\"\(id)\" name=\"\(field.name)\"\(describedBy)\(required)>\(rendered)</select>"
        case .checkbox:
            let checked: HTML = ["on", "true", "1"].contains(value) ? " checked" : .empty
            control = "<input type=\"checkbox\" id=\"\(id)\" name=\"\(field.name)\"\(checked)\(describedBy)>"
        case .text, .email, .password, .number, .date:
            let type: String = switch field.kind {
            case .email: "email"
            case .password: "password"
            case .number: "number"
            case .date: "date"
            default: "text"
            }
            let shown = field.kind == .password ? "" : value
            control = "<input type=\"\(type)\" id=\"\(id)\" name=\"\(field.name)\" value=\"\(shown)\"\(describedBy)\(required)>"
        }
        return """
        <div class="field\(error != nil ? " has-error" : "")">
        <label for="\(id)">\(field.label)\(field.required ? HTML(" <span class=\"req\" aria-hidden=\"true\">*</span>") : .empty)</label>
        \(control)
        \(field.hint.map { HTML("<p class=\"hint\">\($0)</p>") } ?? .empty)
        \(error.map { HTML("<p class=\"field-error\" id=\"\(id)-error\">\(field.label) \($0)</p>") } ?? .empty)
        </div>
        """
    }

    static func options<T: CaseIterable & RawRepresentable>(_ type: T.Type, label: (T) -> String, blank: String? = nil) -> [(value: String, label: String)] where T.RawValue == String {
        (blank.map { [("", $0)] } ?? []) + type.allCases.map { ($0.rawValue, label($0)) }
    }
}

extension FormField.Kind: Equatable {
    static func == (a: Self, b: Self) -> Bool {
        switch (a, b) {
        case (.text, .text), (.email, .email), (.password, .password), (.number, .number),
             (.date, .date), (.textarea, .textarea), (.checkbox, .checkbox), (.select, .select): true
        default: false
        }
    }
}
