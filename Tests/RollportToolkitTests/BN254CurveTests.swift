import Testing
import RollportToolkit

@Suite("BN254 groups")
struct BN254CurveTests {
    let r = BN254.groupOrder

    @Test("G1 group laws, scalar multiplication, order r, linear combinations")
    func g1Laws() throws {
        var rng = SplitMix64(seed: bn254Seed &+ 10)
        let g = G1.generator
        let a = g.multiplied(by: rng.fr()), b = g.multiplied(by: rng.fr()), c = g.multiplied(by: rng.fr())
        #expect((a + b) + c == a + (b + c), "seed \(bn254Seed)")
        #expect(a + b == b + a, "seed \(bn254Seed)")
        #expect(a + .infinity == a && G1.infinity + a == a)
        #expect(a + (-a) == .infinity)
        #expect(a + a == a.multiplied(by: UInt256(2)), "seed \(bn254Seed)")
        var sum = G1.infinity
        for k in 1...20 {
            sum = sum + a
            #expect(sum == a.multiplied(by: UInt256(UInt64(k))), "seed \(bn254Seed): k = \(k)")
        }
        #expect(g.multiplied(by: r) == .infinity)
        #expect(a.multiplied(by: r) == .infinity)
        // Scalars at the edges of the GLV split: r − 1, 2¹²⁸, 2²⁵³ (checked by doublings).
        #expect(a.multiplied(by: r.subtractingReportingOverflow(UInt256(1)).partialValue) == -a)
        var doubled = a
        for k in 1...253 {
            doubled = doubled + doubled
            if k == 128 || k == 253 {
                let scalar = UInt256(limbs: k == 128 ? (0, 0, 1, 0) : (0, 0, 0, 1 << 61))
                #expect(a.multiplied(by: scalar) == doubled, "2^\(k)")
            }
        }
        #expect(g.multiplied(by: UInt256.zero) == .infinity)
        #expect(G1.infinity.multiplied(by: UInt256(7)) == .infinity)
        let s = rng.fr(), t = rng.fr()
        #expect(g.multiplied(by: s).multiplied(by: t) == g.multiplied(by: s * t), "seed \(bn254Seed)")
        #expect(g.multiplied(by: s) + g.multiplied(by: t) == g.multiplied(by: s + t), "seed \(bn254Seed)")

        let points = [a, b, c, .infinity, g]
        let scalars = [rng.fr(), rng.fr(), rng.fr(), rng.fr(), .zero]
        var expected = G1.infinity
        for (point, scalar) in zip(points, scalars) { expected = expected + point.multiplied(by: scalar) }
        #expect(G1.linearCombination(points, scalars) == expected, "seed \(bn254Seed)")
        #expect(G1.linearCombination([], []) == .infinity)
    }

    @Test("G1 decoding refuses non-canonical and off-curve points, naming the coordinate")
    func g1Decoding() throws {
        let g = G1.generator
        #expect(try G1(evm: g.evmEncoding) == g)
        #expect(try G1(evm: [UInt8](repeating: 0, count: 64)) == .infinity)
        #expect(G1.infinity.evmEncoding == [UInt8](repeating: 0, count: 64))
        #expect(try G1(x: UInt256.zero, y: UInt256.zero).isInfinity)
        #expect(throws: BN254.EncodingError(.coordinateNotBelowModulus, field: "x")) { try G1(x: BN254.baseFieldModulus, y: UInt256(2)) }
        #expect(throws: BN254.EncodingError(.coordinateNotBelowModulus, field: "y")) { try G1(x: UInt256(1), y: BN254.baseFieldModulus) }
        #expect(throws: BN254.EncodingError(.notOnCurve)) { try G1(x: UInt256(1), y: UInt256(3)) }
        #expect(throws: BN254.EncodingError(.wrongLength(expected: 64, actual: 63))) { try G1(evm: [UInt8](repeating: 0, count: 63)) }
        var bad = g.evmEncoding
        bad[63] = 3
        do { _ = try G1(evm: bad); Issue.record("accepted (1, 3)") } catch {
            #expect(error.reason == .notOnCurve)
            #expect(error.description.contains("not on the curve"))
        }
        var big = g.evmEncoding
        for i in 32..<64 { big[i] = 0xff }
        do { _ = try G1(evm: big); Issue.record("accepted y = 2^256 - 1") } catch {
            #expect(error == BN254.EncodingError(.coordinateNotBelowModulus, field: "y", offset: 32))
            #expect(error.description.contains("y at byte offset 32"))
        }
    }

    @Test("G2 group laws, ψ = [p], subgroup membership")
    func g2Laws() throws {
        var rng = SplitMix64(seed: bn254Seed &+ 11)
        let g = G2.generator
        #expect(g.isInSubgroup)
        let a = g.multiplied(by: rng.fr()), b = g.multiplied(by: rng.fr()), c = g.multiplied(by: rng.fr())
        #expect((a + b) + c == a + (b + c), "seed \(bn254Seed)")
        #expect(a + .infinity == a && a + (-a) == .infinity)
        var sum = G2.infinity
        for k in 1...6 {
            sum = sum + b
            #expect(sum == b.multiplied(by: UInt256(UInt64(k))), "seed \(bn254Seed): k = \(k)")
        }
        #expect(g.multiplied(by: r) == .infinity)
        #expect(a.isInSubgroup && G2.infinity.isInSubgroup)
        #expect(try G2(evm: a.evmEncoding) == a)
        #expect(try G2(evm: [UInt8](repeating: 0, count: 128)) == .infinity)

        // A twist point outside G2 is refused; its cofactor multiple is in G2.
        let outside = try #require(twistPointOutsideG2())
        #expect(!outside.isInSubgroup)
        #expect(outside.multiplied(by: r) != .infinity)
        #expect(throws: BN254.EncodingError(.notInSubgroup)) { try G2(x: outside.x, y: outside.y) }
        do { _ = try G2(evm: outside.evmEncoding); Issue.record("accepted a point outside G2") } catch {
            #expect(error.reason == .notInSubgroup)
        }
        let cofactor = UInt256("21888242871839275222246405745257275088844257914179612981679871602714643921549")!
        let cleared = outside.multiplied(by: cofactor)
        #expect(cleared.isInSubgroup && !cleared.isInfinity)
        #expect(cleared.multiplied(by: r) == .infinity)
    }

    @Test("the fast subgroup test agrees with r·Q = ∞ on twist points in and outside G2")
    func subgroupTestAgreesWithOrder() throws {
        let r = BN254.groupOrder
        let b = G2.generator.y.squared() - G2.generator.x.squared() * G2.generator.x
        let cofactor = UInt256("21888242871839275222246405745257275088844257914179612981679871602714643921549")!
        var checked = 0
        for k in UInt64(1)...12 {
            let x = Fp2(Fp(k), Fp(k + 5))
            guard let y = (x.squared() * x + b).sqrt() else { continue }
            let point = try G2(x: x, y: y, subgroupCheck: false)
            #expect(point.isInSubgroup == point.multiplied(by: r).isInfinity, "x = \(k) + \(k + 5)u")
            let cleared = point.multiplied(by: cofactor)
            #expect(cleared.isInSubgroup && cleared.multiplied(by: r).isInfinity, "x = \(k) + \(k + 5)u")
            // A G2 point plus a point outside G2 is outside G2.
            #expect(!(cleared + point).isInSubgroup || point.isInSubgroup)
            checked += 1
        }
        #expect(checked >= 3)
    }

    @Test("G2 decoding: EIP-197 order, coordinates below p, on the twist")
    func g2Decoding() throws {
        let g = G2.generator
        let encoding = g.evmEncoding
        // Imaginary part first.
        #expect(Array(encoding[0..<32]) == g.x.c1.canonical.bigEndianBytes)
        #expect(Array(encoding[32..<64]) == g.x.c0.canonical.bigEndianBytes)
        let swapped = Array(encoding[32..<64] + encoding[0..<32] + encoding[96..<128] + encoding[64..<96])
        #expect(throws: BN254.EncodingError(.notOnTwist, offset: 0)) { try G2(evm: swapped) }
        var big = encoding
        for i in 64..<96 { big[i] = 0xff }
        #expect(throws: BN254.EncodingError(.coordinateNotBelowModulus, field: "y.c1", offset: 64)) { try G2(evm: big) }
        #expect(throws: BN254.EncodingError(.coordinateNotBelowModulus, field: "x.c0")) {
            try G2(x: (c0: BN254.baseFieldModulus, c1: .zero), y: (c0: .zero, c1: .zero))
        }
        #expect(throws: BN254.EncodingError(.wrongLength(expected: 128, actual: 0))) { try G2(evm: []) }
    }
}
