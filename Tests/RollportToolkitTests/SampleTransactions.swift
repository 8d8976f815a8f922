import RollportToolkit

/// Hand-built signed transactions. Fields are kept as RLP lists so that a test can break one
/// field at a time; signatures are well-formed numbers but sign nothing (decoding does not check
/// them; recovering a sender does).
enum Samples {
    static let to = Address(bytes: [UInt8](repeating: 0x35, count: 20))!
    static let toItem = RLP.bytes(to.bytes)
    static let r = rlpHex("0x28ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276")
    static let s = rlpHex("0x67cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83")
    static let oneEther: UInt64 = 1_000_000_000_000_000_000
    static let gwei: UInt64 = 1_000_000_000

    static let blobHashes = [
        Hash32(bytes: [0x01] + [UInt8](repeating: 0xab, count: 31))!,
        Hash32(bytes: [0x01] + [UInt8](repeating: 0xcd, count: 31))!,
    ]

    static func legacy(_ fields: [RLP]) -> [UInt8] { RLP.list(fields).encoded() }

    static func typed(_ type: UInt8, _ fields: [RLP]) -> [UInt8] { [type] + RLP.list(fields).encoded() }

    /// The EIP-155 example transaction: nonce 9, 20 gwei, 21000 gas, 1 ether to 0x3535…35, v = 37.
    static func legacyFields(v: UInt64 = 37) -> [RLP] {
        [rlpInt(9), rlpInt(20 * gwei), rlpInt(21000), toItem, rlpInt(oneEther), .bytes([]), rlpInt(v), r, s]
    }

    static func type1Fields() -> [RLP] {
        let accessList = RLP.list([.list([toItem, .list([.bytes([UInt8](repeating: 0, count: 31) + [1])])])])
        return [rlpInt(10), rlpInt(1), rlpInt(gwei), rlpInt(50_000), toItem, rlpInt(0), rlpHex("0x1234"),
                accessList, rlpInt(1), r, s]
    }

    static func type2Fields(to: RLP = toItem) -> [RLP] {
        [rlpInt(42161), rlpInt(7), rlpInt(100_000_000), rlpInt(2 * gwei), rlpInt(100_000), to, rlpInt(12345),
         rlpHex("0xdeadbeef"), .list([]), rlpInt(1), r, s]
    }

    static func type3Fields(to: RLP = toItem, hashes: [RLP]? = nil) -> [RLP] {
        [rlpInt(1), rlpInt(3), rlpInt(gwei), rlpInt(30 * gwei), rlpInt(21000), to, rlpInt(0), .bytes([]), .list([]),
         rlpInt(gwei), .list(hashes ?? blobHashes.map { .bytes($0.bytes) }), rlpInt(1), r, s]
    }

    static func type4Fields(to: RLP = toItem) -> [RLP] {
        let authorization = RLP.list([rlpInt(1), .bytes([UInt8](repeating: 0x77, count: 20)), rlpInt(6), rlpInt(0), r, s])
        return [rlpInt(1), rlpInt(5), rlpInt(gwei), rlpInt(40 * gwei), rlpInt(80_000), to, rlpInt(0),
                rlpHex("0xa9059cbb"), .list([]), .list([authorization]), rlpInt(0), r, s]
    }

    struct Sidecar {
        var blobs: [[UInt8]]
        var commitments: [[UInt8]]
        var proofs: [[UInt8]]
    }

    static func sidecar(blobSize: Int) -> Sidecar {
        Sidecar(
            blobs: [(0..<blobSize).map { UInt8(truncatingIfNeeded: $0) }, [UInt8](repeating: 0x5a, count: blobSize)],
            commitments: [[UInt8](repeating: 0xc1, count: 48), [UInt8](repeating: 0xc2, count: 48)],
            proofs: [[UInt8](repeating: 0xd1, count: 48), [UInt8](repeating: 0xd2, count: 48)])
    }

    /// EIP-4844 network form: `0x03 ‖ rlp([tx_payload_body, blobs, commitments, proofs])`.
    static func type3Network(_ body: [RLP], _ sidecar: Sidecar) -> [UInt8] {
        typed(3, [.list(body), .list(sidecar.blobs.map(RLP.bytes)), .list(sidecar.commitments.map(RLP.bytes)),
                  .list(sidecar.proofs.map(RLP.bytes))])
    }

    /// A few valid encodings of every kind the decoder accepts, kept small for mutation testing.
    static func all() -> [(name: String, raw: [UInt8])] {
        [
            ("legacy EIP-155", legacy(legacyFields())),
            ("legacy pre-EIP-155", legacy(legacyFields(v: 27))),
            ("type 1", typed(1, type1Fields())),
            ("type 2", typed(2, type2Fields())),
            ("type 2 creation", typed(2, type2Fields(to: .bytes([])))),
            ("type 3", typed(3, type3Fields())),
            ("type 3 network form", type3Network(type3Fields(), sidecar(blobSize: 40))),
            ("type 4", typed(4, type4Fields())),
        ]
    }
}
