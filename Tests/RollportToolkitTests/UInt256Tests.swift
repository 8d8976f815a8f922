import Testing
import RollportToolkit

@Suite("UInt256")
struct UInt256Tests {
    @Test("decimal and hex text round trip, including the extremes")
    func text() throws {
        let max = "115792089237316195423570985008687907853269984665640564039457584007913129639935"
        #expect(UInt256.max.description == max)
        #expect(UInt256(max) == .max)
        #expect(UInt256("115792089237316195423570985008687907853269984665640564039457584007913129639936") == nil)
        #expect(UInt256("0") == .zero)
        #expect(UInt256.zero.hexQuantity == "0x0")
        #expect(UInt256(0x1234).hexQuantity == "0x1234")
        #expect(UInt256(0x123).hexQuantity == "0x123")
        #expect(UInt256("0x123") == UInt256(0x123))
        #expect(UInt256("10000000000000000000")?.description == "10000000000000000000")
        #expect(UInt256("1000000000000000000000000")?.hexQuantity == "0xd3c21bcecceda1000000")
        #expect(UInt256("12a") == nil)
        #expect(UInt256("") == nil)
        #expect(UInt256("0x") == nil)
        #expect(UInt256("0x" + String(repeating: "f", count: 65)) == nil)
    }

    @Test("bytes and ordering")
    func bytes() throws {
        let value = try #require(UInt256(bigEndian: [0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02]))
        #expect(value.limbs.0 == 2 && value.limbs.1 == 1)
        #expect(value.minimalBigEndianBytes == [0x01, 0, 0, 0, 0, 0, 0, 0, 0x02])
        #expect(value.bigEndianBytes.count == 32)
        #expect(UInt256(bigEndian: value.bigEndianBytes) == value)
        #expect(UInt256(bigEndian: [UInt8](repeating: 1, count: 33)) == nil)
        #expect(UInt256(5) < value && value < .max)
        #expect(value.bitWidth == 65 && UInt256.zero.bitWidth == 0)
        #expect(UInt256.max.addingReportingOverflow(UInt256(1)) == (.zero, true))
        #expect(UInt256.zero.subtractingReportingOverflow(UInt256(1)) == (.max, true))
        #expect(value.uint64 == nil && UInt256(7).uint64 == 7)
    }
}
