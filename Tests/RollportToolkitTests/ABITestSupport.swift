import Foundation
import RollportTestSupport
import Testing
import RollportToolkit

/// The reference vectors made by Tests/Fixtures/Reference/abi.py (eth-abi, eth-utils).
enum ABIReference {
    static let path = TestPaths.repository + "/Tests/Fixtures/Reference/abi.json"

    static func load() throws -> [String: Any] {
        let data = try #require(FileManager.default.contents(atPath: path), "cannot read \(path)")
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(path) is not a JSON object")
    }

    static func cases(_ key: String) throws -> [[String: Any]] {
        try #require(try load()[key] as? [[String: Any]], "abi.json has no \(key) list")
    }
}

/// A value from the vectors' JSON form (decimal strings, checksummed addresses, 0x hex, arrays),
/// read by the type. Independent of the toolkit's own text parser.
func abiValue(json: Any, type: ABIType, sourceLocation: SourceLocation = #_sourceLocation) throws -> ABIValue {
    switch type {
    case .uint(let bits):
        let text = try #require(json as? String, sourceLocation: sourceLocation)
        return .uint(try #require(UInt256(text), sourceLocation: sourceLocation), bits: bits)
    case .int(let bits):
        let text = try #require(json as? String, sourceLocation: sourceLocation)
        let magnitude = try #require(UInt256(text.hasPrefix("-") ? String(text.dropFirst()) : text), sourceLocation: sourceLocation)
        // Two's complement: 2^256 - m = (max - m) + 1.
        let word = text.hasPrefix("-") && !magnitude.isZero
            ? UInt256.max.subtractingReportingOverflow(magnitude).partialValue.addingReportingOverflow(UInt256(1)).partialValue
            : magnitude
        return .int(word, bits: bits)
    case .address:
        return .address(try Address(hex: try #require(json as? String, sourceLocation: sourceLocation)))
    case .bool:
        return .bool(try #require(json as? Bool, sourceLocation: sourceLocation))
    case .fixedBytes:
        return .fixedBytes(hex(try #require(json as? String, sourceLocation: sourceLocation)))
    case .bytes:
        return .bytes(hex(try #require(json as? String, sourceLocation: sourceLocation)))
    case .string:
        return .string(try #require(json as? String, sourceLocation: sourceLocation))
    case .fixedArray(let element, _), .array(let element):
        let items = try #require(json as? [Any], sourceLocation: sourceLocation)
        return .array(try items.map { try abiValue(json: $0, type: element, sourceLocation: sourceLocation) })
    case .tuple(let components):
        let items = try #require(json as? [Any], sourceLocation: sourceLocation)
        try #require(items.count == components.count, sourceLocation: sourceLocation)
        return .tuple(try zip(items, components).map { try abiValue(json: $0, type: $1, sourceLocation: sourceLocation) })
    }
}

/// Foundation's JSON as the toolkit's JSONValue, for comparing with `ABIValue.json`.
func jsonValue(_ any: Any, type: ABIType) -> JSONValue {
    switch (type, any) {
    case (.bool, let b as Bool): return .bool(b)
    case (.fixedArray(let element, _), let items as [Any]), (.array(let element), let items as [Any]):
        return .array(items.map { jsonValue($0, type: element) })
    case (.tuple(let components), let items as [Any]):
        return .array(zip(items, components).map { jsonValue($0, type: $1) })
    case (_, let s as String): return .string(s)
    default: return .null
    }
}

/// Expects `data` to be refused as `types` with `reason` at byte `offset`, the path `path` and
/// every fragment in the message; returns the message.
@discardableResult
func expectABIError(
    _ types: [String], _ data: [UInt8], reason: ABIDecodingError.Reason, offset: Int, path: String,
    _ fragments: String..., sourceLocation: SourceLocation = #_sourceLocation
) -> String? {
    let parsed: [ABIType]
    do { parsed = try types.map(ABIType.init) } catch {
        Issue.record("bad type in test: \(error)", sourceLocation: sourceLocation)
        return nil
    }
    do {
        let values = try ABICodec.decode(parsed, from: data)
        Issue.record("decoded \(values) from \(Hex.encode(data.prefix(96))); expected \(reason)", sourceLocation: sourceLocation)
        return nil
    } catch {
        #expect(error.reason == reason, "\(error)", sourceLocation: sourceLocation)
        #expect(error.offset == offset, "\(error)", sourceLocation: sourceLocation)
        #expect(error.path == path, "\(error)", sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(error.description.contains(fragment), "\(error)", sourceLocation: sourceLocation)
        }
        return error.description
    }
}
