import Foundation
import RollportToolkit
import Testing

/// Groth16 instances made afresh from random trapdoors: α, β, γ, δ, the IC scalars, the public
/// inputs, a and b are drawn at random and c is solved from
///
///     a·b = α·β + (ic₀ + Σ xᵢ·icᵢ)·γ + c·δ
///
/// so that the verification equation holds. Every run draws a fresh seed, printed with any
/// failure; ROLLPORT_GROTH16_SEED=<hex> replays one.
@Suite("Groth16 simulated")
struct Groth16SimulatedTests {
    static let seeds: [UInt64] = [
        ProcessInfo.processInfo.environment["ROLLPORT_GROTH16_SEED"].flatMap { UInt64($0, radix: 16) }
            ?? UInt64.random(in: .min ... .max),
    ]

    /// A key with its trapdoor scalars.
    struct Circuit {
        var alpha, beta, gamma, delta: BN254.Fr
        var ic: [BN254.Fr]
        var key: Groth16.VerifyingKey

        init(publicInputs: Int, rng: inout SplitMix64) {
            alpha = .random(using: &rng)
            beta = .random(using: &rng)
            gamma = .random(using: &rng)
            delta = .random(using: &rng)
            ic = (0...publicInputs).map { _ in .random(using: &rng) }
            key = Groth16.VerifyingKey(
                alpha: BN254.G1Point.generator.multiplied(by: alpha), beta: BN254.G2Point.generator.multiplied(by: beta),
                gamma: BN254.G2Point.generator.multiplied(by: gamma), delta: BN254.G2Point.generator.multiplied(by: delta),
                ic: ic.map { BN254.G1Point.generator.multiplied(by: $0) })
        }

        /// Valid proofs for random public inputs. The i-th proof has b = b₀ + i, so that B
        /// costs one G2 addition after the first (G2 multiplications are slow in debug builds).
        func prove(count: Int = 1, rng: inout SplitMix64) throws -> [Groth16.Statement] {
            let b0 = BN254.Fr.random(using: &rng)
            var b = b0, bPoint = BN254.G2Point.generator.multiplied(by: b0)
            let deltaInverse = try #require(delta.inverse())
            var statements: [Groth16.Statement] = []
            for _ in 0..<count {
                let inputs = (1..<ic.count).map { _ in BN254.Fr.random(using: &rng) }
                let a = BN254.Fr.random(using: &rng)
                let vkx = zip(inputs, ic.dropFirst()).reduce(ic[0]) { $0 + $1.0 * $1.1 }
                let c = (a * b - alpha * beta - vkx * gamma) * deltaInverse
                statements.append(Groth16.Statement(
                    proof: Groth16.Proof(a: BN254.G1Point.generator.multiplied(by: a), b: bPoint,
                                         c: BN254.G1Point.generator.multiplied(by: c)),
                    publicInputs: inputs))
                b += .one
                bPoint = bPoint + .generator
            }
            return statements
        }
    }

    @Test(arguments: seeds)
    func validAndEachTamperingRejected(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let publicInputs = Int(rng.next() % 3) + 1
        let circuit = Circuit(publicInputs: publicInputs, rng: &rng)
        let key = try Groth16.PreparedVerifyingKey(circuit.key)
        let statement = try circuit.prove(rng: &rng)[0]
        let note = Comment(rawValue: "ROLLPORT_GROTH16_SEED=\(String(seed, radix: 16)), \(publicInputs) public inputs")
        #expect(try key.verify(statement), note)

        var input = statement
        input.publicInputs[Int(rng.next() % UInt64(publicInputs))] += .one
        #expect(try !key.verify(input), note)
        var a = statement
        a.proof.a = a.proof.a + .generator
        #expect(try !key.verify(a), note)
        var b = statement
        b.proof.b = b.proof.b + .generator
        #expect(try !key.verify(b), note)
        var c = statement
        c.proof.c = -c.proof.c
        #expect(try !key.verify(c), note)

        var tamperedKey = circuit.key
        tamperedKey.ic[publicInputs] = tamperedKey.ic[publicInputs] + .generator
        #expect(try !Groth16.verify(key: tamperedKey, proof: statement.proof, publicInputs: statement.publicInputs), note)
    }

    @Test(arguments: seeds)
    func batchNamesTheBadProof(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let circuit = Circuit(publicInputs: 2, rng: &rng)
        let key = try Groth16.PreparedVerifyingKey(circuit.key)
        var statements = try circuit.prove(count: 3, rng: &rng)
        let note = Comment(rawValue: "ROLLPORT_GROTH16_SEED=\(String(seed, radix: 16))")
        #expect(try Groth16.verifyBatch(key, statements, using: &rng).allValid, note)

        let bad = Int(rng.next() % 3)
        statements[bad].proof.c = statements[bad].proof.c + .generator
        #expect(try Groth16.verifyBatch(key, statements, using: &rng) == Groth16.BatchResult(invalid: [bad], count: 3), note)
    }

    /// A mismatched input count is refused before anything is verified.
    @Test func batchRefusesWrongInputCount() throws {
        var rng = SplitMix64(seed: 7)
        let circuit = Circuit(publicInputs: 1, rng: &rng)
        let key = try Groth16.PreparedVerifyingKey(circuit.key)
        var statement = try circuit.prove(rng: &rng)[0]
        statement.publicInputs.append(.one)
        #expect(throws: Groth16.FormatError(.publicInputCount(expected: 1, actual: 2), field: "proofs[1]",
                                            "the key takes 1 public inputs; got 2")) {
            try Groth16.verifyBatch(key, [try circuit.prove(rng: &rng)[0], statement])
        }
        #expect(try Groth16.verifyBatch(key, []).allValid)
    }
}
