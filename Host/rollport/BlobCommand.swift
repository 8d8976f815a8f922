import ArgumentParser
import RollportToolkit

struct BlobCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blob",
        abstract: "EIP-4844 blobs: versioned hashes and field-element checks.",
        subcommands: [VersionedHash.self, Check.self])

    struct VersionedHash: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "versioned-hash",
            abstract: "The versioned hash of a KZG commitment: 0x01 ‖ sha256(commitment)[1...].")

        @Argument(help: "The 48-byte commitment: \(ByteInput.help).") var commitment: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            let bytes: [UInt8]
            do { bytes = try ByteInput.read(commitment) } catch {
                printError(error.description)
                throw Exit.badInput
            }
            let hash: Hash32
            do { hash = try KZGCommitment.versionedHash(bytes) } catch {
                printError(error.description)
                throw Exit.badInput
            }
            if output.json {
                printJSON(.object([("commitment", .string(Hex.encode(bytes))), ("versionedHash", .string(hash.description))]))
            } else {
                print(hash)
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that a blob is 131,072 bytes of 4096 field elements, each below the BLS12-381 modulus.",
            discussion: "Exit 0 when valid, 1 when an element is out of range (named by index), 2 when the input is not 131,072 bytes.")

        @Argument(help: "The blob: \(ByteInput.help).") var blob: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            let bytes: [UInt8]
            do { bytes = try ByteInput.read(blob) } catch {
                printError(error.description)
                throw Exit.badInput
            }
            let checked: Blob
            do { checked = try Blob(bytes: bytes) } catch {
                if output.json {
                    var members: [(String, JSONValue)] = [("valid", .bool(false)), ("size", .number(bytes.count)), ("error", .string(error.description))]
                    if case .elementNotCanonical(let index) = error.reason { members.append(("fieldElement", .number(index))) }
                    printJSON(.object(members))
                } else {
                    printError(error.description)
                }
                if case .wrongSize = error.reason { throw Exit.badInput }
                throw Exit.negative
            }
            let elements = checked.fieldElements
            let highBytesZero = elements.allSatisfy { $0.first == 0 }
            let lastUsed = elements.lastIndex { element in element.contains { $0 != 0 } }.map { $0 + 1 } ?? 0
            if output.json {
                printJSON(.object([("valid", .bool(true)), ("size", .number(bytes.count)), ("fieldElements", .number(elements.count)),
                                   ("usedFieldElements", .number(lastUsed)), ("highBytesZero", .bool(highBytesZero))]))
            } else {
                print("valid blob: \(elements.count) field elements, all below the BLS12-381 modulus")
                print("elements in use (up to the last non-zero one): \(lastUsed)")
                print(highBytesZero ? "every element's high byte is 0 (31 usable bytes per element)" : "some elements use their high byte")
            }
        }
    }
}
