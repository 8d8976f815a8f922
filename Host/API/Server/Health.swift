import RollportHost
import RollportToolkit

/// Whether the follower keeps up: `/healthz` answers 200 when healthy and 503 when not, with
/// this as its JSON body.
public struct Health: Sendable {
    public var healthy: Bool
    /// following, lagging, stalled, paused, stopped, starting, or not-following (a store served
    /// without a follower, which is healthy: it answers what it holds).
    public var state: String
    public var reason: String
    public var lagBlocks: UInt64?
    public var secondsSinceProgress: Double?

    public static func evaluate(store: ChainStore, status: FollowerStatus?, settings: APISettings, now: ContinuousClock.Instant = .now) -> Health {
        guard let status else {
            return Health(healthy: true, state: "not-following", reason: "serving the store without following L1")
        }
        let s = status.current
        let cursor = store.cursor?.number
        let lag = s.l1Head.map { head in cursor.map { head > $0 ? head - $0 : 0 } ?? head }
        let silence = s.lastProgress.map { (now - $0).seconds }
        var h = Health(healthy: false, state: s.phase.rawValue, reason: "", lagBlocks: lag, secondsSinceProgress: silence)
        switch s.phase {
        case .stopped:
            h.reason = "the follower stopped" + (s.lastError.map { ": \($0)" } ?? "")
        case .paused:
            h.reason = "the follower is paused (admin_pause); admin_resume continues it"
        case .starting:
            h.reason = "the follower has not reached the L1 source yet" + (s.lastError.map { ": \($0)" } ?? "")
        case .following:
            if s.l1Head == nil {
                h.state = "starting"
                h.reason = "the L1 head is not known yet" + (s.lastError.map { ": \($0)" } ?? "")
            } else if let silence, silence > settings.maxSilence.seconds {
                h.state = "stalled"
                h.reason = "nothing stored and no word from the L1 source for \(Int(silence)) s (budget \(Int(settings.maxSilence.seconds)) s)" + (s.lastError.map { ": \($0)" } ?? "")
            } else if let lag, lag > settings.maxLagBlocks {
                h.state = "lagging"
                h.reason = "\(lag) blocks behind the L1 head (budget \(settings.maxLagBlocks))"
            } else {
                h.healthy = true
                h.reason = "within \(settings.maxLagBlocks) blocks of the L1 head"
            }
        }
        return h
    }

    public var json: JSONValue {
        .object([
            ("healthy", .bool(healthy)), ("state", .string(state)), ("reason", .string(reason)),
            ("lagBlocks", lagBlocks.map { .number($0) } ?? .null),
            ("secondsSinceProgress", secondsSinceProgress.map { .number(($0 * 1000).rounded() / 1000) } ?? .null),
        ])
    }
}
