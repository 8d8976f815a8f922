import RollportToolkit

/// The 2048-bit bloom of receipts and headers: for each log, its address and each topic set
/// three bits taken from the first six bytes of their keccak256.
public struct LogsBloom: Sendable, Equatable {
    public private(set) var bytes = [UInt8](repeating: 0, count: 256)

    public init() {}

    public init(_ logs: some Sequence<L1Log>) {
        for log in logs { add(log) }
    }

    public mutating func add(_ log: L1Log) {
        add(log.address.bytes)
        for topic in log.topics { add(topic.bytes) }
    }

    public mutating func formUnion(_ other: LogsBloom) {
        for i in 0..<256 { bytes[i] |= other.bytes[i] }
    }

    private mutating func add(_ value: [UInt8]) {
        let h = Keccak256.hash(value).bytes
        for pair in stride(from: 0, to: 6, by: 2) {
            let bit = (Int(h[pair]) << 8 | Int(h[pair + 1])) & 2047
            bytes[255 - bit / 8] |= 1 << UInt8(bit % 8)
        }
    }
}
