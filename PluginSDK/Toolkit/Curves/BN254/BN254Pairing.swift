// The optimal ate pairing on BN254: a Miller loop over 6x + 2 (signed binary digits) with two
// Frobenius-twisted lines at the end, then the final exponentiation by (p¹² − 1)/r.

extension BN254 {
    /// One Miller-loop line, up to a factor in Fp2: ℓ(P) = r0·yP + r1·xP·w + r2·w³.
    @usableFromInline
    struct Line: Sendable {
        @usableFromInline var r0, r1, r2: Fp2
        @inlinable init(_ r0: Fp2, _ r1: Fp2, _ r2: Fp2) { self.r0 = r0; self.r1 = r1; self.r2 = r2 }
    }

    /// A line divided by its w⁰ coefficient r0: ℓ(P)/(r0·yP) = 1 + b·(xP/yP)·w + c·(1/yP)·w³ with
    /// b = r1/r0, c = r2/r0. The final exponentiation removes the factor r0·yP ∈ Fp2, and
    /// multiplying by a line whose w⁰ coefficient is 1 takes 10 Fp2 products instead of 13.
    @usableFromInline
    struct NormalizedLine: Sendable {
        @usableFromInline var b, c: Fp2
        @inlinable init(_ b: Fp2, _ c: Fp2) { self.b = b; self.c = c }
    }

    /// The Miller-loop lines of a fixed G2 point, computed once: pairing with a prepared point
    /// does only Fp12 work (verifying keys, the G2 generator, [τ]₂).
    public struct G2Prepared: Sendable {
        @usableFromInline let lines: [Line]
        /// The lines divided by their r0 (one batch inversion); nil when some r0 is zero, which
        /// only a point outside G2 can cause.
        @usableFromInline let normalized: [NormalizedLine]?
        public let isInfinity: Bool

        public init(_ q: G2Point) { self.init(q, normalize: true) }

        /// Without normalization for a point used once: the batch inversion would cost more than
        /// the cheaper line products save in one Miller loop.
        init(_ q: G2Point, normalize: Bool) {
            isInfinity = q.isInfinity
            lines = q.isInfinity ? [] : G2Prepared.computeLines(q)
            normalized = normalize ? G2Prepared.normalize(lines) : nil
        }

        /// (r1/r0, r2/r0) for every line, with one inversion (Montgomery's batch trick).
        static func normalize(_ lines: [Line]) -> [NormalizedLine]? {
            guard !lines.isEmpty else { return [] }
            var prefix = [Fp2]()
            prefix.reserveCapacity(lines.count)
            var running = Fp2.one
            for line in lines {
                prefix.append(running)
                running = running * line.r0
            }
            guard var inverse = running.inverse() else { return nil }
            var result = [NormalizedLine](repeating: NormalizedLine(.zero, .zero), count: lines.count)
            for i in stride(from: lines.count - 1, through: 0, by: -1) {
                let r0Inverse = inverse * prefix[i]
                inverse = inverse * lines[i].r0
                result[i] = NormalizedLine(lines[i].r1 * r0Inverse, lines[i].r2 * r0Inverse)
            }
            return result
        }

        /// 6x + 2 in signed binary, least significant digit first.
        @usableFromInline
        static let loopDigits: [Int8] = [
            0, 0, 0, 1, 0, 1, 0, -1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1, 0, -1, 0, 0, 0, 1, 0, -1, 0, 0, 0, 0, -1, 0, 0,
            1, 0, -1, 0, 0, 1, 0, 0, 0, 0, 0, -1, 0, 0, -1, 0, 1, 0, -1, 0, 0, 0, -1, 0, -1, 0, 0, 0, 1, 0, -1, 0, 1,
        ]

        /// T in homogeneous projective coordinates (x = X/Z, y = Y/Z) on the twist.
        struct Projective {
            var x, y, z: Fp2

            /// T ← 2T; returns the tangent line at T (Costello–Lange–Naehrig, as in
            /// Aranha–Barreto–Longa–Ricardini 2013/722 §4.3).
            mutating func double() -> Line {
                let a = (x * y).halved()
                let b = y.squared()
                let c = z.squared()
                let e = G2Point.twistB * (c.doubled() + c)
                let f = e.doubled() + e
                let g = (b + f).halved()
                let h = (y + z).squared() - (b + c)
                let i = e - b
                let j = x.squared()
                let ee = e.squared()
                x = a * (b - f)
                y = g.squared() - (ee.doubled() + ee)
                z = b * h
                return Line(-h, j.doubled() + j, i)
            }

            /// The line through T and the affine point q, without moving T.
            func line(through q: (x: Fp2, y: Fp2)) -> (Line, o: Fp2, l: Fp2) {
                let o = y - q.y * z
                let l = x - q.x * z
                return (Line(l, -o, q.x * o - l * q.y), o, l)
            }

            /// T ← T + q for an affine q; returns the line through T and q.
            mutating func add(_ q: (x: Fp2, y: Fp2)) -> Line {
                let (line, o, l) = line(through: q)
                let c = o.squared()
                let d = l.squared()
                let e = l * d
                let f = z * c
                let g = x * d
                let h = e + f - g.doubled()
                let newX = l * h
                y = (g - h) * o - y * e
                x = newX
                z = e * z
                return line
            }
        }

        static func computeLines(_ q: G2Point) -> [Line] {
            var lines = [Line]()
            lines.reserveCapacity(90)
            let base = (x: q.px, y: q.py)
            let negated = (x: q.px, y: -q.py)
            var t = Projective(x: q.px, y: q.py, z: .one)
            for i in stride(from: loopDigits.count - 2, through: 0, by: -1) {
                lines.append(t.double())
                switch loopDigits[i] {
                case 1: lines.append(t.add(base))
                case -1: lines.append(t.add(negated))
                default: break
                }
            }
            // Q1 = π(Q) and Q2 = −π²(Q) = (x·γ₂,₂, y) on the twist.
            let q1 = (x: q.px.conjugated() * Frobenius.gamma1.1, y: q.py.conjugated() * Frobenius.gamma1.2)
            let q2 = (x: q.px * Frobenius.gamma2.1, y: q.py)
            lines.append(t.add(q1))
            lines.append(t.line(through: q2).0)
            return lines
        }
    }

    public enum Pairing {
        /// Π f_{6x+2,Qᵢ}(Pᵢ) times the two Frobenius lines, sharing the squarings across pairs;
        /// pairs with a point at infinity contribute 1. The value is defined up to factors in
        /// proper subfields (lines are scaled), which the final exponentiation removes.
        public static func millerLoop(_ pairs: [(G1Point, G2Prepared)]) -> Fp12 {
            let active = pairs.filter { !$0.0.isInfinity && !$0.1.isInfinity }
            if active.isEmpty { return .one }
            // Per pair: normalized lines with (xP/yP, 1/yP), or the plain lines with (xP, yP).
            var normalizedSets = [[NormalizedLine]](), xOverY = [Fp](), yInverse = [Fp]()
            var plainSets = [[Line]](), xs = [Fp](), ys = [Fp]()
            for (p, q) in active {
                if let normalized = q.normalized, let inverse = p.py.inverse() {
                    normalizedSets.append(normalized)
                    xOverY.append(p.px * inverse)
                    yInverse.append(inverse)
                } else {
                    plainSets.append(q.lines)
                    xs.append(p.px)
                    ys.append(p.py)
                }
            }
            let digits = G2Prepared.loopDigits
            var f = Fp12.one
            var index = 0
            @inline(__always) func multiplyLines() {
                for k in 0..<normalizedSets.count {
                    let line = normalizedSets[k][index]
                    f = f.mulBy34(line.b * xOverY[k], line.c * yInverse[k])
                }
                for k in 0..<plainSets.count {
                    let line = plainSets[k][index]
                    f = f.mulBy034(line.r0 * ys[k], line.r1 * xs[k], line.r2)
                }
                index += 1
            }
            for i in stride(from: digits.count - 2, through: 0, by: -1) {
                if i != digits.count - 2 { f = f.squared() }
                multiplyLines()
                if digits[i] != 0 { multiplyLines() }
            }
            multiplyLines()
            multiplyLines()
            return f
        }

        public static func millerLoop(_ pairs: [(G1Point, G2Point)]) -> Fp12 {
            millerLoop(pairs.map { ($0.0, G2Prepared($0.0.isInfinity ? .infinity : $0.1, normalize: false)) })
        }

        /// f^((p¹² − 1)/r): the easy part (p⁶ − 1)(p² + 1), then the hard part
        /// (p⁴ − p² + 1)/r exactly (Scott et al. 2009), with cyclotomic squarings.
        ///
        /// snarkjs and gnark raise to m·(p¹² − 1)/r with m = `snarkjsExponentFactor`: their GT
        /// values (such as a verifying key's `vk_alphabeta_12`) equal these raised to m.
        public static func finalExponentiation(_ f: Fp12) -> Fp12 {
            guard let inverse = f.inverse() else { return f }
            var g = f.conjugated() * inverse
            g = g.frobeniusSquared() * g
            return hardPart(g)
        }

        /// m = 2x(6x² + 3x + 1), the factor between snarkjs's/gnark's final exponent and (p¹² − 1)/r.
        public static let snarkjsExponentFactor = UInt256(limbs: (0x2e5d_4e22_3dde_daf4, 0x1ea9_6b02_d9d9_e38d, 0x3bec_47df_15e3_07c8, 0))

        /// The seed x in signed binary (non-adjacent form), least significant digit first: 24
        /// non-zero digits instead of 28 ones.
        @usableFromInline
        static let seedDigits: [Int8] = [
            1, 0, 0, 0, -1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 1, 0, -1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0,
            0, 0, 1, 0, -1, 0, -1, 0, -1, 0, 1, 0, 1, 0, 0, -1, 0, 1, 0, 1, 0, -1, 0, 0, 1, 0, 1, 0, 0, 0, 1,
        ]

        /// f^x for the seed x, f in the cyclotomic subgroup (where f⁻¹ is the conjugate).
        @usableFromInline
        static func powSeed(_ f: Fp12) -> Fp12 {
            let inverse = f.conjugated()
            let digits = seedDigits
            var result = f
            for i in stride(from: digits.count - 2, through: 0, by: -1) {
                result = result.cyclotomicSquared()
                switch digits[i] {
                case 1: result = result * f
                case -1: result = result * inverse
                default: break
                }
            }
            return result
        }

        /// f^λ, λ = (p⁴ − p² + 1)/r = λ0 + λ1·p + λ2·p² + p³ with λ2 = 6x² + 1,
        /// λ1 = −36x³ − 18x² − 12x + 1, λ0 = −36x³ − 30x² − 18x − 2:
        /// a = f^−(6x+5), b = aᵖ·a, f^λ = f^(p³)·[b·(fᵖ)²·f^(p²)]^(6x²+1)·b·(fᵖ·f)⁹·a·f⁴.
        static func hardPart(_ f: Fp12) -> Fp12 {
            let f2 = f.cyclotomicSquared()
            let f4 = f2.cyclotomicSquared()
            let fx = powSeed(f)
            let fx2 = fx.cyclotomicSquared()
            let fx6 = fx2.cyclotomicSquared() * fx2
            let a = (fx6 * f4 * f).conjugated()
            let b = a.frobenius() * a
            let fp = f.frobenius()
            let t = b * fp.cyclotomicSquared() * f.frobeniusSquared()
            let txx = powSeed(powSeed(t))
            let txx2 = txx.cyclotomicSquared()
            let t6x2plus1 = txx2.cyclotomicSquared() * txx2 * t
            let g = fp * f
            let g9 = g.cyclotomicSquared().cyclotomicSquared().cyclotomicSquared() * g
            return f.frobeniusCubed() * t6x2plus1 * b * g9 * a * f4
        }

        /// e(P, Q), reduced.
        public static func pairing(_ p: G1Point, _ q: G2Point) -> Fp12 {
            finalExponentiation(millerLoop([(p, q)]))
        }

        /// Whether Π e(Pᵢ, Qᵢ) = 1 (one final exponentiation for all pairs).
        public static func check(_ pairs: [(G1Point, G2Point)]) -> Bool {
            finalExponentiation(millerLoop(pairs)).isOne
        }

        public static func check(prepared pairs: [(G1Point, G2Prepared)]) -> Bool {
            finalExponentiation(millerLoop(pairs)).isOne
        }
    }
}
