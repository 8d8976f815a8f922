import ArgumentParser
import Foundation
import RollportHost
import RollportToolkit

struct ManifestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "manifest", abstract: "Validate and pin manifests.", subcommands: [Validate.self, Pin.self])

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate manifests without loading any code.",
            discussion: "Reports every problem with its file, line or key, and the fix. Exit 0 when all are valid, 2 otherwise.")
        @Argument(help: "Manifest files or folders. Default: the manifest folders.") var files: [String] = []
        @OptionGroup var output: OutputOptions

        func run() throws {
            let catalog = ManifestCatalog.load(files.isEmpty ? ManifestCatalog.defaultDirectories : files)
            if output.json {
                let problems = catalog.failures.flatMap(\.problems).map { p -> JSONValue in
                    .object([("file", .string(p.file)), ("line", p.line.map { .number($0) } ?? .null), ("key", p.key.map { .string($0) } ?? .null),
                             ("message", .string(p.message)), ("fix", p.fix.map { .string($0) } ?? .null)])
                }
                printJSON(.object([("valid", .array(catalog.manifests.map { .string($0.file) })), ("problems", .array(problems))]))
            } else {
                for m in catalog.manifests { print("ok  \(m.file)  (\(m.adapter.id) \(m.adapter.version), \(m.chains.count) chain(s))") }
                for f in catalog.failures { print(f.description) }
            }
            if !catalog.failures.isEmpty { throw Exit.badInput }
        }
    }

    struct Pin: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the sha256 of the manifest's library into the manifest.",
            discussion: "The host checks the hash before it opens the library. Check the library first: pinning says you trust it.")
        @Argument(help: "The manifest file.") var file: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            let manifest: Manifest
            do { manifest = try ManifestParser.load(file: file) } catch {
                printError(error.description)
                throw Exit.badInput
            }
            let path: String
            let digest: String
            do {
                path = try AdapterLibrary.locate(manifest, options: .fromEnvironment())
                digest = try AdapterLibrary.fileSHA256(path, adapter: manifest.adapter.id)
            } catch {
                printError(error.description)
                throw Exit.badInput
            }
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                printError("cannot read \(file)")
                throw Exit.badInput
            }
            let updated = ManifestPinning.pin(text, sha256: digest)
            do { try updated.write(toFile: file, atomically: true, encoding: .utf8) } catch {
                printError("cannot write \(file): \(error)")
                throw Exit.badInput
            }
            if output.json {
                printJSON(.object([("manifest", .string(file)), ("library", .string(path)), ("sha256", .string(digest))]))
            } else {
                print("pinned \(path)\n  sha256 = \(digest)\n  in \(file)")
            }
        }
    }
}
