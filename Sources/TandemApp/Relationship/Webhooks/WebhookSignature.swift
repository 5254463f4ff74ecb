import Crypto
import Foundation

/// How a receiver knows a payload came from Tandem and was not altered or replayed later:
/// `Tandem-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
/// The receiver recomputes the HMAC over the timestamp, a full stop and the raw body bytes with
/// the subscription's secret, compares in constant time, and refuses a timestamp older than a
/// few minutes (docs/webhooks.md shows it in a few lines).
enum WebhookSignature {
    static let header = "Tandem-Signature"
    static let eventHeader = "Tandem-Event"
    static let eventIDHeader = "Tandem-Event-Id"
    static let deliveryHeader = "Tandem-Delivery"

    /// The hex HMAC-SHA256 of `"<timestamp>.<body>"` keyed with the secret's UTF-8 bytes.
    static func sign(body: Data, timestamp: Int, secret: String) -> String {
        var message = Data("\(timestamp).".utf8)
        message.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return Data(mac).map { String(format: "%02x", $0) }.joined()
    }

    static func headerValue(body: Data, timestamp: Int, secret: String) -> String {
        "t=\(timestamp),v1=\(sign(body: body, timestamp: timestamp, secret: secret))"
    }

    /// Checks a header as a receiver would (Tandem's own tests and anyone porting it).
    static func verify(header value: String, body: Data, secret: String, now: Date, tolerance: TimeInterval = 300) -> Bool {
        var timestamp: Int?
        var signatures: [String] = []
        for part in value.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            if pair[0] == "t" { timestamp = Int(pair[1]) }
            if pair[0] == "v1" { signatures.append(pair[1]) }
        }
        guard let timestamp, abs(now.timeIntervalSince1970 - Double(timestamp)) <= tolerance else { return false }
        let expected = sign(body: body, timestamp: timestamp, secret: secret)
        return signatures.contains { Secrets.constantTimeEquals($0, expected) }
    }
}
