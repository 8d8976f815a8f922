import Foundation

/// Where things are when tests run: the repository, the build products, the shared vectors.
public enum TestPaths {
    /// The repository root (this file is Tests/Support/TestPaths.swift).
    public static let repository: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The folder holding the test bundle, the `rollport` executable and the adapter libraries.
    public static let binDirectory: String = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var url = URL(fileURLWithPath: exe).deletingLastPathComponent()
        // XCTest bundles on Linux are executables in the bin folder; step out of a .xctest folder if any.
        while url.path.contains(".xctest") { url.deleteLastPathComponent() }
        return url.path
    }()

    public static let includeDirectory = repository + "/PluginSDK/include"
    public static let examples = repository + "/PluginSDK/examples"
    public static let swiftExampleLibrary = binDirectory + "/libMinimalSwiftAdapter.so"

    /// Where the shared vectors are looked for: ROLLPORT_VECTORS, else ../shared/vectors beside
    /// the repository.
    public static var vectorsCandidate: String {
        let path = ProcessInfo.processInfo.environment["ROLLPORT_VECTORS"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (repository + "/../shared/vectors")
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// The shared vectors folder; nil when absent.
    public static var vectors: String? {
        let path = vectorsCandidate
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
            ? URL(fileURLWithPath: path).standardizedFileURL.path : nil
    }

    public static var vectorsRequired: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// A fresh temporary folder.
    public static func temporaryDirectory(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "rollport-tests-\(name)-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Compiles a C adapter against the header alone, as a third party would.
    /// The ABI version the header defines, "major.minor", as the CLI reports it.
    public static let abiVersion: String = {
        let text = (try? String(contentsOfFile: includeDirectory + "/rollport.h", encoding: .utf8)) ?? ""
        func define(_ name: String) -> String {
            for line in text.split(separator: "\n") where line.hasPrefix("#define \(name) ") {
                return String(line.dropFirst("#define \(name) ".count).filter(\.isNumber))
            }
            return "?"
        }
        return "\(define("ROLLPORT_ABI_MAJOR")).\(define("ROLLPORT_ABI_MINOR"))"
    }()

    public static func compileCAdapter(source: String, output: String, defines: [String] = []) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["cc", "-std=c11", "-Wall", "-Werror", "-shared", "-fPIC", "-O1", "-I", includeDirectory]
            + defines.map { "-D" + $0 } + [source, "-o", output]
        let err = Pipe()
        process.standardError = err
        try process.run()
        let message = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CompileError(message: String(decoding: message, as: UTF8.self))
        }
    }

    public struct CompileError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { "cc failed: \(message)" }
    }
}
