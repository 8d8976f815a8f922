import Crypto
import Foundation
import RollportABI

/// Finds, verifies and opens an adapter's shared library, and checks its entry against the
/// manifest before any adapter code beyond the entry function runs.
public struct AdapterLibrary: @unchecked Sendable {
    // @unchecked: `entry` points at the adapter's static, immutable entry struct.
    public typealias EntryFunction = @convention(c) (UInt32, UInt32) -> UnsafePointer<rollport_plugin_entry>?

    public let path: String
    /// `rollport_plugin_entry_v1` itself, for asking about other ABI versions.
    public let entryFunction: EntryFunction
    public let entry: UnsafePointer<rollport_plugin_entry>
    public let sha256: String

    public var adapterID: String { entry.pointee.adapter_id.map { String(cString: $0) } ?? "" }
    public var adapterVersion: String { entry.pointee.adapter_version.map { String(cString: $0) } ?? "" }
    public var buildInfo: String? { entry.pointee.build_info.map { String(cString: $0) } }

    public struct Options: Sendable {
        public var pluginPath: [String]
        public var executableDirectory: String?
        public var requirePinned: Bool

        public init(pluginPath: [String] = [], executableDirectory: String? = nil, requirePinned: Bool = false) {
            self.pluginPath = pluginPath; self.executableDirectory = executableDirectory; self.requirePinned = requirePinned
        }

        /// The running executable, which `plugins check` also re-runs for its probes.
        public static var executablePath: String {
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments.first ?? ""
        }

        /// ROLLPORT_PLUGIN_PATH (':'-separated) and the folder of the running executable.
        public static func fromEnvironment(requirePinned: Bool = false) -> Options {
            let env = ProcessInfo.processInfo.environment["ROLLPORT_PLUGIN_PATH"] ?? ""
            return Options(pluginPath: env.split(separator: ":").map(String.init),
                           executableDirectory: (executablePath as NSString).deletingLastPathComponent, requirePinned: requirePinned)
        }
    }

    /// Where the manifest's library is looked for, in order.
    public static func searchDirectories(for manifest: Manifest, options: Options) -> [String] {
        var dirs = [manifest.directory]
        dirs += options.pluginPath
        if let exe = options.executableDirectory { dirs.append(exe) }
        return dirs
    }

    public static func locate(_ manifest: Manifest, options: Options) throws(LoadError) -> String {
        let dirs = searchDirectories(for: manifest, options: options)
        for dir in dirs {
            let candidate = (dir as NSString).appendingPathComponent(manifest.library.file)
            if FileManager.default.isReadableFile(atPath: candidate) { return candidate }
        }
        throw LoadError(reason: .libraryNotFound, adapter: manifest.adapter.id,
                        message: "library \(manifest.library.file) not found; looked in: \(dirs.joined(separator: ", "))",
                        fix: "build it (swift build builds the adapters in this repository), put it beside the manifest, or add its folder to ROLLPORT_PLUGIN_PATH")
    }

    /// Checks compatibility, the pin, opens the library and validates the entry against the manifest.
    public static func open(_ manifest: Manifest, options: Options) throws(LoadError) -> AdapterLibrary {
        let id = manifest.adapter.id
        guard manifest.compat.host.contains(RollportVersion.host) else {
            throw LoadError(reason: .hostVersionOutOfRange, adapter: id,
                            message: "the manifest asks for host \(manifest.compat.host) but this host is \(RollportVersion.host)",
                            fix: "use an adapter release built for host \(RollportVersion.host), or widen compat.host if it was tested with it")
        }
        guard manifest.compat.abiMajor == RollportVersion.abiMajor else {
            throw LoadError(reason: .abiMajorMismatch, adapter: id,
                            message: "the manifest says ABI \(manifest.compat.abiMajor).\(manifest.compat.abiMinor) but this host speaks ABI \(RollportVersion.abiMajor).x",
                            fix: "rebuild the adapter against this host's rollport.h")
        }
        let path = try locate(manifest, options: options)
        let library = try open(path: path, adapter: id) { digest throws(LoadError) in
            if let pinned = manifest.library.sha256 {
                guard pinned == digest else {
                    throw LoadError(reason: .sha256Mismatch, adapter: id,
                                    message: "\(path) has sha256 \(digest) but the manifest pins \(pinned)",
                                    fix: "if you rebuilt it on purpose, run `rollport manifest pin \(manifest.file)`; otherwise restore the pinned library")
                }
            } else if options.requirePinned {
                throw LoadError(reason: .unpinned, adapter: id,
                                message: "\(path) is not pinned and require_pinned is set",
                                fix: "run `rollport manifest pin \(manifest.file)` after checking the library")
            }
        }
        try library.checkIdentity(against: manifest)
        return library
    }

    /// Opens a library and validates its entry. `verify` sees the sha256 of exactly the bytes
    /// that will be loaded (the file is opened once, hashed, and loaded through that descriptor),
    /// and may refuse them before any of their code runs.
    public static func open(
        path: String, adapter: String, verify: (String) throws(LoadError) -> Void = { _ throws(LoadError) in }
    ) throws(LoadError) -> AdapterLibrary {
        let (handle, digest) = try LibraryHandles.shared.open(path, adapter: adapter, verify: verify)
        guard let symbol = dlsym(handle, ROLLPORT_ENTRY_SYMBOL) else {
            throw LoadError(reason: .missingEntrySymbol, adapter: adapter,
                            message: "\(path) does not export \(ROLLPORT_ENTRY_SYMBOL)",
                            fix: "export `const rollport_plugin_entry *rollport_plugin_entry_v1(uint32_t, uint32_t)` (ROLLPORT_EXPORT in C, @c in Swift); check with `nm -D --defined-only`")
        }
        let function = unsafeBitCast(symbol, to: EntryFunction.self)
        guard let entry = function(RollportVersion.abiMajor, RollportVersion.abiMinor) else {
            throw LoadError(reason: .entryRefused, adapter: adapter,
                            message: "\(ROLLPORT_ENTRY_SYMBOL)(\(RollportVersion.abiMajor), \(RollportVersion.abiMinor)) returned NULL: the adapter cannot serve this host's ABI",
                            fix: "rebuild the adapter against ABI \(RollportVersion.abiMajor).\(RollportVersion.abiMinor)")
        }
        try validate(entry, path: path, adapter: adapter)
        return AdapterLibrary(path: path, entryFunction: function, entry: entry, sha256: digest)
    }

    static func validate(_ entry: UnsafePointer<rollport_plugin_entry>, path: String, adapter: String) throws(LoadError) {
        // Only magic and struct_size may be read before struct_size says the rest is there.
        let raw = UnsafeRawPointer(entry)
        let magic = raw.load(fromByteOffset: 0, as: UInt32.self)
        let structSize = raw.load(fromByteOffset: 4, as: UInt32.self)
        guard magic == ROLLPORT_ENTRY_MAGIC else {
            throw LoadError(reason: .wrongMagic, adapter: adapter,
                            message: "entry magic is 0x\(String(magic, radix: 16)); expected 0x\(String(ROLLPORT_ENTRY_MAGIC, radix: 16)) (\"RPT1\")",
                            fix: "set magic = ROLLPORT_ENTRY_MAGIC; a wrong magic usually means the symbol returns something other than a rollport_plugin_entry")
        }
        let minimum = MemoryLayout<rollport_plugin_entry>.size
        guard Int(structSize) >= minimum else {
            throw LoadError(reason: .wrongStructSize, adapter: adapter,
                            message: "entry struct_size is \(structSize); ABI \(RollportVersion.abiMajor).0 needs at least \(minimum)",
                            fix: "set struct_size = sizeof(rollport_plugin_entry) and rebuild against this rollport.h")
        }
        let e = entry.pointee
        guard UInt32(e.abi_major) == RollportVersion.abiMajor else {
            throw LoadError(reason: .abiMajorMismatch, adapter: adapter,
                            message: "the library was built against ABI \(e.abi_major).\(e.abi_minor); this host speaks \(RollportVersion.abiMajor).\(RollportVersion.abiMinor)",
                            fix: "rebuild the adapter against this host's rollport.h")
        }
        guard e.threading <= 2 else {
            throw LoadError(reason: .threadingMismatch, adapter: adapter,
                            message: "entry threading is \(e.threading), not a rollport_threading value",
                            fix: "use ROLLPORT_THREADING_SERIAL, _PARALLEL_QUERIES or _PARALLEL")
        }
        guard e.adapter_id != nil, e.adapter_version != nil, e.`init` != nil, e.shutdown != nil, e.get_extension != nil else {
            throw LoadError(reason: .wrongStructSize, adapter: adapter,
                            message: "the entry has NULL fields (adapter_id, adapter_version, init, shutdown and get_extension are required)",
                            fix: "fill every required field of rollport_plugin_entry")
        }
    }

    func checkIdentity(against manifest: Manifest) throws(LoadError) {
        let id = manifest.adapter.id
        if adapterID != id || adapterVersion != manifest.adapter.version.description {
            throw LoadError(reason: .identityMismatch, adapter: id,
                            message: "\(path) is \(adapterID) \(adapterVersion) but the manifest names \(id) \(manifest.adapter.version)",
                            fix: "point the manifest at the right library, or make adapter.id and adapter.version equal the library's")
        }
        if entry.pointee.threading != manifest.extensions.threading.abiValue {
            let names = ["serial", "parallel-queries", "parallel"]
            throw LoadError(reason: .threadingMismatch, adapter: id,
                            message: "the library declares threading \(names[Int(entry.pointee.threading)]) but the manifest says \(manifest.extensions.threading.rawValue)",
                            fix: "make extensions.threading equal what the adapter declares")
        }
        for required in manifest.extensions.requires where !HostContext.hostExtensions.contains(required) {
            throw LoadError(reason: .hostLacksExtension, adapter: id,
                            message: "the adapter requires host service \(required), which this host does not offer (it offers \(HostContext.hostExtensions.joined(separator: ", ")))",
                            fix: "use a host version that offers \(required), or an adapter release that does without it")
        }
    }

    public static func fileSHA256(_ path: String, adapter: String) throws(LoadError) -> String {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw LoadError(reason: .libraryNotFound, adapter: adapter, message: "cannot open \(path): \(String(cString: strerror(errno)))", fix: "check the path and its permissions")
        }
        defer { close(fd) }
        return try LibraryHandles.sha256(fd: fd, path: path, adapter: adapter)
    }
}

/// Open libraries. Each file is opened once, hashed from that descriptor and loaded through it
/// (`/proc/self/fd/N`), so the bytes that were checked are the bytes that run. Libraries are
/// opened RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE and never closed: unloading Swift code is unsafe.
final class LibraryHandles: @unchecked Sendable {
    static let shared = LibraryHandles()
    private let lock = NSLock()
    /// By sha256: the same bytes are loaded once.
    private var handles: [String: UnsafeMutableRawPointer] = [:]
    /// (device, inode) → sha256 of what was loaded from it. The dynamic loader reuses an image
    /// for the same inode, so a file rewritten in place cannot be loaded again in this process.
    private var loadedInodes: [String: String] = [:]

    func open(_ path: String, adapter: String, verify: (String) throws(LoadError) -> Void) throws(LoadError) -> (UnsafeMutableRawPointer, String) {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw LoadError(reason: .libraryNotFound, adapter: adapter, message: "cannot open \(path): \(String(cString: strerror(errno)))", fix: "check the path and its permissions")
        }
        // The descriptor of a loaded library stays open for the life of the process, like the
        // library itself: the loader knows the image by its /proc/self/fd name, which must not
        // be reused for another file.
        var keepOpen = false
        defer { if !keepOpen { close(fd) } }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            throw LoadError(reason: .libraryNotFound, adapter: adapter, message: "cannot stat \(path)", fix: "check the path")
        }
        let digest = try Self.sha256(fd: fd, path: path, adapter: adapter)
        try verify(digest)
        let inode = "\(st.st_dev):\(st.st_ino)"
        lock.lock()
        defer { lock.unlock() }
        if let h = handles[digest] { return (h, digest) }
        if let previous = loadedInodes[inode], previous != digest {
            throw LoadError(reason: .openFailed, adapter: adapter,
                            message: "\(path) changed in place after this process loaded it (sha256 \(previous) then \(digest)); the loader would run the old code",
                            fix: "restart the host to load the new library, and install libraries by writing a new file and renaming it")
        }
        guard let h = dlopen("/proc/self/fd/\(fd)", RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) else {
            let reason = (dlerror().map { String(cString: $0) } ?? "unknown error").replacingOccurrences(of: "/proc/self/fd/\(fd)", with: path)
            throw LoadError(reason: .openFailed, adapter: adapter, message: "dlopen of \(path) failed: \(reason)",
                            fix: "check that the library is built for this platform and that its dependencies are installed (ldd \(path))")
        }
        keepOpen = true
        handles[digest] = h
        loadedInodes[inode] = digest
        return (h, digest)
    }

    static func sha256(fd: Int32, path: String, adapter: String) throws(LoadError) -> String {
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var offset: off_t = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, offset) }
            if n < 0 {
                throw LoadError(reason: .libraryNotFound, adapter: adapter, message: "cannot read \(path): \(String(cString: strerror(errno)))", fix: "check the file")
            }
            if n == 0 { break }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0.prefix(n))) }
            offset += off_t(n)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
