import Crypto
import Fluent
import Foundation
import TandemContracts
import TandemPartners
import Vapor

struct ContractDocumentDTO: Content, Equatable {
    let id: UUID
    let partnerID: UUID
    let fileName: String
    let kind: DocumentKind
    let mediaType: String
    let sizeBytes: Int
    let sha256: String
    let note: String
    let uploadedBy: String
    let uploadedAt: Date?
}

/// Files attached to a contract: checked by their content (the domain's `DocumentContent`), size-
/// limited, kept in the database, and served only to those who can see the partner.
enum DocumentService {
    static let maxBytes = DocumentContent.defaultMaxBytes
    /// The upload routes accept the file plus the multipart envelope around it.
    static let uploadLimit: ByteCount = ByteCount(value: maxBytes + 1_048_576)

    static func dto(_ d: ContractDocument) -> ContractDocumentDTO {
        let kind = DocumentKind(rawValue: d.kind) ?? .text
        return ContractDocumentDTO(id: d.id!, partnerID: d.partnerID, fileName: d.fileName, kind: kind, mediaType: kind.mediaType, sizeBytes: d.sizeBytes,
                                   sha256: d.sha256, note: d.note, uploadedBy: d.uploadedBy, uploadedAt: d.uploadedAt)
    }

    static func list(partnerID: UUID, on db: any Database) async throws -> [ContractDocumentDTO] {
        // The content column is left out: listing never reads the files themselves.
        try await ContractDocument.query(on: db).filter(\.$partnerID == partnerID)
            .field(\.$id).field(\.$contract.$id).field(\.$partnerID).field(\.$fileName).field(\.$kind).field(\.$sizeBytes).field(\.$sha256)
            .field(\.$note).field(\.$uploadedBy).field(\.$uploadedAt).sort(\.$uploadedAt).all().map(dto)
    }

    static func require(_ id: UUID, scope: PartnerScope, on db: any Database) async throws -> ContractDocument {
        try scope.require(try await ContractDocument.find(id, on: db), owner: \.partnerID, notFound: "No such document.")
    }

    /// Stores a file once its content proves to be what its name says; anything else changes nothing.
    static func upload(_ bytes: [UInt8], fileName: String, note: String, partner: Partner, by actor: Actor, on db: any Database) async throws -> ContractDocument {
        let name = (fileName as NSString).lastPathComponent.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { throw ContractInputError("file_name", "is required") }
        if name.count > 200 { throw ContractInputError("file_name", "must be at most 200 characters") }
        let kind = try DocumentContent.check(bytes, fileName: name, maxBytes: maxBytes)
        let partnerID = try partner.requireID()
        guard partner.kind == .partner else { throw ContractInputError("partner", "the in-house team has no outsourcing contract") }
        let document = ContractDocument()
        document.partnerID = partnerID
        document.fileName = name
        document.kind = kind.rawValue
        document.sizeBytes = bytes.count
        document.sha256 = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        document.content = Data(bytes)
        document.note = String(note.trimmingCharacters(in: .whitespacesAndNewlines).prefix(500))
        document.uploadedBy = actor.name
        try await db.transaction { tx in
            let contract: Contract
            if let found = try await ContractService.contract(of: partnerID, on: tx) { contract = found } else {
                contract = Contract()
                contract.$partner.id = partnerID
                contract.title = ContractService.defaultTitle(partner)
                try await contract.create(on: tx)
                try await AuditLog.created(contract, by: actor, on: tx)
            }
            document.$contract.id = try contract.requireID()
            try await document.create(on: tx)
            try await AuditLog.created(document, by: actor, on: tx)
        }
        return document
    }

    static func delete(_ document: ContractDocument, by actor: Actor, on db: any Database) async throws {
        try await AuditLog.delete(document, by: actor, on: db)
    }

    /// The file as a download, typed by what its content was found to be.
    static func response(_ document: ContractDocument) -> Response {
        let kind = DocumentKind(rawValue: document.kind) ?? .text
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: kind.mediaType)
        let safe = document.fileName.map { $0.isASCII && $0 != "\"" && $0 != "\\" && !$0.isNewline ? String($0) : "_" }.joined()
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(safe)\"")
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return Response(status: .ok, headers: headers, body: .init(data: document.content))
    }
}
