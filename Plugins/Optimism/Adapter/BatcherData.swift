import OptimismDerivation
import RollportAdapterKit
import RollportToolkit

/// The frames one batcher transaction carries: its calldata, or its blobs (checked against the
/// transaction's versioned hashes when the sidecars carry commitments).
struct BatcherData {
    enum Location: String { case calldata, blobs }

    var location: Location
    var frames: [Frame]
    /// Blobs: "matched" when every sidecar's commitment hashes to its versioned hash, "no
    /// commitment" when at least one sidecar came without one (that blob is decoded unchecked).
    var versionedHashCheck: String?
    /// Blobs that did not decode; derivation ignores them.
    var ignoredBlobs: [(index: Int, reason: String)] = []

    var checks: JSONValue? {
        guard let versionedHashCheck else { return nil }
        // KZG proofs are not verified: the blob bytes are trusted to match their commitment.
        return .object([("versionedHash", .string(versionedHashCheck)), ("kzgProof", .string("not verified"))])
    }

    init(item: Item, transaction tx: Transaction) throws(AdapterError) {
        let hashes = tx.blobVersionedHashes
        guard tx.type == 3 || !hashes.isEmpty else {
            location = .calldata
            do { frames = try BatcherPayload.frames(calldata: tx.input) } catch {
                throw AdapterError.decode("batcher \(tx.name): \(error)")
            }
            return
        }
        location = .blobs
        let sidecars = item.blobs
        guard !sidecars.isEmpty else {
            throw AdapterError.unavailable("blob \(tx.name) carries \(hashes.count) blobs but the item has no sidecars; add them as \"blobs\" (beacon sidecars, in versioned-hash order)")
        }
        guard sidecars.count == hashes.count else {
            throw AdapterError.decode("blob transaction has \(hashes.count) versioned hashes but the item carries \(sidecars.count) sidecars; give one per versioned hash, in order")
        }
        var missingCommitment = false
        var blobs = [[UInt8]]()
        for (i, sidecar) in sidecars.enumerated() {
            if sidecar.kzgCommitment.isEmpty {
                missingCommitment = true
            } else {
                let computed: Hash32
                do { computed = try KZGCommitment.versionedHash(Array(sidecar.kzgCommitment)) } catch {
                    throw AdapterError.decode("blobs[\(i)].kzg_commitment: \(error)")
                }
                guard computed == hashes[i] else {
                    throw AdapterError.verifyFailed("blob \(i): its kzg_commitment hashes to \(computed), but the transaction's versioned hash \(i) is \(hashes[i]); the sidecar is not this transaction's blob")
                }
            }
            guard sidecar.blob.count == OPBlobCodec.blobSize else {
                throw AdapterError.decode("blobs[\(i)].blob is \(sidecar.blob.count) bytes; a blob is \(OPBlobCodec.blobSize)")
            }
            blobs.append(Array(sidecar.blob))
        }
        versionedHashCheck = missingCommitment ? "no commitment" : "matched"
        frames = []
        for (i, blob) in blobs.enumerated() {
            do { frames += try BatcherPayload.frames(blob: blob, index: i) } catch {
                ignoredBlobs.append((i, error.description))
            }
        }
        if frames.isEmpty, let first = ignoredBlobs.first {
            throw AdapterError.decode("no blob of the transaction decodes; blob \(first.index): \(first.reason)")
        }
    }

    var framesJSON: JSONValue {
        .array(frames.map { f in
            .object([("channelId", .string(f.channelID.description)), ("number", .number(f.number)),
                     ("length", .number(f.data.count)), ("isLast", .bool(f.isLast))])
        })
    }
}

extension Transaction {
    /// "transaction 0x…", or "transaction (hash unknown)" for an item given without one, for messages.
    var name: String { hash.map { "transaction \($0)" } ?? "transaction (hash unknown)" }
}
