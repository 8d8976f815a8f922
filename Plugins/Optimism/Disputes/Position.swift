/// A node of the fault dispute game's bisection tree as a generalised index, as LibPosition
/// defines it: the root is 1, the children of `p` are `2p` and `2p + 1`, so
/// `gindex = 2^depth + indexAtDepth`. Games are at most 126 deep, so 128 bits hold every position.
public struct Position: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var gindex: UInt128

    public static let root = Position(gindex: 1)
    /// The deepest tree a position can address (127 levels below would not fit 128 bits).
    public static let maxDepth = 126

    public init(gindex: UInt128) { self.gindex = gindex }

    /// nil when the index does not fit at that depth or the depth is too large.
    public init?(depth: Int, indexAtDepth: UInt128) {
        guard depth >= 0, depth <= Self.maxDepth, indexAtDepth < (UInt128(1) << depth) else { return nil }
        gindex = (UInt128(1) << depth) | indexAtDepth
    }

    /// Position 0 is not a node; callers read positions from data and must check this.
    public var isValid: Bool { gindex != 0 }

    public var depth: Int { gindex == 0 ? 0 : 127 - gindex.leadingZeroBitCount }

    public var indexAtDepth: UInt128 { gindex ^ (UInt128(1) << depth) }

    public var parent: Position { Position(gindex: gindex >> 1) }

    /// The contract's `move`: an attack goes to the left child, a defense to the left child of
    /// the right sibling (`(p | 1) << 1`), i.e. "agree up to here, disagree after".
    public func move(isAttack: Bool) -> Position { Position(gindex: (gindex | (isAttack ? 0 : 1)) << 1) }

    /// The gindex of the right-most leaf under this position in a tree `maxDepth` deep.
    public func rightIndex(maxDepth: Int) -> Position {
        let r = max(0, maxDepth - depth)
        return Position(gindex: (gindex << r) | Self.lowBits(r))
    }

    /// The index, among the leaves of a tree `maxDepth` deep, of the right-most leaf under this
    /// position: the trace step (or, above the split depth, the L2 block offset) it commits to.
    public func traceIndex(maxDepth: Int) -> UInt128 {
        rightIndex(maxDepth: maxDepth).gindex ^ (UInt128(1) << maxDepth)
    }

    /// The highest ancestor (or self) that commits to the same trace index: shift out the
    /// trailing ones. The root for positions on the right edge.
    public var traceAncestor: Position {
        let shifted = gindex >> (~gindex).trailingZeroBitCount
        return Position(gindex: shifted == 0 ? 1 : shifted)
    }

    /// `traceAncestor`, kept below `splitDepth`: an ancestor at or above it is replaced by its
    /// right-most descendant at `splitDepth + 1`. nil when this position is not below the split.
    public func traceAncestorBounded(splitDepth: Int) -> Position? {
        guard depth > splitDepth else { return nil }
        let ancestor = traceAncestor
        return ancestor.depth <= splitDepth ? ancestor.rightIndex(maxDepth: splitDepth + 1) : ancestor
    }

    /// This position re-rooted at its ancestor at `depth`: the part of the path below it.
    public func relativeToAncestor(atDepth ancestorDepth: Int) -> Position? {
        guard ancestorDepth >= 0, ancestorDepth <= depth else { return nil }
        let k = depth - ancestorDepth
        return Position(gindex: (UInt128(1) << k) | (gindex & Self.lowBits(k)))
    }

    /// `2^n - 1`, all ones from n = 128 on.
    static func lowBits(_ n: Int) -> UInt128 { n >= 128 ? .max : (UInt128(1) << n) - 1 }

    public static func < (a: Position, b: Position) -> Bool { a.gindex < b.gindex }

    public var description: String { "0x" + String(gindex, radix: 16) }
}
