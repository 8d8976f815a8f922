import Foundation
import Logging
import RollportHost
import RollportTestSupport
import RollportToolkit
import Testing

/// Loading adapters through the library API: every refusal carries its reason, and state an
/// adapter keeps in the host follows the blocks it was written in.
@Suite struct AdapterLoadingTests {
    static let exampleManifest = TestPaths.examples + "/minimal-c/minimal-c.toml"
    static let brokenSource = TestPaths.repository + "/Tests/Fixtures/BrokenAdapters/broken.c"

    /// The C example, compiled once per test run into a folder of its own; manifests written
    /// elsewhere find it through the plugin path.
    static let exampleLibraryDirectory: Result<String, any Error> = Result {
        let dir = TestPaths.temporaryDirectory("loading-minimal-c")
        try TestPaths.compileCAdapter(source: TestPaths.examples + "/minimal-c/minimal.c", output: dir + "/libminimal_c.so")
        return dir
    }

    static var logger: Logger {
        var logger = Logger(label: "loading-tests")
        logger.logLevel = .critical
        return logger
    }

    /// The C example's manifest with `edit` applied, written to a fresh folder.
    func writeManifest(_ name: String, _ edit: (String) -> String = { $0 }) throws -> Manifest {
        let text = edit(try String(contentsOfFile: Self.exampleManifest, encoding: .utf8))
        let file = TestPaths.temporaryDirectory(name) + "/manifest.toml"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return try ManifestParser.load(file: file)
    }

    func options(requirePinned: Bool = false) throws -> AdapterLibrary.Options {
        .init(pluginPath: [try Self.exampleLibraryDirectory.get()], executableDirectory: nil, requirePinned: requirePinned)
    }

    func loadError(_ manifest: Manifest, _ options: AdapterLibrary.Options) -> LoadError? {
        do {
            _ = try AdapterLibrary.open(manifest, options: options)
            return nil
        } catch {
            return error
        }
    }

    // MARK: refusals before the library is opened

    @Test func missingLibraryListsTheFoldersSearched() throws {
        let manifest = try writeManifest("not-found") { $0.replacingOccurrences(of: "libminimal_c.so", with: "libabsent.so") }
        let extra = TestPaths.temporaryDirectory("not-found-path")
        defer { try? FileManager.default.removeItem(atPath: extra) }
        let options = AdapterLibrary.Options(pluginPath: [extra], executableDirectory: "/nonexistent/bin")
        let error = try #require(loadError(manifest, options))
        #expect(error.reason == .libraryNotFound)
        #expect(error.adapter == "org.rollport.example.minimal-c")
        #expect(error.message == "library libabsent.so not found; looked in: \(manifest.directory), \(extra), /nonexistent/bin", "\(error)")
        #expect(error.fix.contains("ROLLPORT_PLUGIN_PATH"))
    }

    @Test func sha256PinIsCheckedBeforeOpening() throws {
        let library = try Self.exampleLibraryDirectory.get() + "/libminimal_c.so"
        let digest = try AdapterLibrary.fileSHA256(library, adapter: "t")

        let wrongPin = String(repeating: "0", count: 64)
        let mismatched = try writeManifest("sha-wrong") { ManifestPinning.pin($0, sha256: wrongPin) }
        #expect(mismatched.library.sha256 == wrongPin)
        let error = try #require(loadError(mismatched, try options()))
        #expect(error.reason == .sha256Mismatch)
        #expect(error.message.contains("has sha256 \(digest) but the manifest pins \(wrongPin)"), "\(error)")
        #expect(error.fix.contains("rollport manifest pin \(mismatched.file)"))

        let pinned = try writeManifest("sha-right") { ManifestPinning.pin($0, sha256: digest) }
        let opened = try AdapterLibrary.open(pinned, options: try options(requirePinned: true))
        #expect(opened.sha256 == digest)
        #expect(opened.adapterID == "org.rollport.example.minimal-c")

        let unpinned = try writeManifest("sha-none")
        #expect(loadError(unpinned, try options(requirePinned: true))?.reason == .unpinned)
    }

    @Test func identityMustEqualTheManifests() throws {
        let otherID = try writeManifest("identity-id") {
            $0.replacingOccurrences(of: "id = \"org.rollport.example.minimal-c\"", with: "id = \"org.rollport.example.other\"")
        }
        let idError = try #require(loadError(otherID, try options()))
        #expect(idError.reason == .identityMismatch)
        #expect(idError.message.contains("is org.rollport.example.minimal-c 1.0.0 but the manifest names org.rollport.example.other 1.0.0"), "\(idError)")

        let otherVersion = try writeManifest("identity-version") {
            $0.replacingOccurrences(of: "version = \"1.0.0\"", with: "version = \"1.0.1\"")
        }
        let versionError = try #require(loadError(otherVersion, try options()))
        #expect(versionError.reason == .identityMismatch)
        #expect(versionError.message.contains("but the manifest names org.rollport.example.minimal-c 1.0.1"), "\(versionError)")
    }

    @Test func manifestABIMajorMustBeTheHosts() throws {
        let manifest = try writeManifest("abi") { $0.replacingOccurrences(of: "abi = \"1.0\"", with: "abi = \"2.0\"") }
        #expect(manifest.compat.abiMajor == 2)
        let error = try #require(loadError(manifest, try options()))
        #expect(error.reason == .abiMajorMismatch)
        #expect(error.message.contains("the manifest says ABI 2.0 but this host speaks ABI 1.x"), "\(error)")
    }

    @Test func hostVersionRangeMustIncludeThisHost() throws {
        let manifest = try writeManifest("host-range") {
            $0.replacingOccurrences(of: "host = \">=0.1.0, <1.0.0\"", with: "host = \">=0.2.0, <1.0.0\"")
        }
        let error = try #require(loadError(manifest, try options()))
        #expect(error.reason == .hostVersionOutOfRange)
        #expect(error.message.contains("asks for host >=0.2.0, <1.0.0 but this host is 0.1.0"), "\(error)")
    }

    // MARK: refusals after the library is opened

    @Test func missingExtensionFailsTheInstance() throws {
        let dir = TestPaths.temporaryDirectory("missing-extension")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try TestPaths.compileCAdapter(source: Self.brokenSource, output: dir + "/libbroken.so", defines: ["MISSING_EXTENSION"])
        let manifest = try writeManifest("missing-extension-manifest") {
            $0.replacingOccurrences(of: "org.rollport.example.minimal-c", with: "org.rollport.test.missing-extension")
                .replacingOccurrences(of: "libminimal_c.so", with: "libbroken.so")
                .replacingOccurrences(of: "provides = [\"rollport.l1-ingest/1\"]", with: "provides = [\"rollport.l1-ingest/1\", \"rollport.rpc/1\"]")
        }
        let library = try AdapterLibrary.open(manifest, options: .init(pluginPath: [dir]))
        let error = try #require(throws: LoadError.self) {
            try AdapterInstance(library: library, manifest: manifest, logger: Self.logger)
        }
        #expect(error.reason == .missingExtension)
        #expect(error.message.contains("provides rollport.rpc/1, but get_extension(\"rollport.rpc/1\") returned NULL"), "\(error)")
        // Without the manifest's promise the same library is a usable ingest adapter.
        let instance = try AdapterInstance(library: library, manifest: nil, logger: Self.logger)
        #expect(instance.supports("rollport.l1-ingest/1"))
        #expect(!instance.supports("rollport.rpc/1"))
        instance.shutdown()
    }

    @Test func aFailingAdapterIsSkippedAndTheOthersLoad() throws {
        let dir = TestPaths.temporaryDirectory("set")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.copyItem(atPath: try Self.exampleLibraryDirectory.get() + "/libminimal_c.so", toPath: dir + "/libminimal_c.so")
        try FileManager.default.copyItem(atPath: Self.exampleManifest, toPath: dir + "/a-minimal-c.toml")
        try TestPaths.compileCAdapter(source: Self.brokenSource, output: dir + "/libbroken-magic.so", defines: ["WRONG_MAGIC"])
        let broken = try String(contentsOfFile: Self.exampleManifest, encoding: .utf8)
            .replacingOccurrences(of: "org.rollport.example.minimal-c", with: "org.rollport.test.wrong-magic")
            .replacingOccurrences(of: "libminimal_c.so", with: "libbroken-magic.so")
            .replacingOccurrences(of: "name = \"example-bridge\"", with: "name = \"broken-bridge\"")
        try broken.write(toFile: dir + "/b-broken.toml", atomically: true, encoding: .utf8)

        let catalog = ManifestCatalog.load([dir])
        #expect(catalog.failures.isEmpty, "\(catalog.failures)")
        #expect(catalog.manifests.count == 2)
        let set = AdapterSet(catalog: catalog, options: .init(), logger: Self.logger)
        #expect(set.adapters.map(\.id) == ["org.rollport.example.minimal-c"])
        #expect(set.failures.count == 1)
        let failure = try #require(set.failures.first)
        #expect(failure.adapter == "org.rollport.test.wrong-magic")
        #expect(failure.reason == .wrongMagic)

        // The one that loaded still routes its deposits.
        let dispatch = set.router.dispatch(Self.deposit(block: nil))
        guard case .claimed(let claimant) = dispatch.outcome else {
            Issue.record("not claimed: \(dispatch.outcome)")
            return
        }
        #expect(claimant.adapter.id == "org.rollport.example.minimal-c")
        #expect(claimant.chain == "example-bridge")
        #expect(dispatch.result?.status == .ok)
    }

    // MARK: kv store and reorgs

    static let depositTopic = try! Hash32(hex: "0x0ce5d59899998588447ea229b06cda979bc064e102442f46b83e06519fdef4ff")
    static let bridge = try! Address(hex: "0x000000000000000000000000000000000000e1a1")

    static func deposit(block: UInt64?) -> L1Item {
        let recipient = try! Hash32(hex: "0x00000000000000000000000000000000000000000000000000000000000000aa")
        let amount = [UInt8](repeating: 0, count: 31) + [1]
        return .log(L1Item.LogItem(log: L1Log(address: bridge, topics: [depositTopic, recipient], data: amount),
                                   block: block.map { L1BlockReference(number: $0) }))
    }

    /// The C example keeps "deposit-count" (a little-endian UInt64) in its kv namespace.
    static func depositCount(_ instance: AdapterInstance) -> UInt64? {
        guard let bytes = instance.store.get(Array("deposit-count".utf8)), bytes.count == 8 else { return nil }
        return bytes.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    @Test func revertUndoesTheBlocksKVWrites() throws {
        let manifest = try ManifestParser.load(file: Self.exampleManifest)
        let library = try AdapterLibrary.open(manifest, options: try options())
        let instance = try AdapterInstance(library: library, manifest: manifest, logger: Self.logger)
        defer { instance.shutdown() }
        let router = Router(adapters: [instance])
        #expect(instance.store.count == 0)

        func handle(at block: UInt64, expecting sequence: Int) throws {
            let result = try #require(router.dispatch(Self.deposit(block: block)).result)
            #expect(result.status == .ok, "\(result.message)")
            #expect(result.records.first?.details["sequence"] == .number(String(sequence)))
        }

        try handle(at: 16, expecting: 1)
        #expect(instance.store.count == 1)
        #expect(Self.depositCount(instance) == 1)
        try handle(at: 17, expecting: 2)
        try handle(at: 17, expecting: 3)
        #expect(Self.depositCount(instance) == 3)

        #expect(instance.revert(L1BlockReference(number: 17)) == .ok)
        #expect(Self.depositCount(instance) == 1)
        #expect(instance.store.count == 1)
        #expect(instance.revert(L1BlockReference(number: 16)) == .ok)
        #expect(instance.store.count == 0)
        #expect(Self.depositCount(instance) == nil)

        // Replayed on the new branch, the count starts again from the restored state.
        try handle(at: 16, expecting: 1)
        #expect(Self.depositCount(instance) == 1)
    }

    @Test func kvWritesInsideClaimAreRefused() throws {
        let dir = TestPaths.temporaryDirectory("writes-in-claim")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try TestPaths.compileCAdapter(source: Self.brokenSource, output: dir + "/libbroken-claim.so", defines: ["WRITES_IN_CLAIM"])
        let manifest = try writeManifest("writes-in-claim-manifest") {
            $0.replacingOccurrences(of: "org.rollport.example.minimal-c", with: "org.rollport.test.writes-in-claim")
                .replacingOccurrences(of: "libminimal_c.so", with: "libbroken-claim.so")
        }
        let instance = try AdapterInstance(library: try AdapterLibrary.open(manifest, options: .init(pluginPath: [dir])),
                                           manifest: manifest, logger: Self.logger)
        defer { instance.shutdown() }
        let result = try #require(Router(adapters: [instance]).dispatch(Self.deposit(block: 16)).result)
        #expect(result.status == .ok, "\(result.message)")
        // claim()'s write was refused and changed nothing; handle()'s writes went through.
        #expect(instance.store.get(Array("claimed".utf8)) == nil)
        #expect(Self.depositCount(instance) == 1)
        let status = try #require(instance.store.get(Array("claim-put-status".utf8)))
        #expect(status == withUnsafeBytes(of: Int32(3).littleEndian) { Array($0) }, "put inside claim() must return ROLLPORT_INVALID_ARGUMENT (3)")
    }

    @Test func cExampleHashesWithTheHostsKeccak() throws {
        let manifest = try ManifestParser.load(file: Self.exampleManifest)
        let instance = try AdapterInstance(library: try AdapterLibrary.open(manifest, options: try options()),
                                           manifest: manifest, logger: Self.logger)
        defer { instance.shutdown() }
        let result = try #require(Router(adapters: [instance]).dispatch(Self.deposit(block: nil)).result)
        #expect(result.status == .ok, "\(result.message)")
        // depositId = keccak256(recipient (20 bytes) ‖ amount (32 bytes)), through rollport.host.crypto/1.
        let preimage = [UInt8](repeating: 0, count: 19) + [0xaa] + [UInt8](repeating: 0, count: 31) + [1]
        #expect(result.records.first?.details["depositId"] == .string(Keccak256.hash(preimage).description))
    }

    @Test func writesOutsideABlockSurviveReverts() throws {
        let manifest = try ManifestParser.load(file: Self.exampleManifest)
        let instance = try AdapterInstance(library: try AdapterLibrary.open(manifest, options: try options()),
                                           manifest: manifest, logger: Self.logger)
        defer { instance.shutdown() }
        let result = try #require(Router(adapters: [instance]).dispatch(Self.deposit(block: nil)).result)
        #expect(result.status == .ok)
        #expect(Self.depositCount(instance) == 1)
        #expect(instance.revert(L1BlockReference(number: 0)) == .ok)
        #expect(Self.depositCount(instance) == 1)
    }
}
