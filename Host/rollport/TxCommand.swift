import ArgumentParser
import Foundation
import RollportHost
import RollportToolkit

struct Tx: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tx",
        abstract: "Decode signed transactions (recovering their senders) and sign test transactions.",
        subcommands: [Decode.self, Sign.self, BenchSignatures.self, BenchRecover.self])

    struct Decode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decode a signed transaction of any type and recover its sender.",
            discussion: """
            TX is \(ByteInput.help): legacy, EIP-2930, EIP-1559, EIP-4844 (also the network form with \
            its sidecar) or EIP-7702. Prints every field, the transaction hash, the signing hash and \
            the sender; for EIP-7702 also each authorization's authority (an invalid one is reported, \
            as the EVM skips it). Exit 0 when the transaction decodes and its sender is recovered, 1 \
            when it decodes but its signature is invalid (e.g. s > n/2, EIP-2), 2 when it is malformed.
            """)

        @Argument(help: "The signed transaction: \(ByteInput.help).") var transaction: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            let bytes: [UInt8]
            do { bytes = try ByteInput.read(transaction) } catch {
                if output.json { printJSON(.object([("error", .string("transaction: \(error)"))])) } else { printError("transaction: \(error)") }
                throw Exit.badInput
            }
            let tx: SignedTransaction
            do { tx = try SignedTransaction(encoded: bytes) } catch {
                var members: [(String, JSONValue)] = [("error", .string(error.message))]
                if let field = error.field { members.append(("field", .string(field))) }
                if let offset = error.offset { members.append(("offset", .number(offset))) }
                if output.json { printJSON(.object(members)) } else { printError(error.message) }
                throw Exit.badInput
            }
            let sender = Result { () throws(SignedTransaction.SenderError) -> Address in try tx.recoverSender() }
            if output.json {
                printJSON(TransactionView(tx, sender: sender).json)
            } else {
                print(TransactionView(tx, sender: sender).text)
            }
            if case .failure(let error) = sender {
                if !output.json { printError(error.description) }
                throw Exit.negative
            }
        }
    }

    struct Sign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign a transaction with a private key and print it as raw hex (for tests and devnets).",
            discussion: """
            A key given on the command line is visible to other users of the machine and stays in the \
            shell history: use this only with test and devnet keys. @FILE keeps it off the command line.
            Fee fields by type: 0 and 1 take --gas-price; 2, 3 and 4 take --max-fee-per-gas and \
            --max-priority-fee-per-gas; 3 also takes --max-fee-per-blob-gas and --blob-hash. Amounts \
            are decimal or 0x hex wei. Without --to, types 0-2 create a contract. The signature is \
            deterministic (RFC 6979): the same inputs give the same bytes.
            """)

        @Option(help: "The private key: 32 bytes as \(ByteInput.help). Test keys only.") var key: String
        @Option(help: "0 legacy, 1 EIP-2930, 2 EIP-1559, 3 EIP-4844, 4 EIP-7702.") var type: UInt8 = 2
        @Option(help: "The chain id (EIP-155 for type 0).") var chainId: UInt64 = 1
        @Flag(help: "Type 0 only: sign without a chain id (v = 27/28, before EIP-155).") var preEip155 = false
        @Option var nonce: UInt64 = 0
        @Option(help: "The recipient; none creates a contract (types 0-2).") var to: String?
        @Option(help: "Wei, decimal or 0x hex.") var value: String = "0"
        @Option(help: "Calldata: \(ByteInput.help).") var data: String = "0x"
        @Option(help: "The gas limit.") var gas: UInt64 = 21_000
        @Option(help: "Types 0 and 1, wei.") var gasPrice: String = "1000000000"
        @Option(help: "Types 2-4, wei.") var maxFeePerGas: String = "2000000000"
        @Option(help: "Types 2-4, wei.") var maxPriorityFeePerGas: String = "1000000000"
        @Option(help: "Type 3, wei.") var maxFeePerBlobGas: String = "1000000000"
        @Option(help: "Type 3: a blob versioned hash (repeatable).") var blobHash: [String] = []
        @Option(help: "Types 1-4: ADDRESS or ADDRESS:SLOT,SLOT… (repeatable).") var access: [String] = []
        @Option(help: "Type 4: CHAIN_ID,ADDRESS,NONCE,KEY — an authorization signed by KEY (hex or @FILE; repeatable).")
        var authorize: [String] = []
        @OptionGroup var output: OutputOptions

        func run() throws {
            guard (0...4).contains(type) else { throw bad("--type \(type): expected 0, 1, 2, 3 or 4") }
            if preEip155, type != 0 { throw bad("--pre-eip155 applies to type 0 only") }
            let privateKey = try readKey(key, option: "--key")
            var tx = SignedTransaction(type: type, chainID: preEip155 ? nil : chainId, nonce: nonce, gasLimit: gas, to: nil)
            if let to { tx.to = try address(to, "--to") }
            if type >= 3, tx.to == nil { throw bad("--to is required for type \(type), which cannot create contracts") }
            tx.value = try amount(value, "--value")
            do { tx.input = try ByteInput.read(data) } catch { throw bad("--data: \(error)") }
            if type <= 1 {
                tx.gasPrice = try amount(gasPrice, "--gas-price")
            } else {
                tx.maxFeePerGas = try amount(maxFeePerGas, "--max-fee-per-gas")
                tx.maxPriorityFeePerGas = try amount(maxPriorityFeePerGas, "--max-priority-fee-per-gas")
            }
            if type == 3 {
                tx.maxFeePerBlobGas = try amount(maxFeePerBlobGas, "--max-fee-per-blob-gas")
                for text in blobHash {
                    do { tx.blobVersionedHashes.append(try Hash32(hex: text)) } catch { throw bad("--blob-hash \(text): \(error)") }
                }
            } else if !blobHash.isEmpty {
                throw bad("--blob-hash applies to type 3 only")
            }
            if !access.isEmpty {
                guard type >= 1 else { throw bad("--access applies to types 1-4") }
                tx.accessList = try access.map(accessEntry)
            }
            if !authorize.isEmpty {
                guard type == 4 else { throw bad("--authorize applies to type 4 only") }
                tx.authorizationList = try authorize.map(authorization)
            }
            do { try tx.sign(with: privateKey) } catch { throw bad("signing: \(error)") }
            let raw = tx.encoded()
            if output.json {
                printJSON(.object([("raw", .string(Hex.encode(raw))), ("hash", .string(tx.hash.description)),
                                   ("from", .string(privateKey.address.description))]))
            } else {
                print(Hex.encode(raw))
            }
        }

        private func bad(_ message: String) -> ExitCode {
            printError(message)
            return Exit.badInput
        }

        private func readKey(_ text: String, option: String) throws -> Secp256k1.PrivateKey {
            do { return try Secp256k1.PrivateKey(bytes: try ByteInput.read(text)) } catch {
                throw bad("\(option): \(error)")
            }
        }

        private func address(_ text: String, _ option: String) throws -> Address {
            do { return try Address(hex: text.trimmingCharacters(in: .whitespaces)) } catch { throw bad("\(option) \(text): \(error)") }
        }

        private func amount(_ text: String, _ option: String) throws -> UInt256 {
            guard let value = UInt256(text) else { throw bad("\(option) \(text): expected a decimal or 0x hex amount below 2^256") }
            return value
        }

        private func accessEntry(_ text: String) throws -> SignedTransaction.AccessListEntry {
            let parts = text.split(separator: ":", maxSplits: 1)
            let entry = try address(String(parts.first ?? ""), "--access")
            var keys = [Hash32]()
            if parts.count == 2 {
                for slot in parts[1].split(separator: ",") {
                    guard let value = UInt256(slot) else { throw bad("--access \(text): slot \(slot) is not a 32-byte number") }
                    keys.append(Hash32(bytes: value.bigEndianBytes) ?? .zero)
                }
            }
            return SignedTransaction.AccessListEntry(address: entry, storageKeys: keys)
        }

        private func authorization(_ text: String) throws -> SignedTransaction.Authorization {
            let parts = text.split(separator: ",", maxSplits: 3).map(String.init)
            guard parts.count == 4 else { throw bad("--authorize \(text): expected CHAIN_ID,ADDRESS,NONCE,KEY") }
            guard let chain = UInt256(parts[0]) else { throw bad("--authorize: chain id \(parts[0]) is not a number") }
            guard let nonce = UInt64(parts[2]) else { throw bad("--authorize: nonce \(parts[2]) is not a 64-bit number") }
            var authorization = SignedTransaction.Authorization(chainID: chain, address: try address(parts[1], "--authorize"), nonce: nonce)
            do { try authorization.sign(with: try readKey(parts[3], option: "--authorize")) } catch let error as Secp256k1.Error {
                throw bad("--authorize: \(error)")
            }
            return authorization
        }
    }

    /// Signatures for comparing recovery speed with other libraries: one line per signature,
    /// `hash signature65 publickey65` in hex, signed by keys keccak256("rollport bench key N").
    struct BenchSignatures: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "bench-signatures", shouldDisplay: false)
        @Option var count = 1024

        func run() throws {
            for i in 0..<count {
                let key = try Secp256k1.PrivateKey(bytes: Keccak256.hash("rollport bench key \(i % 64)").bytes)
                let hash = Keccak256.hash("rollport bench message \(i)")
                let signature = try Secp256k1.sign(hash: hash, privateKey: key)
                print("\(Hex.encode(hash.bytes, prefix: false)) \(Hex.encode(signature.bytes, prefix: false)) \(Hex.encode(key.publicKey.uncompressed, prefix: false))")
            }
        }
    }

    /// Times recovery of the signatures `bench-signatures` wrote, on one thread, after checking
    /// every recovered public key.
    struct BenchRecover: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "bench-recover", shouldDisplay: false)
        @Argument var file: String
        @Option var rounds = 5

        func run() throws {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                printError("cannot read \(file)")
                throw Exit.badInput
            }
            var cases: [(Hash32, Secp256k1.RecoverableSignature, [UInt8])] = []
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: " ")
                guard parts.count == 3, let hash = try? Hash32(hex: parts[0]), let sig = try? Hex.decode(parts[1], count: 65),
                      let key = try? Hex.decode(parts[2], count: 65), let r = UInt256(bigEndian: sig[0..<32]), let s = UInt256(bigEndian: sig[32..<64])
                else {
                    printError("\(file): expected lines `hash signature65 publickey65` in hex")
                    throw Exit.badInput
                }
                cases.append((hash, Secp256k1.RecoverableSignature(r: r, s: s, recoveryID: sig[64]), key))
            }
            for (hash, signature, key) in cases {
                guard (try? Secp256k1.recover(hash: hash, signature: signature, rule: .anyS))?.uncompressed == key else {
                    printError("recovery disagrees for hash \(hash)")
                    throw Exit.negative
                }
            }
            let clock = ContinuousClock()
            var keyBest = Duration.seconds(1_000), addressBest = Duration.seconds(1_000)
            var sink = 0
            for _ in 0..<max(1, rounds) {
                let keyTime = clock.measure {
                    for (hash, signature, _) in cases {
                        sink &+= Int((try? Secp256k1.recover(hash: hash, signature: signature, rule: .anyS))?.uncompressed[64] ?? 0)
                    }
                }
                let addressTime = clock.measure {
                    for (hash, signature, _) in cases {
                        sink &+= Int((try? Secp256k1.recoverAddress(hash: hash, signature: signature, rule: .anyS))?.low ?? 0)
                    }
                }
                keyBest = min(keyBest, keyTime)
                addressBest = min(addressBest, addressTime)
            }
            func micros(_ d: Duration) -> Double {
                d.seconds * 1e6 / Double(max(1, cases.count))
            }
            printJSON(.object([("count", .number(cases.count)), ("rounds", .number(rounds)),
                               ("microsecondsPerRecovery", .number(micros(keyBest))),
                               ("microsecondsPerRecoveryWithAddress", .number(micros(addressBest))),
                               ("checksum", .number(sink & 0xff))]))
        }
    }
}

/// A decoded transaction as the `tx decode` verb shows it.
struct TransactionView {
    let tx: SignedTransaction
    let sender: Result<Address, SignedTransaction.SenderError>

    init(_ tx: SignedTransaction, sender: Result<Address, SignedTransaction.SenderError>) {
        self.tx = tx; self.sender = sender
    }

    static let typeNames: [UInt8: String] = [0: "legacy", 1: "EIP-2930", 2: "EIP-1559", 3: "EIP-4844", 4: "EIP-7702"]

    var members: [(String, JSONValue)] {
        var out: [(String, JSONValue)] = [("type", .number(tx.type)), ("hash", .string(tx.hash.description))]
        switch sender {
        case .success(let from): out.append(("from", .string(from.description)))
        case .failure(let error): out += [("from", .null), ("fromError", .string(error.description))]
        }
        out += [("chainId", tx.chainID.map { .number($0) } ?? .null), ("nonce", .number(tx.nonce)), ("gas", .number(tx.gasLimit))]
        if tx.type <= 1 {
            out.append(("gasPrice", .string(tx.gasPrice.description)))
        } else {
            out += [("maxPriorityFeePerGas", .string(tx.maxPriorityFeePerGas.description)), ("maxFeePerGas", .string(tx.maxFeePerGas.description))]
        }
        out += [("to", tx.to.map { .string($0.description) } ?? .null), ("value", .string(tx.value.description)),
                ("data", .string(Hex.encode(tx.input)))]
        if tx.type >= 1 {
            out.append(("accessList", .array(tx.accessList.map { entry in
                .object([("address", .string(entry.address.description)), ("storageKeys", .array(entry.storageKeys.map { .string($0.description) }))])
            })))
        }
        if tx.type == 3 {
            out += [("maxFeePerBlobGas", .string(tx.maxFeePerBlobGas.description)),
                    ("blobVersionedHashes", .array(tx.blobVersionedHashes.map { .string($0.description) }))]
        }
        if tx.type == 4 {
            let authorities = tx.recoverAuthorities()
            out.append(("authorizationList", .array(zip(tx.authorizationList, authorities).map { authorization, authority in
                var fields: [(String, JSONValue)] = [
                    ("chainId", .string(authorization.chainID.description)), ("address", .string(authorization.address.description)),
                    ("nonce", .number(authorization.nonce)), ("yParity", .number(authorization.yParity)),
                    ("r", .string(Hex.encode(authorization.r.bigEndianBytes))), ("s", .string(Hex.encode(authorization.s.bigEndianBytes))),
                    ("signingHash", .string(authorization.signingHash.description)),
                ]
                switch authority {
                case .success(let address): fields.append(("authority", .string(address.description)))
                case .failure(let error): fields += [("authority", .null), ("authorityError", .string(error.description))]
                }
                return .object(fields)
            })))
        }
        if tx.type == 0 { out.append(("v", .string(tx.v.description))) }
        out += [("yParity", .number(tx.yParity)), ("r", .string(Hex.encode(tx.r.bigEndianBytes))), ("s", .string(Hex.encode(tx.s.bigEndianBytes))),
                ("signingHash", .string(tx.signingHash.description))]
        if let sidecar = tx.sidecar {
            out.append(("sidecar", .object([
                ("wrapperVersion", .number(sidecar.wrapperVersion)), ("blobs", .number(sidecar.blobs.count)),
                ("commitments", .array(sidecar.commitments.map { .string(Hex.encode($0)) })),
                ("proofs", .array(sidecar.proofs.map { .string(Hex.encode($0)) })),
            ])))
        }
        return out
    }

    var json: JSONValue { .object(members) }

    var text: String {
        var lines = ["type \(tx.type) (\(Self.typeNames[tx.type] ?? "unknown"))"]
        for (name, value) in members.dropFirst() {
            switch value {
            case .array(let items) where items.isEmpty: lines.append("\(name): []")
            case .array(let items):
                lines.append("\(name):")
                for item in items { lines.append("  \(item.compact)") }
            case .object: lines.append("\(name): \(value.compact)")
            case .string(let s): lines.append("\(name): \(s)")
            case .null: lines.append("\(name): none")
            default: lines.append("\(name): \(value.compact)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
