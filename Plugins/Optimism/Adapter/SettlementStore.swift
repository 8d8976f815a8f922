import OptimismSettlement
import RollportAdapterKit
import RollportToolkit

/// The adapter's settlement state, in the same kv namespace as the rest of the store (so it
/// follows L1 blocks and reverts with them):
///
///   <chain>/withdrawal/<hash>   provenAt (8, 0 when unknown) ‖ proofCount (4) ‖ finalized (1: 0 no, 1 success, 2 failed)
///   <chain>/game/<proxy>        createdAt (8) ‖ gameType (4) ‖ rootClaim (32) ‖ L1 block (8)
extension AdapterStore {
    struct TrackedWithdrawal: Equatable {
        var provenAt: UInt64?
        var proofCount: UInt32
        var finalized: Bool?
    }

    struct TrackedGame: Equatable {
        var createdAt: UInt64
        var gameType: UInt32
        var rootClaim: Hash32
        var l1Block: UInt64
    }

    static func withdrawalKey(_ chain: String, _ hash: Hash32) -> [UInt8] { Array("\(chain)/withdrawal/".utf8) + hash.bytes }
    static func gameKey(_ chain: String, _ proxy: Address) -> [UInt8] { Array("\(chain)/game/".utf8) + proxy.bytes }

    func withdrawal(chain: String, hash: Hash32) throws(AdapterError) -> TrackedWithdrawal? {
        guard let v = try host.get(Self.withdrawalKey(chain, hash)) else { return nil }
        guard v.count == 13 else { throw AdapterError(.internal, "stored withdrawal \(hash) of \(chain) is \(v.count) bytes, not 13") }
        let provenAt = UInt64(bigEndianBytes: v[0..<8])
        let count = UInt32(truncatingIfNeeded: UInt64(bigEndianBytes: v[8..<12]))
        // A proof whose L1 time was not known is stored with time 0.
        return TrackedWithdrawal(provenAt: count == 0 || provenAt == 0 ? nil : provenAt, proofCount: count, finalized: v[12] == 0 ? nil : v[12] == 1)
    }

    func record(_ w: TrackedWithdrawal, chain: String, hash: Hash32) throws(AdapterError) {
        let count = w.proofCount
        let value = (w.provenAt ?? 0).bigEndianBytes + [UInt8(count >> 24), UInt8(truncatingIfNeeded: count >> 16), UInt8(truncatingIfNeeded: count >> 8), UInt8(truncatingIfNeeded: count)]
            + [w.finalized.map { $0 ? 1 : 2 } ?? 0]
        try host.put(Self.withdrawalKey(chain, hash), value)
    }

    func game(chain: String, proxy: Address) throws(AdapterError) -> TrackedGame? {
        guard let v = try host.get(Self.gameKey(chain, proxy)) else { return nil }
        guard v.count == 52, let root = Hash32(bytes: v[12..<44]) else { throw AdapterError(.internal, "stored game \(proxy) of \(chain) is \(v.count) bytes, not 52") }
        return TrackedGame(createdAt: UInt64(bigEndianBytes: v[0..<8]), gameType: UInt32(truncatingIfNeeded: UInt64(bigEndianBytes: v[8..<12])),
                           rootClaim: root, l1Block: UInt64(bigEndianBytes: v[44..<52]))
    }

    func record(_ g: TrackedGame, chain: String, proxy: Address) throws(AdapterError) {
        let t = g.gameType
        try host.put(Self.gameKey(chain, proxy), g.createdAt.bigEndianBytes + [UInt8(t >> 24), UInt8(truncatingIfNeeded: t >> 16), UInt8(truncatingIfNeeded: t >> 8), UInt8(truncatingIfNeeded: t)]
                     + g.rootClaim.bytes + g.l1Block.bigEndianBytes)
    }
}
