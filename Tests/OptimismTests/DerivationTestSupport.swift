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
            Issue.record("vectors: not found at \(TestPaths.vectorsCandidate); set ROLLPORT_VECTORS", sourceLocation: sourceLocation)
        } else {
            print("vectors: absent at \(TestPaths.vectorsCandidate), skipping")
        }
        return nil
    }

    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String { "vectors: cannot read \(path)" }
    }

    static func bytes(_ relative: String, in dir: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: dir + "/" + relative) else { throw Missing(path: dir + "/" + relative) }
        return [UInt8](data)
    }

    static func hexFile(_ relative: String, in dir: String) throws -> [UInt8] {
        let text = String(decoding: try bytes(relative, in: dir), as: UTF8.self)
        return try Hex.decode(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    static func json(_ relative: String, in dir: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(try bytes(relative, in: dir)))
        return try #require(object as? [String: Any], "\(relative) is not a JSON object")
    }
}

extension Dictionary where Key == String, Value == Any {
    func int(_ key: String) -> Int? { self[key] as? Int }
    func uint64(_ key: String) -> UInt64? { (self[key] as? NSNumber)?.uint64Value }
    func string(_ key: String) -> String? { self[key] as? String }
    func object(_ key: String) -> [String: Any]? { self[key] as? [String: Any] }
    func objects(_ key: String) -> [[String: Any]]? { self[key] as? [[String: Any]] }
}
