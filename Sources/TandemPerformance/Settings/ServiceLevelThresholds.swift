/// T per queue, in seconds (e.g. 20 s voice, 60 s chat). The caller owns the per-queue values;
/// a bare number literal means "the same T for every queue".
public struct ServiceLevelThresholds: Hashable, Sendable, Codable, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    public var defaultSeconds: Double
    public var secondsByQueue: [String: Double]

    public init(defaultSeconds: Double, secondsByQueue: [String: Double] = [:]) {
        self.defaultSeconds = defaultSeconds
        self.secondsByQueue = secondsByQueue
    }

    public init(integerLiteral value: Int) { self.init(defaultSeconds: Double(value)) }
    public init(floatLiteral value: Double) { self.init(defaultSeconds: value) }

    public func seconds(forQueue queueID: String) -> Double {
        secondsByQueue[queueID] ?? defaultSeconds
    }
}
