// BN254: field multiplication and inversion, group operations, the Miller loop, the final
// exponentiation and EIP-197 pairing checks of 2 and 4 pairs.

import Benchmark
import RollportToolkit

func pairingBenchmarks() {
    var rng = SplitMix64(seed: 0xb254)
    let a = BN254.Fr.random(using: &rng), b = BN254.Fr.random(using: &rng), c = BN254.Fr.random(using: &rng)
    let g1 = BN254.G1Point.generator, g2 = BN254.G2Point.generator
    let x = BN254.Fp(canonical: g1.multiplied(by: a).x)!, y = BN254.Fp(canonical: g1.multiplied(by: b).x)!

    // The shape of go-ethereum's `jeff1` vector: e(aP, bQ)·e(−abP, Q) = 1.
    let twoPairs = [(g1.multiplied(by: a), g2.multiplied(by: b)), (-g1.multiplied(by: a * b), g2)]
    let fourPairs = twoPairs + [(g1.multiplied(by: c), g2.multiplied(by: a)), (-g1.multiplied(by: a * c), g2)]
    let twoPairInput = twoPairs.flatMap { $0.0.evmEncoding + $0.1.evmEncoding }
    let fourPairInput = fourPairs.flatMap { $0.0.evmEncoding + $0.1.evmEncoding }
    let one = [UInt8](repeating: 0, count: 31) + [1]
    requireBenchmark(BN254.Pairing.check(twoPairs), "2-pair check")
    requireBenchmark((try? BN254.Precompile.ecPairing(twoPairInput).get()) == one, "2-pair precompile")
    requireBenchmark((try? BN254.Precompile.ecPairing(fourPairInput).get()) == one, "4-pair precompile")
    requireBenchmark(x * x.inverse()! == .one, "inverse")
    let f = BN254.Pairing.millerLoop([twoPairs[0]])
    let prepared = BN254.G2Prepared(twoPairs[0].1)
    requireBenchmark(BN254.Pairing.finalExponentiation(BN254.Pairing.millerLoop([(twoPairs[0].0, prepared)]))
                     == BN254.Pairing.finalExponentiation(f), "prepared Miller loop")

    perOperation("BN254 Fp multiplication (1,000 dependent products per iteration)", operations: 1, metric: nanosecondsPerOperation) {
        var acc = x
        for _ in 0..<1_000 { acc = acc * y }
        blackHole(acc)
    }
    perOperation("BN254 Fp inversion", operations: 100, metric: nanosecondsPerOperation) {
        blackHole(x.inverse())
    }
    perOperation("BN254 G1 scalar multiplication (254-bit scalar)", operations: 10, metric: microsecondsPerOperation) {
        blackHole(g1.multiplied(by: c))
    }
    perOperation("BN254 G2 subgroup check", operations: 10, metric: microsecondsPerOperation) {
        blackHole(twoPairs[0].1.isInSubgroup)
    }
    perOperation("BN254 Miller loop (1 pair)", operations: 10, metric: microsecondsPerOperation) {
        blackHole(BN254.Pairing.millerLoop([twoPairs[0]]))
    }
    perOperation("BN254 Miller loop (1 pair, prepared G2)", operations: 10, metric: microsecondsPerOperation) {
        blackHole(BN254.Pairing.millerLoop([(twoPairs[0].0, prepared)]))
    }
    perOperation("BN254 final exponentiation", operations: 10, metric: microsecondsPerOperation) {
        blackHole(BN254.Pairing.finalExponentiation(f))
    }
    perOperation("BN254 pairing check, 2 pairs (decoded points)", operations: 10, metric: microsecondsPerOperation) {
        blackHole(BN254.Pairing.check(twoPairs))
    }
    let preparedPairs = twoPairs.map { ($0.0, BN254.G2Prepared($0.1)) }
    requireBenchmark(BN254.Pairing.check(prepared: preparedPairs), "2-pair prepared check")
    perOperation("BN254 pairing check, 2 pairs (prepared G2, as for fixed verifying-key points)", operations: 10, metric: microsecondsPerOperation) {
        blackHole(BN254.Pairing.check(prepared: preparedPairs))
    }
    perOperation("BN254 ecPairing precompile, 2 pairs (decoding and subgroup checks included)", operations: 10, metric: microsecondsPerOperation) {
        blackHole(BN254.Precompile.ecPairing(twoPairInput))
    }
    perOperation("BN254 ecPairing precompile, 4 pairs", operations: 10, metric: microsecondsPerOperation) {
        blackHole(BN254.Precompile.ecPairing(fourPairInput))
    }
}
