import ArgumentParser
import RollportHost

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the host version, the adapter ABI version and the toolchain.")
    @OptionGroup var output: OutputOptions

    func run() throws {
        let abi = "\(RollportVersion.abiMajor).\(RollportVersion.abiMinor)"
        if output.json {
            printJSON(.object([("host", .string(RollportVersion.host.description)), ("abi", .string(abi)),
                               ("entrySymbol", .string("rollport_plugin_entry_v1")), ("toolchain", .string(RollportVersion.toolchain))]))
        } else {
            print("rollport \(RollportVersion.host)")
            print("adapter ABI \(abi) (entry symbol rollport_plugin_entry_v1)")
            print("built with \(RollportVersion.toolchain)")
        }
    }
}
