import Fluent

/// The tables of partner selection (issue 15), in the order they are created.
enum SelectionMigrations {
    static let all: [any Migration] = [
        CreateEvaluationTemplate(), CreateTemplateCriterion(), CreateSourcingEvent(), CreateSourcingCandidate(), CreateSourcingEvaluator(),
        CreateEvaluation(), CreateEvaluationScore(), CreateRFPAnswer(), CreateReferenceCheck(), CreateReferenceAnswer(),
        CreateSiteVisit(), CreateVisitObservation(), CreateVisitPhoto(), CreateSelectionDecision(),
    ]
}

struct CreateEvaluationTemplate: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("evaluation_templates")
            .id()
            .field("name", .string, .required)
            .field("description", .string, .required)
            .field("disagreement_threshold", .double, .required)
            .field("minimum_coverage", .double, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "name")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("evaluation_templates").delete() }
}

struct CreateTemplateCriterion: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("template_criteria")
            .id()
            .field("template_id", .uuid, .required, .references("evaluation_templates", "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("group_name", .string, .required)
            .field("name", .string, .required)
            .field("guidance", .string, .required)
            .field("weight", .double, .required)
            .field("scale_min", .double, .required)
            .field("scale_max", .double, .required)
            .field("pass_mark", .double)
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("template_criteria").delete() }
}

struct CreateSourcingEvent: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sourcing_events")
            .id()
            .field("title", .string, .required)
            .field("template_id", .uuid, .required, .references("evaluation_templates", "id"))
            .field("status", .string, .required)
            .field("scope", .string, .required)
            .field("channels", .string, .required)
            .field("shifts", .string, .required)
            .field("monthly_volume", .int, .required)
            .field("languages", .string, .required)
            .field("location_preference", .string, .required)
            .field("monthly_budget", .string, .required)
            .field("currency", .string, .required)
            .field("start_on", .string, .required)
            .field("rfp_questions", .string, .required)
            .field("notes", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "title")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("sourcing_events").delete() }
}

struct CreateSourcingCandidate: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sourcing_candidates")
            .id()
            .field("event_id", .uuid, .required, .references("sourcing_events", "id", onDelete: .cascade))
            .field("partner_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("added_at", .datetime, .required)
            .unique(on: "event_id", "partner_id")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("sourcing_candidates").delete() }
}

struct CreateSourcingEvaluator: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sourcing_evaluators")
            .id()
            .field("event_id", .uuid, .required, .references("sourcing_events", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .unique(on: "event_id", "user_id")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("sourcing_evaluators").delete() }
}

struct CreateEvaluation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("evaluations")
            .id()
            .field("event_id", .uuid, .required, .references("sourcing_events", "id", onDelete: .cascade))
            .field("partner_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("evaluator_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("comment", .string, .required)
            .field("submitted_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "event_id", "partner_id", "evaluator_id")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("evaluations").delete() }
}

struct CreateEvaluationScore: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("evaluation_scores")
            .id()
            .field("evaluation_id", .uuid, .required, .references("evaluations", "id", onDelete: .cascade))
            .field("criterion_id", .uuid, .required, .references("template_criteria", "id", onDelete: .cascade))
            .field("score", .double, .required)
            .unique(on: "evaluation_id", "criterion_id")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("evaluation_scores").delete() }
}

struct CreateRFPAnswer: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("rfp_answers")
            .id()
            .field("event_id", .uuid, .required, .references("sourcing_events", "id", onDelete: .cascade))
            .field("partner_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("question", .string, .required)
            .field("answer", .string, .required)
            .field("answered_by", .string, .required)
            .field("answered_at", .datetime, .required)
            .unique(on: "event_id", "partner_id", "position")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("rfp_answers").delete() }
}

struct CreateReferenceCheck: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("reference_checks")
            .id()
            .field("event_id", .uuid, .required, .references("sourcing_events", "id", onDelete: .cascade))
            .field("partner_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("referee_name", .string, .required)
            .field("referee_company", .string, .required)
            .field("referee_role", .string, .required)
            .field("checked_on", .string, .required)
            .field("red_flags", .string, .required)
            .field("checked_by", .string, .required)
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("reference_checks").delete() }
}

struct CreateReferenceAnswer: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("reference_answers")
            .id()
            .field("reference_id", .uuid, .required, .references("reference_checks", "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("question", .string, .required)
            .field("answer", .string, .required)
            .unique(on: "reference_id", "position")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("reference_answers").delete() }
}

struct CreateSiteVisit: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("site_visits")
            .id()
            .field("event_id", .uuid, .required, .references("sourcing_events", "id", onDelete: .cascade))
            .field("partner_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("site_id", .uuid, .references("sites", "id", onDelete: .setNull))
            .field("location", .string, .required)
            .field("visited_on", .string, .required)
            .field("visitors", .string, .required)
            .field("notes", .string, .required)
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("site_visits").delete() }
}

struct CreateVisitObservation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("visit_observations")
            .id()
            .field("visit_id", .uuid, .required, .references("site_visits", "id", onDelete: .cascade))
            .field("observation", .string, .required)
            .field("finding", .string, .required)
            .field("note", .string, .required)
            .unique(on: "visit_id", "observation")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("visit_observations").delete() }
}

struct CreateVisitPhoto: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("visit_photos")
            .id()
            .field("visit_id", .uuid, .required, .references("site_visits", "id", onDelete: .cascade))
            .field("file_name", .string, .required)
            .field("media_type", .string, .required)
            .field("caption", .string, .required)
            .field("size", .int, .required)
            .field("bytes", .data, .required)
            .field("uploaded_by", .string, .required)
            .field("uploaded_at", .datetime, .required)
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("visit_photos").delete() }
}

struct CreateSelectionDecision: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("selection_decisions")
            .id()
            .field("event_id", .uuid, .required, .references("sourcing_events", "id", onDelete: .cascade))
            .field("partner_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("decided_by_id", .uuid)
            .field("decided_by", .string, .required)
            .field("decided_at", .datetime, .required)
            .field("rationale", .string, .required)
            .field("trade_offs", .string, .required)
            .field("ranking", .string, .required)
            .unique(on: "event_id")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("selection_decisions").delete() }
}
