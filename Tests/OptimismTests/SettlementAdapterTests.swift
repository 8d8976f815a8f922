import Foundation
import Logging
import OptimismSettlement
import RollportHost
import RollportTestSupport
import RollportToolkit
import Testing

/// Deposits, withdrawals, proposals and games through the host: the shipped manifest's rules,
/// the adapter's claim and handle, its kv store across reverts, and its methods.
@Suite(.serialized) struct SettlementAdapterTests {
    static let opPortal = "0xbEb5Fc579115071764c7423A4f12eDde41f106Ed"
    static let basePortal = "0x49048044D57e1C92A77f79988d21Fa8fAF74E97e"
    static let opOracle = "0xdfe97868233d1aa22e815a266982f2cf17685a27"
    static let opFactory = "0xe5965Ab5962eDc7477C8520243A95517CD252fA9"

    static func hex(_ n: UInt64) -> String { "0x" + String(n, radix: 16) }
    static func word(_ n: UInt64) -> String { "0x" + String(repeating: "0", count: 64 - String(n, radix: 16).count) + String(n, radix: 16) }
    static func word(_ a: String) -> String { "0x" + String(repeating: "0", count: 24) + a.dropFirst(2).lowercased() }

    static func log(address: String, topics: [String], data: String, block: UInt64, timestamp: UInt64 = 1_700_000_000,
                    blockHash: String = "0x" + String(repeating: "11", count: 32), logIndex: UInt64 = 3) throws -> L1Item {
        let topicList = topics.map { "\"\($0)\"" }.joined(separator: ", ")
        return try L1ItemParser.parse(#"""
            {"address": "\#(address)", "topics": [\#(topicList)], "data": "\#(data)", "blockNumber": "\#(hex(block))",
             "blockHash": "\#(blockHash)", "blockTimestamp": "\#(hex(timestamp))", "logIndex": "\#(hex(logIndex))",
             "transactionHash": "0x\#(String(repeating: "22", count: 32))"}
            """#)
    }

    static func depositLog(_ event: TransactionDeposited, portal: String = opPortal, blockHash: String, logIndex: UInt64, block: UInt64 = 19_000_000) throws -> L1Item {
        try log(address: portal, topics: event.topics.map(\.description), data: Hex.encode(event.logData), block: block, blockHash: blockHash, logIndex: logIndex)
    }

    static func call(_ adapter: AdapterInstance, _ method: String, _ params: String) -> (status: AdapterStatus, result: JSONValue?, message: String) {
        let r = adapter.call(method: method, chain: "op-mainnet", params: params)
        return (r.status, r.records.first { $0.kind == "rpc_result" }?.details, r.message)
    }

    // MARK: deposits

    @Test func theRealDepositsAreClaimedWithTheirL2Hashes() throws {
        guard let dir = OPVectors.locate() else { return }
        let adapter = try OptimismAdapterTests.load()
        defer { adapter.shutdown() }
        let router = Router(adapters: [adapter])
        let json = try OPVectors.json("deposits/user_deposits.json", in: dir)
        let real = try #require(json["verified_real"]?["log"])
        let opaque = try Hex.decode(try #require(real["opaqueData"]?.string))
        let from = try Address(hex: try #require(real["from"]?.string)), to = try Address(hex: try #require(real["to"]?.string))
        let event = TransactionDeposited(from: from, to: to, mint: UInt256(bigEndian: opaque[0..<32]) ?? .zero, value: UInt256(bigEndian: opaque[32..<64]) ?? .zero,
                                         gasLimit: opaque[64..<72].reduce(0) { $0 << 8 | UInt64($1) }, isCreation: opaque[72] == 1, data: Array(opaque[73...]))
        #expect(event.opaqueData == opaque)
        let dispatch = router.dispatch(try Self.depositLog(event, blockHash: try #require(real["blockHash"]?.string), logIndex: 109))
        guard case .claimed(let c) = dispatch.outcome else { Issue.record("not claimed: \(dispatch.outcome)"); return }
        #expect(c.chain == "op-mainnet" && c.kind == .deposit)
        let record = try #require(dispatch.result?.records.first)
        #expect(record.kind == "deposit")
        let d = record.details
        #expect(d["l2TxHash"] == .string("0x0a60b983815ed475c5919609025204a479654d93afc610feca7d99ae0befc329"))
        #expect(d["sourceHash"] == .string(try #require(json["verified_real"]?["sourceHash"]?.string)))
        #expect(d["from"] == .string(from.description) && d["to"] == .string(to.description))
        #expect(d["mint"] == .string("0x0") && d["value"] == .string("0x45") && d["gasLimit"] == .string("0x5208"))
        #expect(d["isCreation"] == .bool(false) && d["data"] == .string("0x") && d["logIndex"] == .number(109))

        // The thirteen messenger deposits, each at the portal of the chain whose messenger sent it.
        let opAlias = try Address(hex: "0x25ace71c97B33Cc4729CF772ae268934F7ab5fA1").l1ToL2Alias
        for l in json["computed_real_logs"]?["logs"]?.array ?? [] {
            let topics = (l["topics"]?.array ?? []).compactMap(\.string)
            let portal = topics[1].hasSuffix(opAlias.description.dropFirst(2)) ? Self.opPortal : Self.basePortal
            let logIndex = try #require(l["logIndex"]?.numberText.flatMap { UInt64($0) })
            let item = try Self.log(address: portal, topics: topics, data: try #require(l["data"]?.string), block: 18_480_930,
                                    blockHash: try #require(l["blockHash"]?.string), logIndex: logIndex)
            let r = router.dispatch(item)
            guard case .claimed(let claimant) = r.outcome else { Issue.record("not claimed: \(r.outcome)"); continue }
            #expect(claimant.chain == (portal == Self.opPortal ? "op-mainnet" : "base"))
            #expect(r.result?.records.first?.details["l2TxHash"] == .string(try #require(l["l2TxHash"]?.string)))
        }
    }

    @Test func malformedDepositLogsAreDecodeErrors() throws {
        let adapter = try OptimismAdapterTests.load()
        defer { adapter.shutdown() }
        let router = Router(adapters: [adapter])
        let topic0 = TransactionDeposited.topic.description
        let from = Self.word("0x1111111111111111111111111111111111111111"), to = Self.word("0x2222222222222222222222222222222222222222")
        func result(_ topics: [String], _ data: String) throws -> (AdapterStatus?, String) {
            let r = router.dispatch(try Self.log(address: Self.opPortal, topics: topics, data: data, block: 19_000_000))
            guard case .claimed = r.outcome else { return (nil, "not claimed") }
            return (r.result?.status, r.result?.message ?? "")
        }
        let header = Self.word(32).dropFirst(2)
        // 72 bytes of opaque data: isCreation is missing.
        let short = "0x" + header + Self.word(72).dropFirst(2) + String(repeating: "00", count: 96)
        let (s1, m1) = try result([topic0, from, to, Self.word(0)], short)
        #expect(s1 == .decodeError && m1.contains("at least 73"), "\(m1)")
        // Version 1 is not defined.
        let good = "0x" + header + Self.word(73).dropFirst(2) + String(repeating: "00", count: 96)
        let (s2, m2) = try result([topic0, from, to, Self.word(1)], good)
        #expect(s2 == .decodeError && m2.contains("version"), "\(m2)")
        // A length beyond the data.
        let long = "0x" + header + Self.word(500).dropFirst(2) + String(repeating: "00", count: 96)
        let (s3, m3) = try result([topic0, from, to, Self.word(0)], long)
        #expect(s3 == .decodeError && m3.contains("500"), "\(m3)")
        // Three topics.
        let (s4, m4) = try result([topic0, from, to], good)
        #expect(s4 == .decodeError && m4.contains("topics"), "\(m4)")
        // The well-formed one decodes.
        let (s5, _) = try result([topic0, from, to, Self.word(0)], good)
        #expect(s5 == .ok)
    }

    // MARK: withdrawals

    static let withdrawalHash = "0xabb9f726072587989b9083f58e3dee0c825ba85c63d347f8f5a317e9b15f1044"

    static func proven(block: UInt64, timestamp: UInt64) throws -> L1Item {
        try log(address: opPortal, topics: [PortalEvent.proven.topic0.description, withdrawalHash, word("0x00B700B9da0053009cb84400Ed1e8Fe251002aF3"),
                                            word("0x9175746E1fb611843CEC72ae4d6fa13c6184C9d0")],
                data: "0x", block: block, timestamp: timestamp)
    }

    static func finalized(block: UInt64, timestamp: UInt64, success: Bool) throws -> L1Item {
        try log(address: opPortal, topics: [PortalEvent.finalized.topic0.description, withdrawalHash], data: word(success ? 1 : 0), block: block, timestamp: timestamp)
    }

    @Test func withdrawalsAreTrackedAcrossReprovingFinalizingAndReverts() throws {
        let adapter = try OptimismAdapterTests.load()
        defer { adapter.shutdown() }
        let router = Router(adapters: [adapter])
        let t1: UInt64 = 1_720_000_000, week: UInt64 = 604_800
        let first = router.dispatch(try Self.proven(block: 20_000_000, timestamp: t1))
        let r1 = try #require(first.result?.records.first)
        #expect(r1.kind == "withdrawal")
        #expect(r1.details["status"] == .string("proven") && r1.details["event"] == .string("WithdrawalProven"))
        #expect(r1.details["withdrawalHash"] == .string(Self.withdrawalHash))
        #expect(r1.details["provenAt"] == .number(t1) && r1.details["proofMaturesAt"] == .number(t1 + week + 1))
        #expect(r1.details["proofCount"] == .number(1) && r1.details["reproven"] == .bool(false))
        #expect(r1.details["from"] == .string("0x00b700b9da0053009cb84400ed1e8fe251002af3"))

        // The game it was proven against is invalidated: proven again, later.
        let t2 = t1 + 86_400
        let second = try #require(router.dispatch(try Self.proven(block: 20_007_000, timestamp: t2)).result?.records.first)
        #expect(second.details["reproven"] == .bool(true) && second.details["previousProvenAt"] == .number(t1) && second.details["proofCount"] == .number(2))

        func status(_ extra: String) -> JSONValue? {
            Self.call(adapter, "optimism_withdrawalStatus", #"{"withdrawalHash": "\#(Self.withdrawalHash)"\#(extra)}"#).result
        }
        // The proof's clock restarted at t2.
        let game = #", "game": {"status": "DEFENDER_WINS", "createdAt": \#(t1 - 3600), "resolvedAt": \#(t1 + 3 * 86_400)}"#
        #expect(status(#", "now": \#(t2 + week)"# + game)?["status"] == .string("proven"))
        #expect(status(#", "now": \#(t2 + week + 1)"# + game)?["status"] == .string("finalizable"))
        #expect(status(#", "now": \#(t2)"# + game)?["finalizableAt"] == .number(t2 + week + 1))
        // A game resolved for the challenger can finalize nothing: prove again.
        let lost = status(#", "now": \#(t2 + 2 * week), "game": {"status": "CHALLENGER_WINS", "createdAt": \#(t1), "resolvedAt": \#(t1 + 86_400)}"#)
        #expect(lost?["status"] == .string("proven") && lost?["mustReprove"] == .bool(true))

        // A reorg drops the second proof: the first stands again.
        #expect(adapter.revert(L1BlockReference(number: 20_007_000)) == .ok)
        let back = status(#", "now": \#(t1 + week + 1)"# + game)
        #expect(back?["provenAt"] == .number(t1) && back?["proofCount"] == .number(1) && back?["status"] == .string("finalizable"))

        // Finalized, its call succeeded: relayed.
        let fin = try #require(router.dispatch(try Self.finalized(block: 20_100_000, timestamp: t1 + 2 * week, success: true)).result?.records.first)
        #expect(fin.details["status"] == .string("relayed") && fin.details["success"] == .bool(true) && fin.details["provenAt"] == .number(t1))
        #expect(status(#", "now": \#(t1 + 2 * week)"#)?["status"] == .string("relayed"))
        // A failed call is final too.
        #expect(adapter.revert(L1BlockReference(number: 20_100_000)) == .ok)
        let failed = try #require(router.dispatch(try Self.finalized(block: 20_100_001, timestamp: t1 + 2 * week, success: false)).result?.records.first)
        #expect(failed.details["status"] == .string("failed"))
        #expect(adapter.revert(L1BlockReference(number: 20_100_001)) == .ok)
        #expect(adapter.revert(L1BlockReference(number: 20_000_000)) == .ok)
        #expect(status(#", "now": \#(t1)"#)?["status"] == .string("initiated"))
    }

    // MARK: proposals and games

    @Test func proposalsAndGamesAreStateCommitments() throws {
        let adapter = try OptimismAdapterTests.load()
        defer { adapter.shutdown() }
        let router = Router(adapters: [adapter])
        let root = "0x9fde25f34cd6a088d7d482a766f466b582ec42bf65e7f5aeda0b896385339936"
        let oracle = router.dispatch(try Self.log(address: Self.opOracle, topics: [OutputProposal.outputProposed.topic0.description, root, Self.word(4529), Self.word(110_000_000)],
                                                  data: Self.word(1_700_000_123), block: 18_000_000))
        let o = try #require(oracle.result?.records.first)
        #expect(o.kind == "state_commitment")
        #expect(o.details["type"] == .string("outputProposal") && o.details["outputRoot"] == .string(root))
        #expect(o.details["l2OutputIndex"] == .string("0x11b1") && o.details["l2BlockNumber"] == .string("0x68e7780"))

        let proxy = "0x00000000000000000000000000000000000a11ce"
        let created = router.dispatch(try Self.log(address: Self.opFactory, topics: [OutputProposal.disputeGameCreated.topic0.description, Self.word(proxy), Self.word(0), root],
                                                   data: "0x", block: 21_000_000, timestamp: 1_730_000_000))
        let records = created.result?.records ?? []
        #expect(records.map(\.kind) == ["state_commitment", "dispute"])
        #expect(records.first?.details["type"] == .string("disputeGame") && records.first?.details["rootClaim"] == .string(root))
        #expect(records.first?.details["disputeProxy"] == .string(proxy) && records.first?.details["gameTypeName"] == .string("cannon"))
        #expect(records.last?.details["status"] == .string("IN_PROGRESS") && records.last?.details["createdAt"] == .number(1_730_000_000))

        // The game the factory made is known by its proxy: unchallenged, it stands 3.5 days later.
        let game = Self.call(adapter, "optimism_disputeGame", #"{"disputeProxy": "\#(proxy)", "now": \#(1_730_000_000 + 302_400)}"#)
        #expect(game.status == .ok, "\(game.message)")
        #expect(game.result?["status"] == .string("DEFENDER_WINS") && game.result?["rootClaim"] == .string(root))
        #expect(adapter.revert(L1BlockReference(number: 21_000_000)) == .ok)
        let gone = Self.call(adapter, "optimism_disputeGame", #"{"disputeProxy": "\#(proxy)", "now": 1}"#)
        #expect(gone.status == .invalidArgument)
    }

    // MARK: methods

    @Test func outputRootMethodFromRootsAndFromAHeader() throws {
        guard let dir = OPVectors.locate() else { return }
        let adapter = try OptimismAdapterTests.load()
        defer { adapter.shutdown() }
        let r = Self.call(adapter, "optimism_outputRoot", #"""
            {"stateRoot": "0x000000000000000000000000000000000000000000000000000000000000beef",
             "messagePasserStorageRoot": "0x000000000000000000000000000000000000000000000000000000000000babe",
             "blockHash": "0x000000000000000000000000000000000000000000000000000000000000c0de"}
            """#)
        #expect(r.result?["outputRoot"] == .string("0x0c39fb6b07cf6694b13e63e59f7b15255be1c93a4d6d3e0da6c99729647c0d11"), "\(r.message)")
        let json = try OPVectors.json("withdrawals/output_root_and_account_proof.json", in: dir)
        let params = JSONValue.object([("header", try #require(json["header"])), ("proof", try #require(json["eth_getProof"]))])
        let h = Self.call(adapter, "optimism_outputRoot", params.compact)
        #expect(h.result?["outputRoot"] == .string("0xc861dbdc5bf1d8bbbc0bca7cd876ab6a70748c50b2054a46e8f30e99002170ab"), "\(h.message)")
        #expect(h.result?["l2BlockNumber"] == .string("0xdcdc89"))
        // Without a proof, a pre-Isthmus header lacks the storage root.
        let bare = Self.call(adapter, "optimism_outputRoot", JSONValue.object([("header", try #require(json["header"]))]).compact)
        #expect(bare.status == .invalidArgument && bare.message.contains("withdrawalsRoot"))
    }

    @Test func withdrawalMethodsOnTheRealProveParameters() throws {
        guard let dir = OPVectors.locate() else { return }
        let adapter = try OptimismAdapterTests.load()
        defer { adapter.shutdown() }
        let sets = try OPVectors.json("withdrawals/withdrawals.json", in: dir)["op_mainnet_prove_params"]?.array ?? []
        #expect(sets.count == 2)
        for c in sets {
            // The vectors write gasLimit as a JSON number; the method takes uint256 values as strings.
            guard case .object(var w) = try #require(c["withdrawal"]) else { Issue.record("withdrawal is not an object"); continue }
            for (i, member) in w.enumerated() where member.0 == "gasLimit" { w[i].1 = .string(member.1.numberText ?? "") }
            let withdrawal = JSONValue.object(w)
            let hash = Self.call(adapter, "optimism_withdrawalHash", withdrawal.compact)
            #expect(hash.result?["withdrawalHash"] == c["expected_withdrawalHash"], "\(hash.message)")
            #expect(hash.result?["storageSlot"] == c["computed"]?["storageSlot"])
            let params: [(String, JSONValue)] = [("withdrawal", withdrawal), ("outputRootProof", try #require(c["outputRootProof"])),
                                                 ("withdrawalProof", try #require(c["withdrawalProof"])), ("outputRoot", try #require(c["computed"]?["outputRoot"]))]
            let verified = Self.call(adapter, "optimism_verifyWithdrawalProof", JSONValue.object(params).compact)
            #expect(verified.status == .ok, "\(verified.message)")
            #expect(verified.result?["valid"] == .bool(true) && verified.result?["withdrawalHash"] == c["expected_withdrawalHash"])
            let index = try #require(c["l2OutputIndex_or_disputeGameIndex"]?.numberText)
            let prove = Self.call(adapter, "optimism_proveWithdrawalTransaction", JSONValue.object(params + [("disputeGameIndex", .string(index))]).compact)
            #expect(prove.result?["to"] == .string("0xbeb5fc579115071764c7423a4f12edde41f106ed"))
            #expect(prove.result?["calldata"]?.string?.hasPrefix("0x4870496f") == true, "\(prove.message)")
            // Another output root: the proof does not match what the game committed to.
            let wrong = Self.call(adapter, "optimism_verifyWithdrawalProof",
                                  JSONValue.object(Array(params.dropLast()) + [("outputRoot", .string("0x" + String(repeating: "00", count: 32)))]).compact)
            #expect(wrong.status == .verifyFailed && wrong.message.contains("committed output root"), "\(wrong.message)")
        }
        // uint256 values as JSON numbers are refused, naming the field.
        let number = Self.call(adapter, "optimism_withdrawalHash", #"{"nonce": 1, "sender": "0x\#(String(repeating: "11", count: 20))", "target": "0x\#(String(repeating: "22", count: 20))", "value": "0", "gasLimit": "0", "data": "0x"}"#)
        #expect(number.status == .invalidArgument && number.message.contains("params.nonce"), "\(number.message)")
    }

    @Test func decodeDepositNamesWhatItIs() throws {
        guard let dir = OPVectors.locate() else { return }
        let adapter = try OptimismAdapterTests.load()
        defer { adapter.shutdown() }
        let info = try #require(try OPVectors.json("deposits/l1_info_deposit_txs.json", in: dir)["txs"]?.array.last)
        let l1 = Self.call(adapter, "optimism_decodeDeposit", #"{"raw": "\#(try #require(info["raw"]?.string))"}"#)
        #expect(l1.result?["kind"] == .string("l1Info") && l1.result?["l2TxHash"] == info["tx_hash"], "\(l1.message)")
        #expect(l1.result?["l1BlockInfo"]?["format"] == .string("ecotone") && l1.result?["l1BlockInfo"]?["baseFeeScalar"] == .number(2269))
        let upgrade = Hex.encode(try OPVectors.hexFile("deposits/upgrade_txs/fjord_tx_2.hex", in: dir))
        let u = Self.call(adapter, "optimism_decodeDeposit", #"{"raw": "\#(upgrade)"}"#)
        #expect(u.result?["kind"] == .string("upgrade") && u.result?["intent"] == .string("Fjord: Gas Price Oracle Set Fjord"))
        let kona = try #require(try OPVectors.json("deposits/user_deposits.json", in: dir)["synthetic_kona"]?.array.last)
        let log = JSONValue.object([("topics", try #require(kona["topics"])), ("data", try #require(kona["data"])),
                                    ("blockHash", try #require(kona["l1BlockHash"])), ("logIndex", .string("0x0"))])
        let d = Self.call(adapter, "optimism_decodeDeposit", log.compact)
        #expect(d.result?["raw"] == kona["expected_deposit_tx"], "\(d.message)")
        #expect(d.result?["isCreation"] == .bool(true) && d.result?["to"] == .null && d.result?["mint"] == .string("0xa"))
        let bad = Self.call(adapter, "optimism_decodeDeposit", #"{"raw": "0x7e00"}"#)
        #expect(bad.status == .decodeError)
    }

    @Test func disputeGameMethodReplaysMovesAndFlagsTheRoot() throws {
        let adapter = try OptimismAdapterTests.load()
        defer { adapter.shutdown() }
        let root = "0x" + String(repeating: "01", count: 32), counter = "0x" + String(repeating: "02", count: 32)
        let challenger = "0x" + String(repeating: "cc", count: 20)
        // The move given as its Move log and the call that emitted it.
        let call = try ABIFunction("move(bytes32,uint256,bytes32,bool)").encodeCall([.fixedBytes(try Hex.decode(root)), .uint(0), .fixedBytes(try Hex.decode(counter)), .bool(true)])
        let params = #"""
            {"parameters": {"maxGameDepth": 4, "splitDepth": 2, "maxClockDuration": 100, "clockExtension": 10},
             "rootClaim": "\#(root)", "createdAt": 0, "l2BlockNumber": "104", "startingBlockNumber": "100",
             "moves": [{"topics": ["\#(GameMove.event.topic0)", "\#(Self.word(0))", "\#(counter)", "\#(Self.word(challenger))"],
                        "input": "\#(Hex.encode(call))", "timestamp": 10}],
             "outputRoots": [{"l2BlockNumber": "104", "outputRoot": "0x\#(String(repeating: "09", count: 32))"}],
             "now": 110}
            """#
        let r = Self.call(adapter, "optimism_disputeGame", params)
        #expect(r.status == .ok, "\(r.message)")
        let result = try #require(r.result)
        #expect(result["status"] == .string("CHALLENGER_WINS") && result["rootClaimAgrees"] == .bool(false))
        #expect(result["flags"]?.array.count == 1)
        let claims = result["claims"]?.array ?? []
        #expect(claims.count == 2)
        #expect(claims.last?["position"] == .string("0x2") && claims.last?["l2BlockNumber"] == .string("0x66") && claims.last?["claimant"] == .string(challenger))
        #expect(claims.first?["counteredBy"] == .string(challenger))
        // A defense of the root is refused as the contract refuses it.
        let defend = Self.call(adapter, "optimism_disputeGame", #"{"rootClaim": "\#(root)", "createdAt": 0, "now": 5, "moves": [{"parentIndex": "0", "claim": "\#(counter)", "claimant": "\#(challenger)", "isAttack": false, "timestamp": 1}]}"#)
        #expect(defend.status == .verifyFailed && defend.message.contains("CannotDefendRootClaim"), "\(defend.message)")
    }
}

extension SettlementAdapterTests {
    @Test func withdrawalHashFromAMessagePassedLog() throws {
        guard let dir = OPVectors.locate() else { return }
        let adapter = try OptimismAdapterTests.load()
        defer { adapter.shutdown() }
        let c = try #require(try OPVectors.json("withdrawals/withdrawals.json", in: dir)["hash_only"]?.array.last)
        let nonce = try SettlementConformanceTests.uint(c["nonce"])
        let w = Withdrawal(nonce: nonce, sender: try SettlementConformanceTests.address(c["sender"]), target: try SettlementConformanceTests.address(c["target"]),
                           value: try SettlementConformanceTests.uint(c["value"]), gasLimit: UInt256(21000), data: [])
        let data = try ABICodec.encode([.uint(w.value, bits: 256), .uint(w.gasLimit, bits: 256), .bytes(w.data), .fixedBytes(w.hash.bytes)],
                            as: [.uint256, .uint256, .bytes, .bytes32])
        let topics = [MessagePassed.topic.description, Hex.encode(nonce.bigEndianBytes), Self.word(w.sender.description), Self.word(w.target.description)]
        let params = JSONValue.object([("topics", .array(topics.map { .string($0) })), ("data", .string(Hex.encode(data)))])
        let r = Self.call(adapter, "optimism_withdrawalHash", params.compact)
        #expect(r.result?["withdrawalHash"] == c["expected_withdrawalHash"], "\(r.message)")
        // A logged hash that is not the fields' hash.
        var wrong = data
        wrong[127] ^= 1 // the last byte of the logged hash (word 3)
        let bad = Self.call(adapter, "optimism_withdrawalHash", JSONValue.object([("topics", .array(topics.map { .string($0) })), ("data", .string(Hex.encode(wrong)))]).compact)
        #expect(bad.status == .decodeError && bad.message.contains("withdrawalHash"), "\(bad.message)")
    }
}

extension SettlementAdapterTests {
    @Test func aProofWithoutItsL1TimeIsProvenAtAnUnknownTime() throws {
        let adapter = try OptimismAdapterTests.load()
        defer { adapter.shutdown() }
        let router = Router(adapters: [adapter])
        // No blockTimestamp, and the block was never seen with one.
        let item = try Self.log(address: Self.opPortal, topics: [PortalEvent.proven.topic0.description, Self.withdrawalHash, Self.word(Self.opPortal), Self.word(Self.opPortal)],
                                data: "0x", block: 20_300_000, timestamp: 0)
        let record = try #require(router.dispatch(item).result?.records.first)
        #expect(record.details["provenAt"] == .null && record.details["proofMaturesAt"] == .null && record.details["status"] == .string("proven"))
        let status = Self.call(adapter, "optimism_withdrawalStatus", #"{"withdrawalHash": "\#(Self.withdrawalHash)", "now": 1}"#).result
        #expect(status?["status"] == .string("proven") && status?["finalizableAt"] == .null)
        #expect(adapter.revert(L1BlockReference(number: 20_300_000)) == .ok)
    }
}

extension SettlementAdapterTests {
    @Test func l1AttributesAndUpgradesAreBuiltByMethod() throws {
        guard let dir = OPVectors.locate() else { return }
        let adapter = try OptimismAdapterTests.load()
        defer { adapter.shutdown() }
        // The Base Ecotone-format deposit: L2 block 8 s after its origin, before Isthmus.
        let t = try #require(try OPVectors.json("deposits/l1_info_deposit_txs.json", in: dir)["txs"]?.array.last)
        let d = try #require(t["decoded"])
        func n(_ key: String) throws -> String { try #require(d[key]?.numberText) }
        func params(l2Timestamp: UInt64) throws -> String {
            #"""
            {"l2Timestamp": "\#(l2Timestamp)", "number": "\#(try n("number"))", "timestamp": "\#(try n("timestamp"))",
             "baseFee": "\#(try n("basefee"))", "hash": "\#(try #require(d["hash"]?.string))", "sequenceNumber": "\#(try n("sequenceNumber"))",
             "batcherHash": "\#(try #require(d["batcherHash"]?.string))", "baseFeeScalar": \#(try n("baseFeeScalar")),
             "blobBaseFeeScalar": \#(try n("blobBaseFeeScalar")), "blobBaseFee": "\#(try n("blobBaseFee"))"}
            """#
        }
        let origin = try #require(UInt64(try n("timestamp")))
        let built = Self.call(adapter, "optimism_l1InfoDeposit", try params(l2Timestamp: origin + 8))
        #expect(built.status == .ok, "\(built.message)")
        #expect(built.result?["raw"] == t["raw"] && built.result?["l2TxHash"] == t["tx_hash"])
        #expect(built.result?["l1BlockInfo"]?["format"] == .string("ecotone"))
        // After Jovian (1764691201) the same values take the Jovian layout.
        let later = Self.call(adapter, "optimism_l1InfoDeposit", try params(l2Timestamp: 1_800_000_000))
        #expect(later.result?["l1BlockInfo"]?["format"] == .string("jovian") && later.result?["l1BlockInfo"]?["daFootprintGasScalar"] == .number(0))

        // Fjord's three deposits, given its one deployment's code.
        let deploy = try OPVectors.hexFile("deposits/upgrade_txs/fjord_tx_0.hex", in: dir)
        let code = Hex.encode(try DepositTransaction(encoded: deploy).data)
        let fjord = Self.call(adapter, "optimism_upgradeTransactions", #"{"upgrade": "fjord", "creationCode": {"Fjord: Gas Price Oracle Deployment": "\#(code)"}}"#)
        let raws = try (0..<3).map { Hex.encode(try OPVectors.hexFile("deposits/upgrade_txs/fjord_tx_\($0).hex", in: dir)) }
        #expect(fjord.result?["transactions"]?.array.compactMap { $0["raw"]?.string } == raws, "\(fjord.message)")
        let missing = Self.call(adapter, "optimism_upgradeTransactions", #"{"upgrade": "fjord"}"#)
        #expect(missing.status == .invalidArgument && missing.message.contains("Fjord: Gas Price Oracle Deployment"))
    }
}
