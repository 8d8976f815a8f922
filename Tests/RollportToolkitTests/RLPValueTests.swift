import Testing
import RollportToolkit

@Suite("RLP typed values")
struct RLPValueTests {
    @Test("integers: minimal big-endian, zero is empty, limits and leading zeros refused")
    func integers() throws {
        #expect(RLP(UInt64(0)) == .bytes([]))
        #expect(RLP(UInt64(0x0400)).encoded() == [0x82, 0x04, 0x00])
        #expect(try RLP.bytes([0x04, 0x00]).uint64Value() == 0x400)
        #expect(try RLP.bytes([]).uint64Value() == 0)
        #expect(throws: RLP.ValueError.leadingZero) { try RLP.bytes([0x00, 0x01]).uint64Value() }
        #expect(throws: RLP.ValueError.leadingZero) { try RLP.bytes([0x00]).uint256Value() }
        #expect(throws: RLP.ValueError.integerTooLong(bytes: 9, limit: 8)) { try RLP.bytes([UInt8](repeating: 1, count: 9)).uint64Value() }
        #expect(throws: RLP.ValueError.expectedBytes) { try RLP.list([]).uint64Value() }
        #expect(try RLP(UInt256.max).uint256Value() == .max)
        #expect(throws: RLP.ValueError.integerTooLong(bytes: 33, limit: 32)) { try RLP.bytes([UInt8](repeating: 1, count: 33)).uint256Value() }
    }

    @Test("fixed-size values and shapes")
    func shapes() throws {
        let address = try Address(hex: "0x" + String(repeating: "ab", count: 20))
        #expect(try RLP.bytes(address.bytes).addressValue() == address)
        #expect(throws: RLP.ValueError.wrongSize(bytes: 19, expected: 20)) { try RLP.bytes([UInt8](repeating: 1, count: 19)).addressValue() }
        #expect(throws: RLP.ValueError.wrongSize(bytes: 0, expected: 32)) { try RLP.bytes([]).hash32Value() }
        #expect(try RLP.list([.bytes([1])]).listValue() == [.bytes([1])])
        #expect(throws: RLP.ValueError.expectedList) { try RLP.bytes([1]).listValue() }
        #expect(RLP.ValueError.leadingZero.description == "has a leading zero byte (non-canonical integer)")
    }
}
