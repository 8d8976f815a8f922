import RollportABI
import RollportToolkit
import Synchronization

/// `rollport.host.zk/1`: the toolkit's BN254 pairing check and Groth16 verifier for adapters
/// written in C. Stateless towards the caller; prepared keys are cached by content so that an
/// adapter verifying every batch under the same key pays for the key's checks and e(α, β) once.
nonisolated(unsafe) let hostZKTable: UnsafeMutablePointer<rollport_host_zk_v1> = {
    let t = UnsafeMutablePointer<rollport_host_zk_v1>.allocate(capacity: 1)
    t.initialize(to: rollport_host_zk_v1(
        struct_size: UInt32(MemoryLayout<rollport_host_zk_v1>.size),
        bn254_pairing_check: { _, input, holds, error in
            guard let holds else {
                report(error, "holds must not be NULL")
                return rollport_status(ROLLPORT_INVALID_ARGUMENT)
            }
            switch BN254.Precompile.ecPairing(Array(input.span)) {
            case .success(let output):
                holds.pointee = output.last == 1
                return rollport_status(ROLLPORT_OK)
            case .failure(let failure):
                report(error, "pairing input: \(failure)")
                return rollport_status(ROLLPORT_DECODE_ERROR)
            }
        },
        groth16_verify: { _, verifyingKey, proof, publicInputs, errorOutput in
            do {
                let key = try preparedKeys.key(for: Array(verifyingKey.span))
                let proof = try Groth16.proof(evm: Array(proof.span))
                let inputs = try Groth16.publicInputs(evm: Array(publicInputs.span))
                return rollport_status(try key.verify(proof, publicInputs: inputs) ? ROLLPORT_OK : ROLLPORT_VERIFY_FAILED)
            } catch {
                report(errorOutput, "\(error)")
                return rollport_status(ROLLPORT_DECODE_ERROR)
            }
        }))
    return t
}()

/// Writes a service's error text through the caller's optional output.
func report(_ output: UnsafePointer<rollport_output>?, _ message: String) {
    guard let output, let write = output.pointee.error else { return }
    var text = message
    text.withUTF8 { write(output.pointee.host_ctx, rollport_bytes(ptr: $0.baseAddress, len: $0.count)) }
}

/// Prepared Groth16 keys by keccak-256 of their EVM encoding; a few dozen at most (a host
/// serves a handful of rollups, each with one or two live keys), oldest out first.
final class PreparedKeyCache: Sendable {
    static let capacity = 32

    private struct State {
        var keys: [Hash32: Groth16.PreparedVerifyingKey] = [:]
        var order: [Hash32] = []
    }

    private let state = Mutex(State())

    func key(for bytes: [UInt8]) throws(Groth16.FormatError) -> Groth16.PreparedVerifyingKey {
        let id = Keccak256.hash(bytes)
        if let cached = state.withLock({ $0.keys[id] }) { return cached }
        // Prepared outside the lock: two threads may both prepare a new key, one result is kept.
        let prepared = try Groth16.PreparedVerifyingKey(Groth16.verifyingKey(evm: bytes))
        state.withLock { s in
            guard s.keys[id] == nil else { return }
            if s.order.count >= Self.capacity { s.keys[s.order.removeFirst()] = nil }
            s.keys[id] = prepared
            s.order.append(id)
        }
        return prepared
    }

    var count: Int { state.withLock { $0.keys.count } }
}

let preparedKeys = PreparedKeyCache()
