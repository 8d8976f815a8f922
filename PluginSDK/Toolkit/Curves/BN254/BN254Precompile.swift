extension BN254 {
    /// Ethereum's BN254 precompiles with their exact EIP-196/197 input rules: ecAdd (0x06) and
    /// ecMul (0x07) right-pad short input with zeros and ignore bytes past 128 resp. 96; ecPairing
    /// (0x08) takes k·192 bytes (k ≥ 0) and answers a 32-byte 1 or 0. A failure is what the EVM
    /// reports as a failed call (all gas consumed).
    public enum Precompile {
        /// Gas under EIP-1108 (Istanbul and later).
        public static let ecAddGas = 150
        public static let ecMulGas = 6_000
        public static func ecPairingGas(pairs: Int) -> Int { 45_000 + 34_000 * pairs }

        public static func ecAdd(_ input: [UInt8]) -> Result<[UInt8], PrecompileFailure> {
            do {
                let a = try G1Point(evmWords: input, at: 0)
                let b = try G1Point(evmWords: input, at: 64)
                return .success((a + b).evmEncoding)
            } catch {
                return .failure(PrecompileFailure(.invalidPoint(error, group: "G1")))
            }
        }

        public static func ecMul(_ input: [UInt8]) -> Result<[UInt8], PrecompileFailure> {
            do {
                let point = try G1Point(evmWords: input, at: 0)
                return .success(point.multiplied(by: UInt256.word(input, at: 64)).evmEncoding)
            } catch {
                return .failure(PrecompileFailure(.invalidPoint(error, group: "G1")))
            }
        }

        public static func ecPairing(_ input: [UInt8]) -> Result<[UInt8], PrecompileFailure> {
            guard input.count % 192 == 0 else { return .failure(PrecompileFailure(.lengthNotMultipleOf192(input.count))) }
            var pairs = [(G1Point, G2Point)]()
            pairs.reserveCapacity(input.count / 192)
            for base in stride(from: 0, to: input.count, by: 192) {
                let p: G1Point, q: G2Point
                do { p = try G1Point(evmWords: input, at: base) } catch {
                    return .failure(PrecompileFailure(.invalidPoint(error, group: "G1")))
                }
                do { q = try G2Point(evmWords: input, at: base + 64) } catch {
                    return .failure(PrecompileFailure(.invalidPoint(error, group: "G2")))
                }
                pairs.append((p, q))
            }
            var output = [UInt8](repeating: 0, count: 32)
            if Pairing.check(pairs) { output[31] = 1 }
            return .success(output)
        }
    }

    /// Why a precompile call fails (the EVM call fails and consumes all its gas).
    public struct PrecompileFailure: Error, Sendable, Equatable, CustomStringConvertible {
        public enum Reason: Sendable, Equatable {
            /// ecPairing input whose length is not a multiple of 192.
            case lengthNotMultipleOf192(Int)
            /// A point of the input was refused; the error's offset is into the whole input.
            case invalidPoint(EncodingError, group: String)
        }

        public var reason: Reason

        public init(_ reason: Reason) { self.reason = reason }

        public var description: String {
            switch reason {
            case .lengthNotMultipleOf192(let length):
                return "input length \(length) is not a multiple of 192 (each pair is a 64-byte G1 point and a 128-byte G2 point)"
            case .invalidPoint(let error, let group):
                let text = error.description
                return text.hasPrefix(group) ? text : "\(group) \(text)"
            }
        }
    }
}
