import Foundation

/// The manifests found in one or more folders (`*.toml`, not recursive), with the ones that
/// failed validation kept apart so that the good ones still load.
public struct ManifestCatalog: Sendable {
    public var manifests: [Manifest]
    public var failures: [ManifestError]

    /// `./Manifests` unless `ROLLPORT_MANIFESTS` (':'-separated) says otherwise.
    public static var defaultDirectories: [String] {
        if let env = ProcessInfo.processInfo.environment["ROLLPORT_MANIFESTS"], !env.isEmpty {
            return env.split(separator: ":").map(String.init)
        }
        return ["Manifests"]
    }

    /// Folders or single manifest files.
    public static func load(_ paths: [String]) -> ManifestCatalog {
        var files = [String]()
        var failures = [ManifestError]()
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                failures.append(ManifestError(file: path, problems: [ManifestProblem(
                    file: path, message: "no such file or folder", fix: "pass an existing folder with --manifests or ROLLPORT_MANIFESTS")]))
                continue
            }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                files += names.filter { $0.hasSuffix(".toml") }.sorted().map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        var manifests = [Manifest]()
        for file in files {
            do { manifests.append(try ManifestParser.load(file: file)) } catch { failures.append(error) }
        }
        failures += crossManifestProblems(manifests)
        return ManifestCatalog(manifests: manifests, failures: failures)
    }

    /// Adapter ids and chain names must be unique across all manifests.
    static func crossManifestProblems(_ manifests: [Manifest]) -> [ManifestError] {
        var out = [ManifestError]()
        var ids = [String: String]()
        var chains = [String: String]()
        for m in manifests {
            if let other = ids[m.adapter.id] {
                out.append(ManifestError(file: m.file, problems: [ManifestProblem(
                    file: m.file, key: "adapter.id", message: "adapter \(m.adapter.id) is also declared by \(other)",
                    fix: "keep one manifest per adapter")]))
            } else { ids[m.adapter.id] = m.file }
            for c in m.chains {
                if let other = chains[c.name] {
                    out.append(ManifestError(file: m.file, problems: [ManifestProblem(
                        file: m.file, key: "chains.name", message: "chain \(c.name) is also declared by \(other)",
                        fix: "chain names must be unique across manifests")]))
                } else { chains[c.name] = m.file }
            }
        }
        return out
    }
}
