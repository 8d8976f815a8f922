import RollportABI

/// Versions this build of the host speaks.
public enum RollportVersion {
    public static let host = SemanticVersion(major: 0, minor: 1, patch: 0)
    public static let abiMajor = UInt32(ROLLPORT_ABI_MAJOR)
    public static let abiMinor = UInt32(ROLLPORT_ABI_MINOR)
    public static var toolchain: String {
        #if compiler(>=6.3)
        return "Swift 6.3 or later"
        #else
        return "Swift before 6.3"
        #endif
    }
}
