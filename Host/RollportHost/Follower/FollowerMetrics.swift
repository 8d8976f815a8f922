import CoreMetrics
import Synchronization

/// The follower's metrics, through swift-metrics: whichever backend the factory belongs to
/// (the `rollport run` command gives a Prometheus one) names them as written here.
///
/// Handles are made once per label set and kept, because making one takes the backend's lock
/// and a lookup by name.
public final class FollowerMetrics: Sendable {
    public static let namePrefix = "rollport_"

    /// Label (metric name) of every histogram, with the buckets it wants, for backends that
    /// take buckets per name.
    public static let durationBuckets: [String: [Duration]] = [
        "rollport_adapter_call_duration_seconds": [.microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500),
                                                   .milliseconds(1), .milliseconds(2.5), .milliseconds(5), .milliseconds(10),
                                                   .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1)],
        "rollport_block_process_duration_seconds": [.milliseconds(1), .milliseconds(2.5), .milliseconds(5), .milliseconds(10),
                                                    .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
                                                    .milliseconds(500), .seconds(1), .seconds(5)],
    ]
    public static let valueBuckets: [String: [Double]] = [
        "rollport_l1_reorg_depth_blocks": [1, 2, 4, 8, 16, 32, 64, 128],
    ]

    private let factory: any MetricsFactory
    let l1Head: Gauge
    let cursor: Gauge
    let safe: Gauge
    let itemsRouted: Counter
    let reorgs: Counter
    let reorgDepth: Recorder
    let blocksReverted: Counter
    let retries: Counter
    let blockDuration: Timer

    private struct Labelled {
        var counters: [[String]: Counter] = [:]
        var gauges: [[String]: Gauge] = [:]
        var timers: [[String]: Timer] = [:]
    }

    private let labelled = Mutex(Labelled())

    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
        l1Head = Gauge(label: "rollport_l1_head_number", factory: factory)
        cursor = Gauge(label: "rollport_l1_cursor_number", factory: factory)
        safe = Gauge(label: "rollport_l1_safe_number", factory: factory)
        itemsRouted = Counter(label: "rollport_items_routed_total", factory: factory)
        reorgs = Counter(label: "rollport_l1_reorgs_total", factory: factory)
        reorgDepth = Recorder(label: "rollport_l1_reorg_depth_blocks", factory: factory)
        blocksReverted = Counter(label: "rollport_l1_blocks_reverted_total", factory: factory)
        retries = Counter(label: "rollport_l1_source_retries_total", factory: factory)
        blockDuration = Timer(label: "rollport_block_process_duration_seconds", factory: factory)
    }

    /// `rollport_items_claimed_total{adapter, kind}`.
    func claimed(adapter: String, kind: String) -> Counter {
        counter("rollport_items_claimed_total", ["adapter", "kind"], [adapter, kind])
    }

    /// `rollport_records_stored_total{chain, kind}`.
    func recordsStored(chain: String, kind: String) -> Counter {
        counter("rollport_records_stored_total", ["chain", "kind"], [chain, kind])
    }

    /// `rollport_adapter_errors_total{adapter, fn, status}`: a call that did not return OK.
    func adapterError(adapter: String, function: String, status: String) -> Counter {
        counter("rollport_adapter_errors_total", ["adapter", "fn", "status"], [adapter, function, status])
    }

    /// `rollport_adapter_call_duration_seconds{adapter, fn}`: handle (one item's decode), commit, revert.
    func callDuration(adapter: String, function: String) -> Timer {
        labelled.withLock { l in
            let key = ["call", adapter, function]
            if let t = l.timers[key] { return t }
            let t = Timer(label: "rollport_adapter_call_duration_seconds", dimensions: [("adapter", adapter), ("fn", function)], factory: factory)
            l.timers[key] = t
            return t
        }
    }

    /// `rollport_chain_finished_l1_block{chain}`, `rollport_chain_lag_blocks{chain}` and
    /// `rollport_chain_stored{chain, what}`.
    func chainGauge(_ name: String, chain: String, what: String? = nil) -> Gauge {
        labelled.withLock { l in
            let key = [name, chain, what ?? ""]
            if let g = l.gauges[key] { return g }
            var dimensions = [("chain", chain)]
            if let what { dimensions.append(("what", what)) }
            let g = Gauge(label: name, dimensions: dimensions, factory: factory)
            l.gauges[key] = g
            return g
        }
    }

    private func counter(_ name: String, _ labels: [String], _ values: [String]) -> Counter {
        labelled.withLock { l in
            let key = [name] + values
            if let c = l.counters[key] { return c }
            let c = Counter(label: name, dimensions: Array(zip(labels, values)), factory: factory)
            l.counters[key] = c
            return c
        }
    }
}

extension Timer {
    public func record(_ duration: Duration) { recordNanoseconds(duration.nanoseconds) }
}
