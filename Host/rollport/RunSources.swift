import Logging
import RollportHost

/// Where `rollport run` reads L1 from: a recorded segment (`--replay`), or the JSON-RPC and
/// beacon endpoints of the settings.
enum L1Sources {
    struct SetupError: Error, CustomStringConvertible {
        var description: String
    }

    /// The source, and whether it is a replay (which ends).
    static func make(replay: String?, settings: RunConfiguration, logger: Logger) throws(SetupError) -> (any L1Source, Bool) {
        if let replay {
            do {
                return (try L1Recording.load(file: replay).chain(), true)
            } catch let error as L1Recording.ReadError {
                throw SetupError(description: "--replay \(replay): \(error)")
            } catch {
                throw SetupError(description: "--replay \(replay): \(error)")
            }
        }
        guard let url = settings.l1RPC else {
            throw SetupError(description: "no L1 source: give --l1-rpc URL (or ROLLPORT_L1_RPC, or [l1] rpc in rollport.toml), or --replay FILE")
        }
        return (RPCL1Source(RPCL1Source.Configuration(rpcURL: url, beaconURL: settings.beaconAPI), logger: logger), false)
    }
}
