import RollportToolkit

/// An L2 → L1 withdrawal as the L2ToL1MessagePasser records it and the portal proves and
/// finalizes it (`WithdrawalTransaction` in the contracts, with their field names).
public struct Withdrawal: Sendable, Equatable {
    /// The L2ToL1MessagePasser predeploy.
    public static let messagePasser = Address(high: 0x4200_0000_0000_0000, middle: 0, low: 0x0000_0016)

    /// Versioned: `(version << 240) | counter`, version 1 since Bedrock.
    public var nonce: UInt256
    public var sender: Address
    public var target: Address
    public var value: UInt256
    public var gasLimit: UInt256
    public var data: [UInt8]

    public init(nonce: UInt256, sender: Address, target: Address, value: UInt256, gasLimit: UInt256, data: [UInt8]) {
        self.nonce = nonce; self.sender = sender; self.target = target; self.value = value; self.gasLimit = gasLimit; self.data = data
    }

    /// The nonce's version (its top two bytes).
    public var nonceVersion: UInt16 { UInt16(truncatingIfNeeded: nonce.limbs.3 >> 48) }

    /// `abi.encode(nonce, sender, target, value, gasLimit, data)`, the tuple the portal hashes.
    public var abiEncoded: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(224 + (data.count + 31) / 32 * 32)
        out += nonce.bigEndianBytes
        out += Self.word(sender) + Self.word(target)
        out += value.bigEndianBytes + gasLimit.bigEndianBytes
        out += UInt256(0xc0).bigEndianBytes + UInt256(UInt64(data.count)).bigEndianBytes + data
        out += [UInt8](repeating: 0, count: (32 - data.count % 32) % 32)
        return out
    }

    public var hash: Hash32 { Keccak256.hash(abiEncoded) }

    /// The message passer's storage slot holding `sentMessages[hash]` (the mapping is at slot 0).
    public static func storageSlot(withdrawalHash: Hash32) -> Hash32 {
        Keccak256.hash(withdrawalHash.bytes + [UInt8](repeating: 0, count: 32))
    }

    public var storageSlot: Hash32 { Self.storageSlot(withdrawalHash: hash) }

    static func word(_ a: Address) -> [UInt8] { [UInt8](repeating: 0, count: 12) + a.bytes }
}

/// `MessagePassed(uint256 indexed nonce, address indexed sender, address indexed target,
/// uint256 value, uint256 gasLimit, bytes data, bytes32 withdrawalHash)`, emitted on L2 by the
/// message passer when a withdrawal starts.
public struct MessagePassed: Sendable, Equatable {
    public static let event = try! ABIEvent("MessagePassed(uint256 indexed nonce, address indexed sender, address indexed target, uint256 value, uint256 gasLimit, bytes data, bytes32 withdrawalHash)")
    public static let topic = event.topic0

    public var withdrawal: Withdrawal
    /// The hash the contract logged; `withdrawal.hash` recomputes it.
    public var withdrawalHash: Hash32

    public struct Malformed: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { "MessagePassed: \(message)" }
    }

    public init(topics: [Hash32], data: [UInt8]) throws(Malformed) {
        let values: [ABIValue]
        do { values = try Self.event.decodeLog(topics: topics, data: data) } catch { throw Malformed(message: error.description) }
        guard values.count == 7, case .uint(let nonce, _) = values[0], case .address(let sender) = values[1],
              case .address(let target) = values[2], case .uint(let value, _) = values[3], case .uint(let gas, _) = values[4],
              case .bytes(let payload) = values[5], case .fixedBytes(let logged) = values[6], let hash = Hash32(bytes: logged) else {
            throw Malformed(message: "the decoded fields do not have the event's types")
        }
        withdrawal = Withdrawal(nonce: nonce, sender: sender, target: target, value: value, gasLimit: gas, data: payload)
        withdrawalHash = hash
        guard withdrawal.hash == hash else {
            throw Malformed(message: "the logged withdrawalHash \(hash) is not the hash of the logged fields, \(withdrawal.hash)")
        }
    }
}
