import RollportToolkit

/// What routing one item gave, as the JSON that `rollport route --json` prints and the API's
/// `rollport_route` returns: `{"claimed", "adapter"?, "chain"?, "kind"?, "status"?, "records"?,
/// "reason"? | "error"?, "hash"?, "from"?}`.
public struct RouteReport: Sendable {
    public enum Verdict: Sendable, Equatable {
        /// Claimed and handled.
        case handled
        /// No adapter claimed it, or its adapter found it provably wrong.
        case negative
        /// The item or its payload is malformed, or the manifests conflict.
        case malformed
    }

    public var members: [(String, JSONValue)]
    public var verdict: Verdict
    public var records: [Record]

    public init(_ dispatch: Router.Dispatch, router: Router, item: L1Item) {
        records = []
        switch dispatch.outcome {
        case .unmatched:
            members = [("claimed", .bool(false)), ("reason", .string("no rule of an enabled chain matches"))]
            verdict = .negative
        case .declined(let errors):
            members = [("claimed", .bool(false)), ("reason", .string("rules matched but no adapter confirmed")),
                       ("errors", .array(errors.map { .string($0) }))]
            verdict = .negative
        case .conflict(let claimants):
            members = [("claimed", .bool(false)), ("error", .string(router.describeConflict(claimants).message))]
            verdict = .malformed
        case .claimed(let c):
            let result = dispatch.result
            records = result?.records ?? []
            members = [("claimed", .bool(true)), ("adapter", .string(c.adapter.id)), ("chain", .string(c.chain)),
                       ("kind", .string(c.kind.rawValue)), ("status", .string(result?.status.name ?? "unknown")),
                       ("records", .array(records.map(\.json)))]
            verdict = .handled
            if let result, result.status != .ok {
                members.append(("error", .string(result.message)))
                verdict = result.status == .verifyFailed ? .negative : .malformed
            }
        }
        if case .transaction(let t) = item, let from = t.transaction.from {
            // Shown because a raw transaction's sender is recovered rather than given.
            if let hash = t.transaction.hash { members.append(("hash", .string(hash.description))) }
            members.append(("from", .string(from.description)))
        }
    }

    public var json: JSONValue { .object(members) }
}
