import Synchronization

/// Metrics an adapter defines through `rollport.host.metrics/1`, named
/// `rollport_adapter_<adapter>_<name>` with a `chain` label.
public final class AdapterMetrics: Sendable {
    public enum MetricType: UInt32, Sendable { case counter = 1, gauge = 2, histogram = 3 }

    public struct Series: Sendable {
        public var name: String
        public var help: String
        public var type: MetricType
        /// Per chain label: counter/gauge value, or histogram sum.
        public var values: [String: Double] = [:]
        public var observations: [String: Int] = [:]
    }

    private let prefix: String
    private let state = Mutex<(series: [Series], open: Bool)>(([], true))

    public init(adapterID: String) {
        let slug = adapterID.split(separator: ".").last.map(String.init) ?? adapterID
        prefix = "rollport_adapter_" + slug.map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined() + "_"
    }

    /// Definitions are accepted only until init returns.
    public func close() { state.withLock { $0.open = false } }

    public func define(type: UInt32, name: String, help: String) -> Int32 {
        guard let t = MetricType(rawValue: type), !name.isEmpty, name.count <= 100,
              name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) else { return -1 }
        return state.withLock { s in
            let full = prefix + name
            if let i = s.series.firstIndex(where: { $0.name == full }) { return s.series[i].type == t ? Int32(i) : -1 }
            guard s.open else { return -1 }
            s.series.append(Series(name: full, help: help, type: t))
            return Int32(s.series.count - 1)
        }
    }

    /// The three updates of `rollport.host.metrics/1`.
    public enum Update: Sendable { case add, set, observe }

    public func record(_ id: Int32, chain: String, value: Double, _ update: Update) {
        state.withLock { s in
            guard id >= 0, Int(id) < s.series.count, value.isFinite else { return }
            let i = Int(id)
            switch (update, s.series[i].type) {
            case (.add, .counter) where value >= 0, (.add, .gauge): s.series[i].values[chain, default: 0] += value
            case (.set, .gauge): s.series[i].values[chain] = value
            case (.observe, .histogram):
                s.series[i].values[chain, default: 0] += value
                s.series[i].observations[chain, default: 0] += 1
            default: break
            }
        }
    }

    public var series: [Series] { state.withLock { $0.series } }
}
