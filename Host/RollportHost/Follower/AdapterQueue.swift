import Foundation

/// The one thread adapter calls run on. Adapters may block inside host services (an L1 read,
/// a slow kv), so their calls stay off Swift's cooperative pool, and one thread keeps the
/// [host-serial] calls of every adapter in order.
final class AdapterQueue: Sendable {
    private let queue = DispatchQueue(label: "rollport.adapters", qos: .userInitiated)

    func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: body()) }
        }
    }
}
