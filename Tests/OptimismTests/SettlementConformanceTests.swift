import OptimismSettlement
import RollportToolkit
import Testing

/// Every expected value of the deposits and withdrawals vectors.
@Suite struct SettlementConformanceTests {
    static func hash(_ v: JSONValue?) throws -> Hash32 { try Hash32(hex: try #require(v?.string)) }
    static func address(_ v: JSONValue?) throws -> Address { try Address(hex: try #require(v?.string)) }
    static func bytes(_ v: JSONValue?) throws -> [UInt8] { try Hex.decode(try #require(v?.string)) }
    static func uint(_ v: JSONValue?) throws -> UInt256 {
        let v = try #require(v)
        if let s = v.string { return try #require(UInt256(s)) }
        return try #require(v.numberText.flatMap { UInt256($0) })
    }

    // MARK: deposits

    @Test func sourceHashesOfEveryDomain() throws {
        guard let dir = OPVectors.locate() else { return }
        let cases = try #require(try OPVectors.json("deposits/source_hashes.json", in: dir)["cases"]?.array)
        #expect(cases.count == 7)
        for c in cases {
            let source: DepositSource
            switch c["domain"]?.numberText {
            case "0": source = .user(l1BlockHash: try Self.hash(c["l1BlockHash"]), logIndex: try #require(try Self.uint(c["logIndex"]).uint64))
            case "1": source = .l1Info(l1BlockHash: try Self.hash(c["l1BlockHash"]), sequenceNumber: try #require(try Self.uint(c["seqNumber"]).uint64))
            case "2": source = .upgrade(intent: try #require(c["intent"]?.string))
            case "3": source = .depositsComplete(l1BlockHash: try Self.hash(c["l1BlockHash"]), sequenceNumber: try #require(try Self.uint(c["seqNumber"]).uint64))
            default: Issue.record("unknown domain \(String(describing: c["domain"]))"); continue
            }
            #expect(source.sourceHash == (try Self.hash(c["expected"])), "\(c["source"]?.string ?? "")")
        }
    }

    @Test func aliasingTheL1Messenger() throws {
        let messenger = try Address(hex: "0x25ace71c97B33Cc4729CF772ae268934F7ab5fA1")
        #expect(messenger.l1ToL2Alias == (try Address(hex: "0x36bde71c97b33cc4729cf772ae268934f7ab70b2")))
        #expect(messenger.l1ToL2Alias.undoingL1ToL2Alias == messenger)
        // Wraps around 2^160.
        let top = try Address(hex: "0xffffffffffffffffffffffffffffffffffffffff")
        #expect(top.l1ToL2Alias == (try Address(hex: "0x1111000000000000000000000000000000001110")))
        #expect(top.l1ToL2Alias.undoingL1ToL2Alias == top)
    }

    @Test func theRealDepositLogGivesItsL2Hash() throws {
        guard let dir = OPVectors.locate() else { return }
        let real = try #require(try OPVectors.json("deposits/user_deposits.json", in: dir)["verified_real"])
        let log = try #require(real["log"])
        let opaque = try Self.bytes(log["opaqueData"])
        // The log as the portal emits it: abi.encode(opaqueData).
        let data = UInt256(32).bigEndianBytes + UInt256(UInt64(opaque.count)).bigEndianBytes + opaque + [UInt8](repeating: 0, count: (32 - opaque.count % 32) % 32)
        let from = try Self.address(log["from"]), to = try Self.address(log["to"])
        let pad = [UInt8](repeating: 0, count: 12)
        let topics = [TransactionDeposited.topic, try #require(Hash32(bytes: pad + from.bytes)), try #require(Hash32(bytes: pad + to.bytes)), .zero]
        let event = try TransactionDeposited(topics: topics, data: data)
        #expect(event.value == UInt256(69))
        #expect(event.gasLimit == 21000)
        #expect(!event.isCreation && event.data.isEmpty && event.mint.isZero)
        #expect(event.logData == data && event.topics == topics)
        let tx = event.transaction(l1BlockHash: try Self.hash(log["blockHash"]), logIndex: 109)
        #expect(tx.sourceHash == (try Self.hash(real["sourceHash"])))
        #expect(tx.encoded() == (try Self.bytes(real["depositTxRaw"])))
        #expect(tx.hash == (try Self.hash(real["expected_l2_tx_hash"])))
        #expect(tx.hash.description == "0x0a60b983815ed475c5919609025204a479654d93afc610feca7d99ae0befc329")
        #expect(try DepositTransaction(encoded: tx.encoded()) == tx)
    }

    @Test func konaLogsGiveTheirExactEncodings() throws {
        guard let dir = OPVectors.locate() else { return }
        let cases = try #require(try OPVectors.json("deposits/user_deposits.json", in: dir)["synthetic_kona"]?.array)
        #expect(cases.count == 2)
        for c in cases {
            let topics = try #require(c["topics"]?.array).map { try Self.hash($0) }
            let event = try TransactionDeposited(topics: topics, data: try Self.bytes(c["data"]))
            let tx = event.transaction(l1BlockHash: try Self.hash(c["l1BlockHash"]), logIndex: try #require(try Self.uint(c["logIndex"]).uint64))
            #expect(tx.encoded() == (try Self.bytes(c["expected_deposit_tx"])), "\(c["source"]?.string ?? "")")
            #expect(try DepositTransaction(encoded: tx.encoded()) == tx)
        }
    }

    @Test func thirteenRealMessengerDeposits() throws {
        guard let dir = OPVectors.locate() else { return }
        let logs = try #require(try OPVectors.json("deposits/user_deposits.json", in: dir)["computed_real_logs"]?["logs"]?.array)
        #expect(logs.count == 13)
        let messengers: Set<Address> = [try Address(hex: "0x25ace71c97B33Cc4729CF772ae268934F7ab5fA1"), try Address(hex: "0x866E82a600A1414e583f7F13623F1aC5d58b0Afa")]
        var senders = [Address: Int]()
        for log in logs {
            let event = try TransactionDeposited(topics: try #require(log["topics"]?.array).map { try Self.hash($0) }, data: try Self.bytes(log["data"]))
            // The L1 messengers are contracts: the portals logged their aliases. The transaction
            // deposited through both OP Mainnet's messenger and Base's.
            #expect(messengers.contains(event.from.undoingL1ToL2Alias), "\(event.from)")
            senders[event.from.undoingL1ToL2Alias, default: 0] += 1
            let tx = event.transaction(l1BlockHash: try Self.hash(log["blockHash"]), logIndex: try #require(try Self.uint(log["logIndex"]).uint64))
            #expect(tx.sourceHash == (try Self.hash(log["sourceHash"])))
            #expect(tx.encoded() == (try Self.bytes(log["depositTxRaw"])))
            #expect(tx.hash == (try Self.hash(log["l2TxHash"])))
        }
        #expect(senders.values.sorted() == [5, 8])
    }

    @Test func l1AttributesDepositsParseAndRebuild() throws {
        guard let dir = OPVectors.locate() else { return }
        let txs = try #require(try OPVectors.json("deposits/l1_info_deposit_txs.json", in: dir)["txs"]?.array)
        #expect(txs.count == 2)
        for t in txs {
            let raw = try Self.bytes(t["raw"])
            let deposit = try DepositTransaction(encoded: raw)
            #expect(deposit.hash == (try Self.hash(t["tx_hash"])))
            #expect(deposit.sourceHash == (try Self.hash(t["sourceHash"])))
            #expect(deposit.isSystemTransaction == (t["isSystemTx"] == .bool(true)))
            #expect(UInt256(deposit.gasLimit) == (try Self.uint(t["gas"])))
            let info = try L1BlockInfo(deposit: deposit)
            let d = try #require(t["decoded"])
            #expect(info.format.selector == (try Self.bytes(t["selector"])))
            #expect(UInt256(info.number) == (try Self.uint(d["number"])))
            #expect(UInt256(info.timestamp) == (try Self.uint(d["timestamp"])))
            #expect(info.baseFee == (try Self.uint(d["basefee"])))
            #expect(info.blockHash == (try Self.hash(d["hash"])))
            #expect(UInt256(info.sequenceNumber) == (try Self.uint(d["sequenceNumber"])))
            #expect(info.batcherHash == (try Self.hash(d["batcherHash"])))
            if info.format == .bedrock {
                #expect(info.l1FeeOverhead == (try Self.uint(d["l1FeeOverhead"])))
                #expect(info.l1FeeScalar == (try Self.uint(d["l1FeeScalar"])))
            } else {
                #expect(UInt256(UInt64(info.baseFeeScalar)) == (try Self.uint(d["baseFeeScalar"])))
                #expect(UInt256(UInt64(info.blobBaseFeeScalar)) == (try Self.uint(d["blobBaseFeeScalar"])))
                #expect(info.blobBaseFee == (try Self.uint(d["blobBaseFee"])))
            }
            // Built back from its fields, byte for byte.
            #expect(info.deposit(regolith: !deposit.isSystemTransaction).encoded() == raw)
        }
    }

    @Test func isthmusAndJovianAttributesRoundTrip() throws {
        var info = L1BlockInfo(format: .jovian, number: 22_438_497, timestamp: 1_746_703_391, baseFee: UInt256(1_600_297_986),
                               blockHash: try Hash32(hex: "0x937badfbcce566e0ba932a3f7659644aa0c6ef019541d3134a1d8cb9f84d45c7"),
                               sequenceNumber: 4, batcherHash: try Hash32(hex: "0x0000000000000000000000005050f69a9786f081509234f1a7f4684b5e5b76c9"))
        info.baseFeeScalar = 2269; info.blobBaseFeeScalar = 1_055_762; info.blobBaseFee = UInt256(1)
        info.operatorFeeScalar = 0x01020304; info.operatorFeeConstant = 0x0506_0708_090a_0b0c; info.daFootprintGasScalar = 400
        let jovian = info.calldata()
        #expect(jovian.count == 178 && Array(jovian.prefix(4)) == [0x3d, 0xb6, 0xbe, 0x2b])
        #expect(Array(jovian[164..<178]) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0x01, 0x90])
        #expect(try L1BlockInfo(calldata: jovian) == info)
        info.format = .isthmus; info.daFootprintGasScalar = 0
        let isthmus = info.calldata()
        #expect(isthmus.count == 176 && Array(isthmus.prefix(4)) == [0x09, 0x89, 0x99, 0xbe])
        #expect(try L1BlockInfo(calldata: isthmus) == info)
        // The Ecotone fields sit where the real Base deposit has them.
        info.format = .ecotone; info.operatorFeeScalar = 0; info.operatorFeeConstant = 0
        #expect(Hex.encode(info.calldata()).hasPrefix("0x440a5e20000008dd00101c12000000000000000400000000681c941f0000000001566261"))
        #expect(throws: L1BlockInfo.Malformed.self) { try L1BlockInfo(calldata: Array(isthmus.dropLast())) }
        // The format of a fork's first block is the one before it.
        #expect(L1BlockInfo.Format.at(l2Timestamp: 1000, blockTime: 2, ecotone: 1000, isthmus: nil, jovian: nil) == .bedrock)
        #expect(L1BlockInfo.Format.at(l2Timestamp: 1002, blockTime: 2, ecotone: 1000, isthmus: nil, jovian: nil) == .ecotone)
        #expect(L1BlockInfo.Format.at(l2Timestamp: 0, blockTime: 2, ecotone: 0, isthmus: 0, jovian: nil) == .isthmus)
    }

    @Test func networkUpgradeTransactions() throws {
        guard let dir = OPVectors.locate() else { return }
        let expected = try OPVectors.json("deposits/upgrade_txs/expected.json", in: dir)
        for upgrade in NetworkUpgrade.all {
            var code = [String: [UInt8]]()
            var raws = [[UInt8]]()
            for i in upgrade.steps.indices {
                let raw = try OPVectors.hexFile("deposits/upgrade_txs/\(upgrade.name)_tx_\(i).hex", in: dir)
                let tx = try DepositTransaction(encoded: raw)
                let e = try #require(expected["\(upgrade.name)_tx_\(i)"])
                #expect(upgrade.steps[i].intent == e["intent"]?.string)
                #expect(tx.sourceHash == (try Self.hash(e["sourceHash"])))
                #expect(tx.hash == (try Self.hash(e["txHash"])))
                let (found, index) = try NetworkUpgrade.identify(tx)
                #expect(found.name == upgrade.name && index == i)
                if upgrade.steps[i].action == .deploy { code[upgrade.steps[i].intent] = tx.data }
                raws.append(raw)
            }
            // Built from the fork's rules and the deployed code alone, byte for byte.
            #expect(try upgrade.transactions(creationCode: code).map { $0.encoded() } == raws)
        }
        #expect(NetworkUpgrade.createdAddress(deployer: try Address(hex: "0x4210000000000000000000000000000000000000"), nonce: 0)
                == (try Address(hex: "0x07dbe8500fc591d1852B76feE44d5a05e13097Ff")))
    }

    // MARK: withdrawals

    static func withdrawal(_ w: JSONValue) throws -> Withdrawal {
        Withdrawal(nonce: try uint(w["nonce"]), sender: try address(w["sender"]), target: try address(w["target"]),
                   value: try uint(w["value"]), gasLimit: try uint(w["gasLimit"]), data: try bytes(w["data"]))
    }

    @Test func withdrawalHashesAndSlots() throws {
        guard let dir = OPVectors.locate() else { return }
        let json = try OPVectors.json("withdrawals/withdrawals.json", in: dir)
        let hashOnly = try #require(json["hash_only"]?.array)
        #expect(hashOnly.count == 2)
        for c in hashOnly { #expect(try Self.withdrawal(c).hash == (try Self.hash(c["expected_withdrawalHash"]))) }
        #expect(try Self.withdrawal(hashOnly[1]).nonceVersion == 1)
        for c in try #require(json["storage_slot_only"]?.array) {
            #expect(Withdrawal.storageSlot(withdrawalHash: try Self.hash(c["withdrawalHash"])) == (try Self.hash(c["expected_slot"])))
        }
    }

    static func proof(_ c: JSONValue) throws -> WithdrawalProof {
        let p = try #require(c["outputRootProof"])
        return WithdrawalProof(
            withdrawal: try withdrawal(try #require(c["withdrawal"])),
            outputRootProof: OutputRootProof(version: try hash(p["version"]), stateRoot: try hash(p["stateRoot"]),
                                             messagePasserStorageRoot: try hash(p["messagePasserStorageRoot"]), latestBlockhash: try hash(p["latestBlockhash"])),
            withdrawalProof: try #require(c["withdrawalProof"]?.array).map { try bytes($0) })
    }

    @Test func theTwoRealProveParameterSetsVerify() throws {
        guard let dir = OPVectors.locate() else { return }
        let sets = try #require(try OPVectors.json("withdrawals/withdrawals.json", in: dir)["op_mainnet_prove_params"]?.array)
        #expect(sets.count == 2)
        for c in sets {
            let proof = try Self.proof(c)
            let computed = try #require(c["computed"])
            let verified = try proof.verify(expectedOutputRoot: try Self.hash(computed["outputRoot"]))
            #expect(verified.withdrawalHash == (try Self.hash(c["expected_withdrawalHash"])))
            #expect(verified.storageSlot == (try Self.hash(computed["storageSlot"])))
            #expect(!verified.accountProven)
            // The call the portal takes: its selector, and the arguments decode back.
            let index = try Self.uint(c["l2OutputIndex_or_disputeGameIndex"])
            let calldata = proof.proveCalldata(disputeGameIndex: index)
            #expect(Array(calldata.prefix(4)) == [0x48, 0x70, 0x49, 0x6f])
            let args = try WithdrawalProof.proveFunction.decodeCall(calldata)
            #expect(args[1] == .uint(index, bits: 256))
            #expect(args[3] == .array(proof.withdrawalProof.map { .bytes($0) }))
        }
    }

    @Test func alteredProofsFailWithTheirReason() throws {
        guard let dir = OPVectors.locate() else { return }
        let c = try #require(try OPVectors.json("withdrawals/withdrawals.json", in: dir)["op_mainnet_prove_params"]?.array.first)
        let good = try Self.proof(c)
        var other = good
        other.withdrawal.value = UInt256(1)
        #expect { try other.verify() } throws: { ($0 as? WithdrawalProof.Failure)?.reason == .storageProof }
        var node = good
        node.withdrawalProof[1][40] ^= 1
        #expect { try node.verify() } throws: { ($0 as? WithdrawalProof.Failure)?.reason == .storageProof }
        #expect { try good.verify(expectedOutputRoot: Hash32.zero) } throws: {
            if case .outputRootMismatch = ($0 as? WithdrawalProof.Failure)?.reason { return true } else { return false }
        }
        var version = good
        version.outputRootProof.version = try Hash32(hex: "0x0000000000000000000000000000000000000000000000000000000000000001")
        #expect { try version.verify() } throws: { ($0 as? WithdrawalProof.Failure)?.reason == .outputRootVersion }
    }

    @Test func outputRootFromARealHeaderAndAccountProof() throws {
        guard let dir = OPVectors.locate() else { return }
        let json = try OPVectors.json("withdrawals/output_root_and_account_proof.json", in: dir)
        let header = try BlockHeader(try #require(json["header"]))
        let expected = try #require(json["expected"])
        #expect(header.hash == (try Self.hash(expected["header_hash"])))
        let proof = try AccountProof.parse(try #require(json["eth_getProof"]))
        let output = try OutputRootProof(header: header, messagePasserProof: proof)
        #expect(output.messagePasserStorageRoot == (try Self.hash(expected["account_from_proof"]?["storageRoot"])))
        #expect(try output.outputRoot() == (try Self.hash(expected["outputRoot_v0"])))
        // A header whose state root is not the proof's.
        var other = header
        other.stateRoot = .zero
        #expect(throws: OutputRootFromHeaderError.self) { try OutputRootProof(header: other, messagePasserProof: proof) }

        let kona = try #require(json["synthetic_kona"])
        let synthetic = OutputRootProof(stateRoot: try Self.hash(kona["stateRoot"]), messagePasserStorageRoot: try Self.hash(kona["messagePasserStorageRoot"]),
                                        latestBlockhash: try Self.hash(kona["latestBlockhash"]))
        #expect(synthetic.encoded == (try Self.bytes(kona["expected_encoding"])))
        #expect(try synthetic.outputRoot() == (try Self.hash(kona["expected_outputRoot"])))
    }
}

extension JSONValue {
    /// The digits of a JSON number.
    var numberText: String? { if case .number(let n) = self { return n }; return nil }
}

extension SettlementConformanceTests {
    @Test func isthmusHeadersCarryTheStorageRoot() throws {
        guard let dir = OPVectors.locate() else { return }
        let json = try OPVectors.json("withdrawals/output_root_and_account_proof.json", in: dir)
        guard case .object(var members) = try #require(json["header"]) else { Issue.record("header is not an object"); return }
        members.removeAll { $0.0 == "hash" }
        let storageRoot = "0x" + String(repeating: "5a", count: 32)
        // The forks after London in order: a header with a later field must have the earlier ones.
        let skipping = JSONValue.object(members + [("blobGasUsed", .string("0x0"))])
        #expect(throws: RPCShapeError.self) { try BlockHeader(skipping) }
        members += [("withdrawalsRoot", .string(storageRoot)), ("blobGasUsed", .string("0x0")), ("excessBlobGas", .string("0x0")),
                    ("parentBeaconBlockRoot", .string("0x" + String(repeating: "00", count: 32))), ("requestsHash", .string("0x" + String(repeating: "e3", count: 32)))]
        let header = try BlockHeader(.object(members))
        let output = try OutputRootProof(isthmusHeader: header)
        #expect(output.messagePasserStorageRoot == (try Hash32(hex: storageRoot)) && output.latestBlockhash == header.hash)
        #expect(try output.outputRoot() == Keccak256.hash([UInt8](repeating: 0, count: 32) + header.stateRoot.bytes + (try Hex.decode(storageRoot)) + header.hash.bytes))
        // A claimed hash that is not the fields' hash is refused.
        #expect(throws: RPCShapeError.self) { try BlockHeader(.object(members + [("hash", .string("0x" + String(repeating: "00", count: 32)))])) }
    }
}
