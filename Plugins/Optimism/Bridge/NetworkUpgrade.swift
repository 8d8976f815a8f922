import RollportToolkit

/// The deposits a hard fork's first L2 block carries after its user deposits: contract
/// deployments from fixed deployers, proxy upgrades to the addresses those deployments create,
/// and calls switching the gas price oracle to the new fee formula. Every field is fixed by the
/// fork except the creation code of the deployed contracts, which is compiled Solidity and is
/// supplied by the caller.
public struct NetworkUpgrade: Sendable, Equatable {
    public struct Step: Sendable, Equatable {
        public enum Action: Sendable, Equatable {
            /// Deploys the creation code registered under the step's intent.
            case deploy
            /// `upgradeTo(address)` on the proxy `to`, pointing at what `deployer` created with nonce 0.
            case upgradeProxy(deployer: Address)
            /// A call with fixed calldata.
            case call([UInt8])
        }

        public var intent: String
        public var from: Address
        public var to: Address?
        public var gasLimit: UInt64
        public var action: Action

        public var sourceHash: Hash32 { DepositSource.upgrade(intent: intent).sourceHash }
    }

    public var name: String
    public var steps: [Step]

    static let l1BlockDeployer = Address(high: 0x4210_0000_0000_0000, middle: 0, low: 0)
    static let gasPriceOracleDeployer = Address(high: 0x4210_0000_0000_0000, middle: 0, low: 1)
    static let fjordGasPriceOracleDeployer = Address(high: 0x4210_0000_0000_0000, middle: 0, low: 2)
    /// The EIP-4788 deployer (a keyless transaction's sender, reused here).
    static let beaconRootsDeployer = Address(high: 0x0b79_9c86_a49d_eeb9, middle: 0x0402_691f_1041_aa3a, low: 0xf2d3_c875)
    static let gasPriceOracle = Address(high: 0x4200_0000_0000_0000, middle: 0, low: 0x0000_000f)
    static let upgradeToSelector: [UInt8] = [0x36, 0x59, 0xcf, 0xe6]

    public static let ecotone = NetworkUpgrade(name: "ecotone", steps: [
        Step(intent: "Ecotone: L1 Block Deployment", from: l1BlockDeployer, to: nil, gasLimit: 375_000, action: .deploy),
        Step(intent: "Ecotone: Gas Price Oracle Deployment", from: gasPriceOracleDeployer, to: nil, gasLimit: 1_000_000, action: .deploy),
        Step(intent: "Ecotone: L1 Block Proxy Update", from: .zero, to: L1BlockInfo.l1BlockPredeploy, gasLimit: 50_000,
             action: .upgradeProxy(deployer: l1BlockDeployer)),
        Step(intent: "Ecotone: Gas Price Oracle Proxy Update", from: .zero, to: gasPriceOracle, gasLimit: 50_000,
             action: .upgradeProxy(deployer: gasPriceOracleDeployer)),
        Step(intent: "Ecotone: Gas Price Oracle Set Ecotone", from: L1BlockInfo.depositor, to: gasPriceOracle, gasLimit: 80_000,
             action: .call(Keccak256.selector("setEcotone()").bigEndianBytes)),
        Step(intent: "Ecotone: beacon block roots contract deployment", from: beaconRootsDeployer, to: nil, gasLimit: 250_000, action: .deploy),
    ])

    public static let fjord = NetworkUpgrade(name: "fjord", steps: [
        Step(intent: "Fjord: Gas Price Oracle Deployment", from: fjordGasPriceOracleDeployer, to: nil, gasLimit: 1_450_000, action: .deploy),
        Step(intent: "Fjord: Gas Price Oracle Proxy Update", from: .zero, to: gasPriceOracle, gasLimit: 50_000,
             action: .upgradeProxy(deployer: fjordGasPriceOracleDeployer)),
        Step(intent: "Fjord: Gas Price Oracle Set Fjord", from: L1BlockInfo.depositor, to: gasPriceOracle, gasLimit: 90_000,
             action: .call(Keccak256.selector("setFjord()").bigEndianBytes)),
    ])

    public static let all = [ecotone, fjord]

    public struct Mismatch: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// The fork's deposits in block order. `creationCode` gives the code of every `deploy`
    /// step, by intent.
    public func transactions(creationCode: [String: [UInt8]]) throws(Mismatch) -> [DepositTransaction] {
        var out = [DepositTransaction]()
        for step in steps {
            let data: [UInt8]
            switch step.action {
            case .deploy:
                guard let code = creationCode[step.intent] else { throw Mismatch(message: "no creation code given for \"\(step.intent)\"") }
                data = code
            case .upgradeProxy(let deployer):
                data = Self.upgradeToSelector + [UInt8](repeating: 0, count: 12) + Self.createdAddress(deployer: deployer, nonce: 0).bytes
            case .call(let calldata):
                data = calldata
            }
            out.append(DepositTransaction(sourceHash: step.sourceHash, from: step.from, to: step.to, gasLimit: step.gasLimit, data: data))
        }
        return out
    }

    /// The upgrade step a deposit is, after checking every field the fork fixes; for a
    /// deployment the code itself is not known here and is not checked.
    public static func identify(_ tx: DepositTransaction) throws(Mismatch) -> (upgrade: NetworkUpgrade, index: Int) {
        for upgrade in all {
            guard let index = upgrade.steps.firstIndex(where: { $0.sourceHash == tx.sourceHash }) else { continue }
            let step = upgrade.steps[index]
            var wrong = [String]()
            if tx.from != step.from { wrong.append("from is \(tx.from), not \(step.from)") }
            if tx.to != step.to { wrong.append("to is \(tx.to?.description ?? "(creation)"), not \(step.to?.description ?? "(creation)")") }
            if tx.gasLimit != step.gasLimit { wrong.append("gas is \(tx.gasLimit), not \(step.gasLimit)") }
            if !tx.mint.isZero || !tx.value.isZero { wrong.append("it mints or sends ETH") }
            if tx.isSystemTransaction { wrong.append("it is marked a system transaction") }
            switch step.action {
            case .deploy:
                if tx.data.isEmpty { wrong.append("it deploys no code") }
            case .upgradeProxy(let deployer):
                let expected = upgradeToSelector + [UInt8](repeating: 0, count: 12) + createdAddress(deployer: deployer, nonce: 0).bytes
                if tx.data != expected { wrong.append("calldata is not upgradeTo(\(createdAddress(deployer: deployer, nonce: 0)))") }
            case .call(let calldata):
                if tx.data != calldata { wrong.append("calldata is \(Hex.encode(tx.data.prefix(8))), not \(Hex.encode(calldata))") }
            }
            guard wrong.isEmpty else { throw Mismatch(message: "\"\(step.intent)\": " + wrong.joined(separator: "; ")) }
            return (upgrade, index)
        }
        throw Mismatch(message: "source hash \(tx.sourceHash) is none of the Ecotone or Fjord upgrade transactions'")
    }

    /// The address a CREATE from `deployer` with `nonce` makes: keccak256(rlp([deployer, nonce]))[12...].
    public static func createdAddress(deployer: Address, nonce: UInt64) -> Address {
        let hash = Keccak256.hash(RLP.list([.bytes(deployer.bytes), RLP(nonce)]).encoded()).bytes
        return Address(bytes: hash[12...]) ?? .zero
    }
}

extension UInt32 {
    var bigEndianBytes: [UInt8] { [UInt8(self >> 24), UInt8(truncatingIfNeeded: self >> 16), UInt8(truncatingIfNeeded: self >> 8), UInt8(truncatingIfNeeded: self)] }
}
