import Foundation

/// Reading files of the shared vectors by their path inside an area folder.
public enum VectorFiles {
    public struct Missing: Error, CustomStringConvertible {
        public let path: String
        public init(path: String) { self.path = path }
        public var description: String { "vectors: cannot read \(path)" }
    }

    /// What to say when the vectors are absent: a failure on CI, a skip elsewhere.
    public static var absenceMessage: String {
        "vectors: not found at \(TestPaths.vectorsCandidate); set ROLLPORT_VECTORS"
    }

    public static func bytes(_ relative: String, in dir: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: dir + "/" + relative) else { throw Missing(path: dir + "/" + relative) }
        return [UInt8](data)
    }
}
