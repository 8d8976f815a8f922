#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The calls during which an adapter may not write its key-value store: `claim` (it must be
/// side-effect free) and a `rollport.batch/1` decode (nothing is stored). Marked per thread:
/// rollport.h allows kv writes only from the thread of the current call, so a mark on that
/// thread is exact even while other calls of the same instance run on other threads.
enum KeyValueWriteGuard {
    enum Call: Int {
        case claim = 1
        case batchDecode = 2

        var name: String {
            switch self {
            case .claim: return "claim()"
            case .batchDecode: return "rollport.batch/1 decode()"
            }
        }
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// The read-only call running on this thread, if any.
    static var current: Call? {
        guard let mark = pthread_getspecific(key) else { return nil }
        return Call(rawValue: Int(bitPattern: mark))
    }

    static func readOnly<R>(during call: Call, _ body: () -> R) -> R {
        let previous = pthread_getspecific(key)
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: call.rawValue))
        defer { pthread_setspecific(key, previous) }
        return body()
    }
}
