import Foundation
import TandemPartners
import Vapor

/// `/api/v1/channels` and `/api/v1/queues`: the shared catalogue.
enum CatalogueAPI {
    static func register(_ api: APIRoutes) {
        let tag = "Catalogue"
        api.add(.init(method: .GET, path: ["channels"], summary: "List channels", tag: tag, response: .array(.ref("Channel")))) { req in
            try req.requirePrincipal()
            return try await CatalogueService.channels(on: req.db)
        }
        api.add(.init(method: .POST, path: ["channels"], summary: "Create a channel", tag: tag, request: .ref("ChannelInput"), response: .ref("Channel"), successStatus: 201)) { req in
            let principal = try req.require(.editRegistry)
            let channel = try await CatalogueService.saveChannel(req.decodeJSON(ChannelInput.self), channel: nil, by: principal.actor, on: req.db)
            return Created(value: try await CatalogueService.channelDTO(channel, on: req.db))
        }
        api.add(.init(method: .GET, path: ["channels", ":channelID"], summary: "Get a channel", tag: tag, response: .ref("Channel"))) { req in
            try req.requirePrincipal()
            return try await CatalogueService.channelDTO(CatalogueService.requireChannel(req.id("channelID"), on: req.db), on: req.db)
        }
        api.add(.init(method: .PUT, path: ["channels", ":channelID"], summary: "Replace a channel", tag: tag, request: .ref("ChannelInput"), response: .ref("Channel"))) { req in
            let channel = try await CatalogueService.requireChannel(req.id("channelID"), on: req.db)
            let principal = try req.require(.editRegistry)
            let saved = try await CatalogueService.saveChannel(req.decodeJSON(ChannelInput.self), channel: channel, by: principal.actor, on: req.db)
            return try await CatalogueService.channelDTO(saved, on: req.db)
        }
        api.add(.init(method: .DELETE, path: ["channels", ":channelID"], summary: "Delete a channel without queues", tag: tag, response: nil, successStatus: 204)) { req -> HTTPStatus in
            let channel = try await CatalogueService.requireChannel(req.id("channelID"), on: req.db)
            let principal = try req.require(.editRegistry)
            try await CatalogueService.deleteChannel(channel, by: principal.actor, on: req.db)
            return .noContent
        }

        api.add(.init(method: .GET, path: ["queues"], summary: "List queues", tag: tag, response: .array(.ref("Queue")))) { req in
            try req.requirePrincipal()
            return try await CatalogueService.queues(on: req.db)
        }
        api.add(.init(method: .POST, path: ["queues"], summary: "Create a queue", tag: tag, request: .ref("QueueInput"), response: .ref("Queue"), successStatus: 201)) { req in
            let principal = try req.require(.editRegistry)
            let queue = try await CatalogueService.saveQueue(req.decodeJSON(QueueInput.self), queue: nil, by: principal.actor, on: req.db)
            return Created(value: CatalogueService.dto(queue))
        }
        api.add(.init(method: .GET, path: ["queues", ":queueID"], summary: "Get a queue", tag: tag, response: .ref("Queue"))) { req in
            try req.requirePrincipal()
            return CatalogueService.dto(try await CatalogueService.requireQueue(req.id("queueID"), on: req.db))
        }
        api.add(.init(method: .PUT, path: ["queues", ":queueID"], summary: "Replace a queue", tag: tag, request: .ref("QueueInput"), response: .ref("Queue"))) { req in
            let queue = try await CatalogueService.requireQueue(req.id("queueID"), on: req.db)
            let principal = try req.require(.editRegistry)
            return CatalogueService.dto(try await CatalogueService.saveQueue(req.decodeJSON(QueueInput.self), queue: queue, by: principal.actor, on: req.db))
        }
        api.add(.init(method: .DELETE, path: ["queues", ":queueID"], summary: "Delete a queue", tag: tag, response: nil, successStatus: 204)) { req -> HTTPStatus in
            let queue = try await CatalogueService.requireQueue(req.id("queueID"), on: req.db)
            let principal = try req.require(.editRegistry)
            try await AuditLog.delete(queue, by: principal.actor, on: req.db)
            return .noContent
        }
    }

    static let schemas: [String: JSONSchema] = [
        "Channel": .object([("id", .uuid), ("name", .string()), ("kind", .enumeration(ChannelKind.self)), ("realTime", .boolean), ("queueCount", .integer(minimum: 0))],
                           required: ["id", "name", "kind", "realTime", "queueCount"]),
        "ChannelInput": .object([("name", .string(maxLength: 200)), ("kind", .enumeration(ChannelKind.self))], required: ["name", "kind"]),
        "Queue": .object([("id", .uuid), ("channelID", .uuid), ("channelName", .string()), ("name", .string()), ("code", .string()),
                          ("serviceLevelSeconds", .integer(minimum: 1)), ("active", .boolean)],
                         required: ["id", "channelID", "channelName", "name", "code", "serviceLevelSeconds", "active"]),
        "QueueInput": .object([("channelID", .uuid), ("name", .string(maxLength: 200)), ("code", .string(maxLength: 64, description: "letters, digits, - and _")),
                               ("serviceLevelSeconds", .nullable(.integer(minimum: 1, maximum: 604_800))), ("active", .nullable(.boolean))],
                              required: ["channelID", "name", "code"]),
    ]
}
