import Testing
import RollportToolkit

@Suite("BN254 fields and tower")
struct BN254FieldTests {
    let p = BN254.baseFieldModulus
    let r = BN254.groupOrder

    @Test("Fp agrees with reference modular arithmetic, edge values included")
    func fpReference() {
        var rng = SplitMix64(seed: bn254Seed)
        let pMinus1 = p.subtractingReportingOverflow(UInt256(1)).partialValue
        var values: [UInt256] = [.zero, UInt256(1), UInt256(2), pMinus1, UInt256(limbs: (0, 0, 0, 1))]
        for _ in 0..<40 { values.append(rng.fp().canonical) }
        for a in values {
            for b in values.prefix(12) {
                let fa = Fp(canonical: a)!, fb = Fp(canonical: b)!
                #expect((fa * fb).canonical == ModularReference.multiply(a, b, p), "seed \(bn254Seed): \(a) * \(b)")
                #expect((fa + fb).canonical == ModularReference.add(a, b, p), "seed \(bn254Seed)")
                #expect((fa - fb + fb) == fa, "seed \(bn254Seed)")
            }
            #expect(Fp(canonical: a)!.canonical == a)
        }
        #expect(Fp(canonical: p) == nil)
        #expect(Fp(canonical: .max) == nil)
        #expect(Fp(canonical: pMinus1)! + .one == .zero)
        #expect(-Fp.one == Fp(canonical: pMinus1)!)
        #expect(Fp.zero.inverse() == nil)
    }

    @Test("Fp axioms, inverse, halving and square roots")
    func fpAxioms() {
        var rng = SplitMix64(seed: bn254Seed &+ 1)
        var squares = 0, nonSquares = 0
        for _ in 0..<64 {
            let a = rng.fp(), b = rng.fp(), c = rng.fp()
            #expect((a * b) * c == a * (b * c), "seed \(bn254Seed)")
            #expect(a * (b + c) == a * b + a * c, "seed \(bn254Seed)")
            #expect(a * b == b * a, "seed \(bn254Seed)")
            #expect(a + (-a) == .zero, "seed \(bn254Seed)")
            #expect(a.halved().doubled() == a, "seed \(bn254Seed)")
            if !a.isZero { #expect(a * a.inverse()! == .one, "seed \(bn254Seed)") }
            let s = a.squared()
            let root = s.sqrt()
            #expect(root.map { $0 == a || $0 == -a } == true, "seed \(bn254Seed)")
            if let rootA = a.sqrt() { squares += 1; #expect(rootA.squared() == a); #expect(a.isSquare) } else {
                nonSquares += 1; #expect(!a.isSquare)
            }
        }
        #expect(squares > 10 && nonSquares > 10, "seed \(bn254Seed): square roots found for \(squares) of 64")
        #expect(Fp(3).sqrt() == nil)  // 3 is not a square mod p (p ≡ 3 mod 4 and p ≡ … mod 3)
    }

    @Test("Fr: reference multiplication, reduction, inverse, random below r")
    func fr() {
        var rng = SplitMix64(seed: bn254Seed &+ 2)
        for _ in 0..<40 {
            let a = rng.fr(), b = rng.fr()
            #expect((a * b).canonical == ModularReference.multiply(a.canonical, b.canonical, r), "seed \(bn254Seed)")
            #expect(a.canonical < r)
            if !a.isZero { #expect(a * a.inverse()! == .one, "seed \(bn254Seed)") }
            #expect(a + b - b == a)
        }
        #expect(Fr(canonical: r) == nil)
        #expect(Fr(reducing: r) == .zero)
        #expect(Fr(reducing: r.addingReportingOverflow(UInt256(5)).partialValue) == Fr(5))
        // 2²⁵⁶ − 1 mod r
        let expected = UInt256("0x0e0a77c19a07df2f666ea36f7879462e36fc76959f60cd29ac96341c4ffffffa")!
        #expect(Fr(reducing: .max).canonical == expected)
        #expect(Fr.zero.inverse() == nil)
    }

    @Test("tower: ring laws, inverses, squarings, ξ")
    func tower() {
        var rng = SplitMix64(seed: bn254Seed &+ 3)
        for _ in 0..<8 {
            let a = rng.fp2(), b = rng.fp2(), c = rng.fp2()
            #expect((a * b) * c == a * (b * c), "seed \(bn254Seed)")
            #expect(a * (b + c) == a * b + a * c, "seed \(bn254Seed)")
            #expect(a.squared() == a * a, "seed \(bn254Seed)")
            #expect(a * a.inverse()! == .one, "seed \(bn254Seed)")
            #expect(a.mulByNonResidue() == a * Fp2(Fp(9), .one), "seed \(bn254Seed)")
            let root = a.squared().sqrt()
            #expect(root.map { $0 == a || $0 == -a } == true, "seed \(bn254Seed)")

            let x = rng.fp6(), y = rng.fp6(), z = rng.fp6()
            #expect((x * y) * z == x * (y * z), "seed \(bn254Seed)")
            #expect(x * (y + z) == x * y + x * z, "seed \(bn254Seed)")
            #expect(x.squared() == x * x, "seed \(bn254Seed)")
            #expect(x * x.inverse()! == .one, "seed \(bn254Seed)")
            // v³ = ξ
            let v = Fp6(.zero, .one, .zero)
            #expect(v * v * v == Fp6(Fp2(Fp(9), .one), .zero, .zero))

            let f = rng.fp12(), g = rng.fp12(), h = rng.fp12()
            #expect((f * g) * h == f * (g * h), "seed \(bn254Seed)")
            #expect(f.squared() == f * f, "seed \(bn254Seed)")
            #expect(f * f.inverse()! == .one, "seed \(bn254Seed)")
        }
        #expect(Fp2.zero.inverse() == nil)
        #expect(Fp12(.zero, .zero).inverse() == nil)
        // w² = v
        let w = Fp12(.zero, .one)
        #expect(w * w == Fp12(Fp6(.zero, .one, .zero), .zero))
    }

    @Test("Frobenius maps equal powers of p; γ constants are powers of ξ; cyclotomic squaring")
    func frobenius() {
        var rng = SplitMix64(seed: bn254Seed &+ 4)
        let f = rng.fp12()
        let fp = f.pow(p)
        #expect(f.frobenius() == fp, "seed \(bn254Seed)")
        #expect(f.frobeniusSquared() == fp.frobenius(), "seed \(bn254Seed)")
        #expect(f.frobeniusCubed() == f.frobeniusSquared().frobenius(), "seed \(bn254Seed)")
        var twelve = f
        for _ in 0..<12 { twelve = twelve.frobenius() }
        #expect(twelve == f)
        #expect(f.conjugated() == f.frobeniusCubed().frobeniusCubed(), "seed \(bn254Seed)")

        // γ₁,₁ = ξ^((p − 1)/6)
        let xi = Fp2(Fp(9), .one)
        let sixth = p.subtractingReportingOverflow(UInt256(1)).partialValue.quotientAndRemainder(dividingBy: 6)
        #expect(sixth.remainder == 0)
        let g11 = xi.pow(sixth.quotient)
        let expected = Fp2(c0: UInt256("0x1284b71c2865a7dfe8b99fdd76e68b605c521e08292f2176d60b35dadcc9e470")!,
                           c1: UInt256("0x246996f3b4fae7e6a6327cfe12150b8e747992778eeec7e5ca5cf05f80f362ac")!)
        #expect(g11 == expected)

        // After the easy part of the final exponentiation, cyclotomic squaring is squaring.
        var u = f.conjugated() * f.inverse()!
        u = u.frobeniusSquared() * u
        #expect(u.cyclotomicSquared() == u.squared(), "seed \(bn254Seed)")
        #expect(u * u.conjugated() == .one, "seed \(bn254Seed)")
    }

    @Test("UInt256.bit")
    func bits() {
        let v = UInt256(limbs: (1, 0, 0x8000_0000_0000_0000, 0))
        #expect(v.bit(0) && !v.bit(1) && v.bit(191) && !v.bit(192) && !v.bit(256) && !v.bit(-1))
    }
}
