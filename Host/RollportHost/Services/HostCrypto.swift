import Crypto
import RollportABI
import RollportToolkit

/// `rollport.host.crypto/1`: the toolkit's keccak and secp256k1, and swift-crypto's SHA-256, for
/// adapters written in C. Stateless, so one table serves every instance on any thread.
nonisolated(unsafe) let hostCryptoTable: UnsafeMutablePointer<rollport_host_crypto_v1> = {
    let t = UnsafeMutablePointer<rollport_host_crypto_v1>.allocate(capacity: 1)
    t.initialize(to: rollport_host_crypto_v1(
        struct_size: UInt32(MemoryLayout<rollport_host_crypto_v1>.size),
        keccak256: { _, data, out in
            guard let out else { return }
            Keccak256.hash(UnsafeRawBufferPointer(data.span)).store(to: out)
        },
        sha256: { _, data, out in
            guard let out else { return }
            let digest = SHA256.hash(data: UnsafeRawBufferPointer(data.span))
            digest.withUnsafeBytes { out.update(from: $0.bindMemory(to: UInt8.self).baseAddress!, count: 32) }
        },
        secp256k1_recover: { _, digest, signature, requireLowS, addressOut, pubkeyOut in
            guard let digest, let signature, let addressOut else { return status(ROLLPORT_INVALID_ARGUMENT) }
            let recoveryID = signature[64]
            guard recoveryID <= 1 else { return status(ROLLPORT_INVALID_ARGUMENT) }
            guard let r = UInt256(bigEndian: UnsafeBufferPointer(start: signature, count: 32)),
                  let s = UInt256(bigEndian: UnsafeBufferPointer(start: signature + 32, count: 32))
            else { return status(ROLLPORT_INVALID_ARGUMENT) }
            do {
                let key = try Secp256k1.recover(
                    hash: Hash32(unsafeRawBytes: digest), signature: .init(r: r, s: s, recoveryID: recoveryID),
                    rule: requireLowS ? .lowS : .anyS)
                key.address.store(to: addressOut)
                if let pubkeyOut { pubkeyOut.update(from: Array(key.uncompressed.dropFirst()), count: 64) }
                return status(ROLLPORT_OK)
            } catch {
                return status(ROLLPORT_VERIFY_FAILED)
            }
        },
        secp256k1_sign: { _, digest, privateKey, signatureOut in
            guard let digest, let privateKey, let signatureOut else { return status(ROLLPORT_INVALID_ARGUMENT) }
            do {
                let key = try Secp256k1.PrivateKey(bytes: Array(UnsafeBufferPointer(start: privateKey, count: 32)))
                let signature = try Secp256k1.sign(hash: Hash32(unsafeRawBytes: digest), privateKey: key)
                signatureOut.update(from: signature.bytes, count: 65)
                return status(ROLLPORT_OK)
            } catch {
                return status(ROLLPORT_INVALID_ARGUMENT)
            }
        }))
    return t
}()

private func status(_ value: some BinaryInteger) -> rollport_status { rollport_status(value) }
