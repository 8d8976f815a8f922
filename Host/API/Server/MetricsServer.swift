import Foundation
import Hummingbird
import Logging
import Prometheus
import RollportHost
import RollportToolkit

/// Prometheus metrics at `GET /metrics` and the health check at `GET /healthz`.
///
/// The host's own metrics come through swift-metrics into `registry`; the ones adapters define
/// through `rollport.host.metrics/1` are written after them, as `rollport_adapter_<adapter>_…`.
public final class MetricsEndpoint: Sendable {
    public let registry: PrometheusCollectorRegistry
    public let factory: PrometheusMetricsFactory
    let up: Prometheus.Gauge
    let storeSize: Prometheus.Gauge

    public init(version: String, abi: String) {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = FollowerMetrics.durationBuckets
        factory.durationHistogramBuckets["rollport_rpc_request_duration_seconds"] = [
            .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
            .milliseconds(10), .milliseconds(25), .milliseconds(100), .seconds(1),
        ]
        factory.valueHistogramBuckets = FollowerMetrics.valueBuckets
        self.factory = factory
        up = registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "rollport", metricName: "up", unitName: "", helpText: "1 while the process serves"))
        up.set(1.0)
        registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "rollport", metricName: "info", unitName: "", helpText: "the host's version and C ABI"),
                           labels: [("version", version), ("abi", abi)]).set(1.0)
        storeSize = registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "rollport", subsystem: "store", metricName: "size", unitName: "bytes",
                                                                        helpText: "bytes of the data directory's files"))
    }

    /// The exposition text: the registry, then the adapters' metrics.
    public func render(store: ChainStore?, adapters: [AdapterInstance]) -> [UInt8] {
        if let store { storeSize.set(Double(Self.directorySize(store.directory))) }
        var out = registry.emitToBuffer()
        for adapter in adapters { out += Array(Self.render(adapter.metrics).utf8) }
        return out
    }

    static func render(_ metrics: AdapterMetrics) -> String {
        var out = ""
        for series in metrics.series {
            let type = switch series.type {
            case .counter: "counter"
            case .gauge: "gauge"
            case .histogram: "summary"
            }
            if !series.help.isEmpty { out += "# HELP \(series.name) \(series.help.replacingOccurrences(of: "\n", with: " "))\n" }
            out += "# TYPE \(series.name) \(type)\n"
            for chain in series.values.keys.sorted() {
                let label = chain.isEmpty ? "" : "{chain=\"\(escape(chain))\"}"
                let value = series.values[chain] ?? 0
                if series.type == .histogram {
                    out += "\(series.name)_sum\(label) \(value)\n"
                    out += "\(series.name)_count\(label) \(series.observations[chain] ?? 0)\n"
                } else {
                    out += "\(series.name)\(label) \(value)\n"
                }
            }
        }
        return out
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func directorySize(_ path: String) -> Int {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: path) else { return 0 }
        return names.reduce(0) { total, name in
            let size = (try? fm.attributesOfItem(atPath: path + "/" + name)[.size] as? NSNumber)?.intValue ?? 0
            return total + size
        }
    }

    public func router(service: APIService) -> Hummingbird.Router<BasicRequestContext> {
        let router = Hummingbird.Router()
        router.get("/metrics") { [self] _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(bytes: render(store: service.store, adapters: service.adapters))))
        }
        router.get("/healthz") { _, _ -> Response in
            let health = Health.evaluate(store: service.store, status: service.status, settings: service.settings)
            return .json(Array(health.json.compact.utf8), status: health.healthy ? .ok : .serviceUnavailable)
        }
        return router
    }

    public func start(service: APIService, host: String, port: Int, logger: Logger) async throws(HTTPServer.StartError) -> HTTPServer {
        try await HTTPServer.start(router: router(service: service), host: host, port: port, what: "metrics server", logger: logger)
    }
}
