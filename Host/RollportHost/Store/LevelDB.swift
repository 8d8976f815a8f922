import CLevelDB
import Foundation

/// Why the store could not be opened, read or written: what, which directory, and how to fix it.
public struct StoreError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Reason: Sendable, Equatable {
        /// Another process (or another open handle in this one) holds the directory's lock.
        case locked
        /// The directory's files do not read back as a LevelDB database.
        case corrupt
        /// The directory holds data of another kind: another L1 chain, an unknown layout version.
        case incompatible
        /// The operating system refused (permissions, disk full, not a directory).
        case io
        /// A revert reached a block that is final (its undo data is gone) or was never stored.
        case final
    }

    public var reason: Reason
    public var directory: String
    public var message: String
    public var fix: String

    public init(_ reason: Reason, directory: String, message: String, fix: String) {
        self.reason = reason; self.directory = directory; self.message = message; self.fix = fix
    }

    public var description: String { "data directory \(directory): \(message); \(fix)" }

    /// Classifies a LevelDB status text.
    static func leveldb(_ text: String, directory: String, during action: String) -> StoreError {
        if text.contains("lock") && (text.contains("Resource temporarily unavailable") || text.contains("already held")) {
            return StoreError(.locked, directory: directory, message: "\(action): the directory is in use (\(text))",
                              fix: "another rollport process is running on it: stop that process, or give this one its own --datadir")
        }
        if text.hasPrefix("Corruption") {
            return StoreError(.corrupt, directory: directory, message: "\(action): \(text)",
                              fix: "the store is damaged: move the directory aside and start again with an empty one (rollport resyncs from the manifests' start blocks)")
        }
        if text.hasPrefix("Invalid argument") {
            return StoreError(.corrupt, directory: directory, message: "\(action): \(text)",
                              fix: "the directory is not a rollport store (no LevelDB CURRENT file): give an empty or new directory, or the one rollport created")
        }
        return StoreError(.io, directory: directory, message: "\(action): \(text)",
                          fix: "check that the path is a writable directory with free space")
    }
}

/// The key-value changes of one atomic write. Applied all or nothing.
public struct WriteBatch: Sendable {
    public enum Operation: Sendable, Equatable {
        case put([UInt8], [UInt8])
        case delete([UInt8])
    }

    public private(set) var operations: [Operation] = []

    public init() {}

    public mutating func put(_ key: [UInt8], _ value: [UInt8]) { operations.append(.put(key, value)) }
    public mutating func delete(_ key: [UInt8]) { operations.append(.delete(key)) }
    public var isEmpty: Bool { operations.isEmpty }
}

/// A LevelDB database in one directory (Debian's libleveldb, through its C API). Keys are kept
/// in byte order, which the chain store's big-endian block numbers rely on.
public final class LevelDB: @unchecked Sendable {
    // @unchecked: LevelDB's handles are thread-safe for concurrent reads and writes (its
    // documentation); the Swift side holds no mutable state besides `isClosed`, set once.
    public let directory: String
    private var db: OpaquePointer?
    private let options: OpaquePointer
    private let cache: OpaquePointer
    private let filter: OpaquePointer
    private let readOptions: OpaquePointer
    private let scanOptions: OpaquePointer
    private let syncWrite: OpaquePointer
    private let asyncWrite: OpaquePointer

    public init(directory: String, createIfMissing: Bool = true) throws(StoreError) {
        self.directory = directory
        if createIfMissing {
            do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
                throw StoreError(.io, directory: directory, message: "cannot create the directory: \(error.localizedDescription)",
                                 fix: "check the path and its permissions, or choose another --datadir")
            }
        }
        options = leveldb_options_create()
        cache = leveldb_cache_create_lru(64 << 20)
        filter = leveldb_filterpolicy_create_bloom(10)
        leveldb_options_set_create_if_missing(options, createIfMissing ? 1 : 0)
        leveldb_options_set_paranoid_checks(options, 1)
        leveldb_options_set_cache(options, cache)
        leveldb_options_set_filter_policy(options, filter)
        leveldb_options_set_write_buffer_size(options, 16 << 20)
        leveldb_options_set_max_open_files(options, 256)
        leveldb_options_set_compression(options, Int32(leveldb_snappy_compression))
        readOptions = leveldb_readoptions_create()
        scanOptions = leveldb_readoptions_create()
        leveldb_readoptions_set_fill_cache(scanOptions, 0)
        syncWrite = leveldb_writeoptions_create()
        leveldb_writeoptions_set_sync(syncWrite, 1)
        asyncWrite = leveldb_writeoptions_create()
        leveldb_writeoptions_set_sync(asyncWrite, 0)
        var error: UnsafeMutablePointer<CChar>?
        let opened = leveldb_open(options, directory, &error)
        // Every stored property is set by now, so a throw still runs deinit, which frees the options.
        if let message = Self.take(&error) { throw StoreError.leveldb(message, directory: directory, during: "opening") }
        db = opened
    }

    deinit {
        close()
        freeOptions()
    }

    private func freeOptions() {
        leveldb_options_destroy(options)
        leveldb_cache_destroy(cache)
        leveldb_filterpolicy_destroy(filter)
        leveldb_readoptions_destroy(readOptions)
        leveldb_readoptions_destroy(scanOptions)
        leveldb_writeoptions_destroy(syncWrite)
        leveldb_writeoptions_destroy(asyncWrite)
    }

    /// Releases the directory's lock; later calls fail.
    public func close() {
        if let db { leveldb_close(db) }
        db = nil
    }

    private static func take(_ error: inout UnsafeMutablePointer<CChar>?) -> String? {
        guard let e = error else { return nil }
        defer { leveldb_free(e); error = nil }
        return String(cString: e)
    }

    private func handle(_ action: String) throws(StoreError) -> OpaquePointer {
        guard let db else {
            throw StoreError(.io, directory: directory, message: "\(action): the store is closed", fix: "open it again")
        }
        return db
    }

    public func get(_ key: [UInt8]) throws(StoreError) -> [UInt8]? {
        let db = try handle("reading")
        var error: UnsafeMutablePointer<CChar>?
        var length = 0
        let value = key.withUnsafeBufferPointer { k in
            k.withMemoryRebound(to: CChar.self) { leveldb_get(db, readOptions, $0.baseAddress, $0.count, &length, &error) }
        }
        if let message = Self.take(&error) { throw StoreError.leveldb(message, directory: directory, during: "reading") }
        guard let value else { return nil }
        defer { leveldb_free(value) }
        return Array(UnsafeRawBufferPointer(start: value, count: length))
    }

    /// Applies `batch` atomically. `sync` waits until the operating system has the write on
    /// disk; without it a crash of the process loses nothing, a crash of the machine may lose
    /// the newest batches (never part of one).
    public func write(_ batch: WriteBatch, sync: Bool) throws(StoreError) {
        let db = try handle("writing")
        let raw = leveldb_writebatch_create()
        defer { leveldb_writebatch_destroy(raw) }
        for op in batch.operations {
            switch op {
            case .put(let k, let v):
                k.withUnsafeBufferPointer { kb in
                    v.withUnsafeBufferPointer { vb in
                        kb.withMemoryRebound(to: CChar.self) { kc in
                            vb.withMemoryRebound(to: CChar.self) { vc in
                                leveldb_writebatch_put(raw, kc.baseAddress, kc.count, vc.baseAddress, vc.count)
                            }
                        }
                    }
                }
            case .delete(let k):
                k.withUnsafeBufferPointer { kb in
                    kb.withMemoryRebound(to: CChar.self) { leveldb_writebatch_delete(raw, $0.baseAddress, $0.count) }
                }
            }
        }
        var error: UnsafeMutablePointer<CChar>?
        leveldb_write(db, sync ? syncWrite : asyncWrite, raw, &error)
        if let message = Self.take(&error) { throw StoreError.leveldb(message, directory: directory, during: "writing") }
    }

    /// Calls `body` with every key starting with `prefix`, in key order, from `start` (a key at
    /// or after the prefix) on, until it returns false. `cached`: keep the blocks read in the
    /// block cache, for ranges read again and again (the API's); a one-off sweep leaves it be.
    public func scan(prefix: [UInt8], from start: [UInt8]? = nil, cached: Bool = false, _ body: (_ key: [UInt8], _ value: [UInt8]) throws -> Bool) throws {
        try scanBorrowing(prefix: prefix, from: start, cached: cached) { key, value in try body(Array(key), Array(value)) }
    }

    /// `scan` lending each key and value for the duration of the call, without copying them.
    public func scanBorrowing(prefix: [UInt8], from start: [UInt8]? = nil, cached: Bool = false,
                              _ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Bool) throws {
        let db = try handle("reading")
        guard let iterator = leveldb_create_iterator(db, cached ? readOptions : scanOptions) else { return }
        defer { leveldb_iter_destroy(iterator) }
        let seekKey = start ?? prefix
        seekKey.withUnsafeBufferPointer { b in
            b.withMemoryRebound(to: CChar.self) { leveldb_iter_seek(iterator, $0.baseAddress, $0.count) }
        }
        while leveldb_iter_valid(iterator) != 0 {
            var keyLength = 0, valueLength = 0
            guard let k = leveldb_iter_key(iterator, &keyLength) else { break }
            let key = UnsafeRawBufferPointer(start: k, count: keyLength)
            guard key.starts(with: prefix) else { break }
            let v = leveldb_iter_value(iterator, &valueLength)
            let value = UnsafeRawBufferPointer(start: v, count: v == nil ? 0 : valueLength)
            guard try body(key, value) else { break }
            leveldb_iter_next(iterator)
        }
        var error: UnsafeMutablePointer<CChar>?
        leveldb_iter_get_error(iterator, &error)
        if let message = Self.take(&error) { throw StoreError.leveldb(message, directory: directory, during: "scanning") }
    }

    /// The last key starting with `prefix`, and its value.
    public func last(prefix: [UInt8]) throws -> (key: [UInt8], value: [UInt8])? {
        let db = try handle("reading")
        guard let iterator = leveldb_create_iterator(db, readOptions) else { return nil }
        defer { leveldb_iter_destroy(iterator) }
        // Seek to the first key after every key with the prefix, then step back one.
        var after = prefix
        while let last = after.last, last == 0xFF { after.removeLast() }
        if after.isEmpty {
            leveldb_iter_seek_to_last(iterator)
        } else {
            after[after.count - 1] += 1
            after.withUnsafeBufferPointer { b in
                b.withMemoryRebound(to: CChar.self) { leveldb_iter_seek(iterator, $0.baseAddress, $0.count) }
            }
            if leveldb_iter_valid(iterator) != 0 { leveldb_iter_prev(iterator) } else { leveldb_iter_seek_to_last(iterator) }
        }
        var found: (key: [UInt8], value: [UInt8])?
        if leveldb_iter_valid(iterator) != 0 {
            var keyLength = 0, valueLength = 0
            if let k = leveldb_iter_key(iterator, &keyLength) {
                let key = Array(UnsafeRawBufferPointer(start: k, count: keyLength))
                if key.starts(with: prefix) {
                    let v = leveldb_iter_value(iterator, &valueLength)
                    found = (key, v.map { Array(UnsafeRawBufferPointer(start: $0, count: valueLength)) } ?? [])
                }
            }
        }
        var error: UnsafeMutablePointer<CChar>?
        leveldb_iter_get_error(iterator, &error)
        if let message = Self.take(&error) { throw StoreError.leveldb(message, directory: directory, during: "scanning") }
        return found
    }
}
