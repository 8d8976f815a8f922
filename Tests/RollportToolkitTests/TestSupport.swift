import Foundation
import Testing
import RollportTestSupport
import RollportToolkit

/// Hex literal for test data; a typo in a literal is a bug in the test, so it traps.
func hex(_ text: String) -> [UInt8] {
    do { return try Hex.decode(text) } catch { fatalError("bad hex literal in test: \(error)") }
}

/// An RLP integer in Ethereum's quantity form (minimal big-endian, zero is the empty string).
func rlpInt(_ value: UInt64) -> RLP { .bytes(value.minimalBigEndianBytes) }

func rlpHex(_ text: String) -> RLP { .bytes(hex(text)) }

/// A 32-byte big-endian word (an ABI word, a storage value).
func word(_ value: UInt64) -> [UInt8] { [UInt8](repeating: 0, count: 24) + withUnsafeBytes(of: value.bigEndian, Array.init) }

/// Checks that `input` is rejected by the strict RLP decoder for `reason`, at header `offset`.
func expectRLPError(
    _ input: [UInt8], offset: Int, reason: RLP.DecodingError.Reason,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    do {
        let item = try RLP.decode(input)
        Issue.record("decoded \(Hex.encode(input.prefix(64))) as \(item); expected \(reason) at byte \(offset)", sourceLocation: sourceLocation)
    } catch {
        #expect(error.reason == reason, "input \(Hex.encode(input.prefix(64)))", sourceLocation: sourceLocation)
        #expect(error.offset == offset, "input \(Hex.encode(input.prefix(64)))", sourceLocation: sourceLocation)
        #expect(!error.description.isEmpty, sourceLocation: sourceLocation)
    }
}

/// Checks that `raw` is rejected as a transaction with a message containing every fragment.
@discardableResult
func expectTransactionError(
    _ raw: [UInt8], _ fragments: String...,
    sourceLocation: SourceLocation = #_sourceLocation
) -> String? {
    do {
        let tx = try SignedTransaction(encoded: raw)
        Issue.record("decoded a transaction of type \(tx.type); expected an error mentioning \(fragments)", sourceLocation: sourceLocation)
        return nil
    } catch {
        for fragment in fragments {
            #expect(error.message.contains(fragment), "message: \(error.message)", sourceLocation: sourceLocation)
        }
        #expect(error.description == error.message, sourceLocation: sourceLocation)
        return error.message
    }
}

/// Where the shared test vectors live: `ROLLPORT_VECTORS`, else `<repo>/../shared/vectors`.
enum SharedVectors {
    static var directory: URL { URL(fileURLWithPath: TestPaths.vectorsCandidate, isDirectory: true) }

    /// The vectors directory, or nil after reporting its absence: a failure on CI (where a
    /// silently skipped check would look like a pass), a visible note elsewhere.
    static func locate(sourceLocation: SourceLocation = #_sourceLocation) -> URL? {
        let dir = directory
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDirectory), isDirectory.boolValue {
            return dir
        }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            Issue.record(
                "vectors: shared test vectors not found at \(dir.path); set ROLLPORT_VECTORS or check out shared/ next to the repository",
                sourceLocation: sourceLocation)
        } else {
            print("vectors: absent at \(dir.path), skipping")
        }
        return nil
    }

    static func data(_ relativePath: String, in dir: URL, sourceLocation: SourceLocation = #_sourceLocation) throws -> [UInt8] {
        let url = dir.appendingPathComponent(relativePath)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            Issue.record("vectors: cannot read \(url.path)", sourceLocation: sourceLocation)
            throw MissingVector(path: url.path)
        }
        return [UInt8](data)
    }

    /// A `.hex` vector file: one line of bare hex, maybe followed by a newline.
    static func hexFile(_ relativePath: String, in dir: URL, sourceLocation: SourceLocation = #_sourceLocation) throws -> [UInt8] {
        let text = String(decoding: try data(relativePath, in: dir, sourceLocation: sourceLocation), as: UTF8.self)
        return try Hex.decode(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    static func json(_ relativePath: String, in dir: URL, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let bytes = try data(relativePath, in: dir, sourceLocation: sourceLocation)
        let object = try JSONSerialization.jsonObject(with: Data(bytes))
        return try #require(object as? [String: Any], "vectors: \(relativePath) is not a JSON object", sourceLocation: sourceLocation)
    }

    static func jsonArray(_ relativePath: String, in dir: URL, sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
        let bytes = try data(relativePath, in: dir, sourceLocation: sourceLocation)
        let object = try JSONSerialization.jsonObject(with: Data(bytes))
        return try #require(object as? [[String: Any]], "vectors: \(relativePath) is not a JSON array of objects", sourceLocation: sourceLocation)
    }

    struct MissingVector: Error, CustomStringConvertible {
        let path: String
        var description: String { "missing vector file \(path)" }
    }
}
