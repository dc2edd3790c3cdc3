/// The hardware type of a signal: a bit vector of some width, read as unsigned or signed.
/// Signedness changes only how operators read the bits (`<`, `>>`, `*`, extension), never the bits.
public struct HWType: Hashable, Sendable, CustomStringConvertible {
    public let width: Int
    public let isSigned: Bool

    public init(width: Int, signed: Bool = false) {
        precondition(width >= 1, "a hardware type needs at least one bit, got \(width)")
        self.width = width
        self.isSigned = signed
    }

    /// An unsigned bit vector of `width` bits.
    public static func uint(_ width: Int) -> HWType { HWType(width: width) }
    /// A two's-complement signed bit vector of `width` bits.
    public static func sint(_ width: Int) -> HWType { HWType(width: width, signed: true) }
    /// A single bit.
    public static let bit = HWType(width: 1)

    public var description: String { isSigned ? "sint(\(width))" : "uint(\(width))" }
}

/// The number of bits needed to number `count` things (at least 1).
public func bitsToRepresent(count: Int) -> Int {
    var bits = 1
    while (1 << bits) < count { bits += 1 }
    return bits
}
