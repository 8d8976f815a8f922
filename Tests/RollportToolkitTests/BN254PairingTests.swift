import Foundation
import Testing
import RollportToolkit

@Suite("BN254 pairing")
struct BN254PairingTests {
    @Test("bilinearity, non-degeneracy, order r, prepared = unprepared, multi-Miller = product")
    func bilinearity() {
        var rng = SplitMix64(seed: bn254Seed &+ 20)
        let p = G1.generator, q = G2.generator
        let a = rng.fr(), b = rng.fr()
        let e = BN254.Pairing.pairing(p, q)
        #expect(!e.isOne, "e(G1, G2) must not be 1")
        let eab = BN254.Pairing.pairing(p.multiplied(by: a), q.multiplied(by: b))
        #expect(eab == e.pow((a * b).canonical), "seed \(bn254Seed)")
        #expect(eab == BN254.Pairing.pairing(p.multiplied(by: a * b), q), "seed \(bn254Seed)")
        #expect(e.pow(BN254.groupOrder).isOne)
        #expect(BN254.Pairing.pairing(.infinity, q).isOne && BN254.Pairing.pairing(p, .infinity).isOne)

        let p2 = p.multiplied(by: b)
        let pairs = [(p, q), (p2, q.multiplied(by: a))]
        let multi = BN254.Pairing.millerLoop(pairs)
        let single = BN254.Pairing.millerLoop([pairs[0]]) * BN254.Pairing.millerLoop([pairs[1]])
        #expect(multi == single, "seed \(bn254Seed)")
        // Prepared lines are scaled differently: equal after the final exponentiation.
        let prepared = pairs.map { ($0.0, BN254.G2Prepared($0.1)) }
        let reduced = BN254.Pairing.finalExponentiation(multi)
        #expect(BN254.Pairing.finalExponentiation(BN254.Pairing.millerLoop(prepared)) == reduced)
        #expect(BN254.Pairing.finalExponentiation(BN254.Pairing.millerLoop([prepared[0], (pairs[1].0, BN254.G2Prepared(.infinity))]))
                == BN254.Pairing.finalExponentiation(BN254.Pairing.millerLoop([pairs[0]])))
        // e(aP, Q)·e(−P, aQ) = 1
        #expect(BN254.Pairing.check([(p.multiplied(by: a), q), (-p, q.multiplied(by: a))]), "seed \(bn254Seed)")
        #expect(BN254.Pairing.check(prepared: [(p.multiplied(by: a), BN254.G2Prepared(q)), (-p, BN254.G2Prepared(q.multiplied(by: a)))]))
        #expect(!BN254.Pairing.check([(p.multiplied(by: a), q), (p, q.multiplied(by: a))]))
        #expect(BN254.Pairing.check([]))
    }

    @Test("e(α, β)^m equals the vk_alphabeta_12 of a snarkjs verifying key")
    func snarkjsGT() throws {
        guard let dir = SharedVectors.locate() else { return }
        let vk = try SharedVectors.json("proofs/snarkjs/groth16/verification_key.json", in: dir)
        func number(_ any: Any?) throws -> UInt256 { try #require((any as? String).flatMap { UInt256($0) }) }
        let alpha = try #require(vk["vk_alpha_1"] as? [Any])
        let beta = try #require(vk["vk_beta_2"] as? [[Any]])
        let p = try G1(x: number(alpha[0]), y: number(alpha[1]))
        let q = try G2(x: (c0: number(beta[0][0]), c1: number(beta[0][1])), y: (c0: number(beta[1][0]), c1: number(beta[1][1])))
        let gt = try #require(vk["vk_alphabeta_12"] as? [[[Any]]])
        func fp2(_ pair: [Any]) throws -> Fp2 { try #require(Fp2(c0: number(pair[0]), c1: number(pair[1]))) }
        let expected = Fp12(
            Fp6(try fp2(gt[0][0]), try fp2(gt[0][1]), try fp2(gt[0][2])),
            Fp6(try fp2(gt[1][0]), try fp2(gt[1][1]), try fp2(gt[1][2])))
        let e = BN254.Pairing.pairing(p, q)
        #expect(e != expected)
        #expect(e.pow(BN254.Pairing.snarkjsExponentFactor) == expected)
    }
}
