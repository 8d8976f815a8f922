/// Manifest text for adapters the tests and benchmarks build: one chain, the caller's rules.
public enum TestManifest {
    public static func text(
        id: String, name: String, library: String, provides: [String], requires: [String] = [],
        rpcMethods: [String] = [], probeItem: String? = nil,
        chain: String, chainID: Int, l1ChainID: Int, rules: String
    ) -> String {
        func list(_ items: [String]) -> String { "[" + items.map { "\"\($0)\"" }.joined(separator: ", ") + "]" }
        var text = """
        schema = 1

        [adapter]
        id = "\(id)"
        name = "\(name)"
        version = "1.0.0"

        [compat]
        host = ">=0.1.0, <1.0.0"
        abi = "1.0"

        [library]
        file = "\(library)"

        [extensions]
        provides = \(list(provides))
        requires = \(list(requires))
        threading = "serial"
        rpc_methods = \(list(rpcMethods))

        """
        if let probeItem {
            text += "\n[probe]\nitem = '''\n\(probeItem)\n'''\n"
        }
        text += """

        [[chains]]
        name = "\(chain)"
        chain_id = \(chainID)
        l1_chain_id = \(l1ChainID)
        enabled = true
        start_l1_block = 0

        \(rules)

        """
        return text
    }
}
