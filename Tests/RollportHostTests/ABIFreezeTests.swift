import Crypto
import Foundation
import RollportHost
import RollportTestSupport
import Testing

/// The header is the contract third parties compile against: it may not change without the ABI
/// version saying so. A change that only appends fields behind struct_size (or adds extension
/// ids) bumps ROLLPORT_ABI_MINOR; anything else bumps the major. Then record the new hash here.
@Suite struct ABIFreezeTests {
    static let released: [String: String] = [
        "1.0": "2c7f58cd819d80b74fc06439e2e1f7e78efa932d8e936160a60f4c83ca222cb7",
        "1.1": "a2c7b3f04e864fceb24d7f242a07a790b9a392bcf6e042d15368e21daeb0d8c5",
        "1.2": "05905544766f40ef2077b70bba8965c44f58c6bc97f01e61820741ca3e7139a4",
        "1.3": "ec41837ef79756f296e2adfd2c2e4b765c2eab2355aa599e452a3eea1cba3c64",
    ]

    @Test func headerMatchesItsABIVersion() throws {
        let data = try #require(FileManager.default.contents(atPath: TestPaths.includeDirectory + "/rollport.h"))
        let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        let version = "\(RollportVersion.abiMajor).\(RollportVersion.abiMinor)"
        let recorded = try #require(Self.released[version], "ABI \(version) has no recorded header hash; add \"\(version)\": \"\(digest)\"")
        #expect(digest == recorded, """
            rollport.h changed but the ABI version is still \(version). If the change appends fields or \
            extensions, bump ROLLPORT_ABI_MINOR; if it breaks anything, bump ROLLPORT_ABI_MAJOR. Then record the \
            new version with "\(digest)" in ABIFreezeTests.released.
            """)
    }
}
