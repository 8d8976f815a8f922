import Foundation
import Testing
import RollportToolkit
import RollportTestSupport

/// The shared OP Stack vectors, found through `TestPaths` (ROLLPORT_VECTORS or ../shared/vectors).
enum OPVectors {
    /// The optimism vectors folder, or nil after saying it is absent (a failure on CI).
    static func locate(sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        if let root = TestPaths.vectors { return root + "/optimism" }
        if TestPaths.vectorsRequired {
            Issue.record(Comment(rawValue: VectorFiles.absenceMessage), sourceLocation: sourceLocation)
        } else {
            print("vectors: absent at \(TestPaths.vectorsCandidate), skipping")
        }
        return nil
    }

    static func bytes(_ relative: String, in dir: String) throws -> [UInt8] {
        try VectorFiles.bytes(relative, in: dir)
    }

    static func hexFile(_ relative: String, in dir: String) throws -> [UInt8] {
        let text = String(decoding: try bytes(relative, in: dir), as: UTF8.self)
        return try Hex.decode(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    static func json(_ relative: String, in dir: String) throws -> JSONValue {
        try JSONValue.parse(try bytes(relative, in: dir))
    }
}

/// Reading expected values; numbers keep their text, so 64-bit values survive.
extension JSONValue {
    var u64: UInt64? { if case .number(let t) = self { return UInt64(t) }; return nil }
    var int: Int? { if case .number(let t) = self { return Int(t) }; return nil }
    var string: String? { stringValue }
    var array: [JSONValue] { arrayValue ?? [] }
    var bytes: [UInt8]? { stringValue.flatMap { try? Hex.decode($0) } }
    var hash: Hash32? { stringValue.flatMap { try? Hash32(hex: $0) } }
    var ints: [Int] { array.compactMap(\.int) }
    var u64s: [UInt64] { array.compactMap(\.u64) }
    var bits: [Bool] { array.compactMap(\.int).map { $0 == 1 } }
}
