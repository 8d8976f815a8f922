import Foundation
import RollportToolkit

typealias Fp = BN254.Fp
typealias Fr = BN254.Fr
typealias Fp2 = BN254.Fp2
typealias Fp6 = BN254.Fp6
typealias Fp12 = BN254.Fp12
typealias G1 = BN254.G1Point
typealias G2 = BN254.G2Point

/// The seed of the random algebraic checks: BN254_TEST_SEED if set, else a fixed one. Every
/// expectation names it, so a failure can be replayed.
let bn254Seed: UInt64 = ProcessInfo.processInfo.environment["BN254_TEST_SEED"].flatMap { UInt64($0) } ?? 0x5eed_b254

extension SplitMix64 {
    mutating func fp() -> Fp {
        while true {
            if let value = Fp(canonical: UInt256(limbs: (next(), next(), next(), next() >> 2))) { return value }
        }
    }

    mutating func fp2() -> Fp2 { Fp2(fp(), fp()) }
    mutating func fp6() -> Fp6 { Fp6(fp2(), fp2(), fp2()) }
    mutating func fp12() -> Fp12 { Fp12(fp6(), fp6()) }
    mutating func fr() -> Fr { Fr.random(using: &self) }
}

/// Reference arithmetic on UInt256 (shift-and-add), independent of the Montgomery code.
enum ModularReference {
    static func add(_ a: UInt256, _ b: UInt256, _ m: UInt256) -> UInt256 {
        let (s, overflow) = a.addingReportingOverflow(b)
        if overflow || s >= m { return s.subtractingReportingOverflow(m).partialValue }
        return s
    }

    static func multiply(_ a: UInt256, _ b: UInt256, _ m: UInt256) -> UInt256 {
        var acc = UInt256.zero
        var i = b.bitWidth - 1
        while i >= 0 {
            acc = add(acc, acc, m)
            if b.bit(i) { acc = add(acc, a, m) }
            i -= 1
        }
        return acc
    }
}

/// A point on the twist that is not in G2: the first x = k + u (k = 1, 2, …) with x³ + b′ a square.
func twistPointOutsideG2() -> G2? {
    let b = Fp2(c0: UInt256("19485874751759354771024239261021720505790618469301721065564631296452457478373")!,
                c1: UInt256("266929791119991161246907387137283842545076965332900288569378510910307636690")!)!
    for k in UInt64(1)...64 {
        let x = Fp2(Fp(k), .one)
        guard let y = (x.squared() * x + b).sqrt() else { continue }
        if let point = try? G2(x: x, y: y, subgroupCheck: false), !point.isInSubgroup { return point }
    }
    return nil
}
