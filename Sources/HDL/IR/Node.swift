/// The index of a node in its module's node table.
public typealias NodeID = Int

/// Operators with one operand.
public enum UnaryOp: String, Sendable, Hashable {
    case not, negate, reduceAnd, reduceOr, reduceXor
}

/// Operators with two operands. Operand widths are equal except for the multiplies and the shifts
/// (whose amount has its own width). Comparisons give one bit; `mul*` give the full product.
public enum BinaryOp: String, Sendable, Hashable {
    case add, sub, and, or, xor
    case mulUU, mulSS, mulSU          // full-width products: unsigned, signed, signed x unsigned
    case shiftLeft, shiftRightLogical, shiftRightArithmetic   // by a signal amount
    case equal, notEqual, lessThan, lessOrEqual, signedLessThan, signedLessOrEqual
}

/// One node of a module's netlist: a value of `width` bits.
public struct Node: Sendable {
    public enum Kind: Sendable {
        /// The module's input port number `port`.
        case input(port: Int)
        /// A combinational net driven by statements (wires and output ports).
        case wire
        /// The current value of register number `register`.
        case register(Int)
        case constant(BitVector)
        case unary(UnaryOp, NodeID)
        case binary(BinaryOp, NodeID, NodeID)
        /// `condition ? whenTrue : whenFalse`.
        case mux(condition: NodeID, whenTrue: NodeID, whenFalse: NodeID)
        /// Concatenation, most significant part first.
        case concat([NodeID])
        /// Bits `low ..< low + width` of `source`.
        case slice(NodeID, low: Int)
        /// Zero or sign extension of `source` to this node's width.
        case extend(NodeID, signed: Bool)
        /// Asynchronous (combinational) read of memory number `memory`.
        case memoryRead(memory: Int, address: NodeID)
        /// Output port number `port` of instance number `instance`.
        case instanceOutput(instance: Int, port: Int)
    }

    public var kind: Kind
    public let width: Int
    /// The Swift name, if the user gave or declared one.
    public var name: String?
    public let location: SourceLocation
    /// For constants of a hardware enum: the enum and case name, emitted as a localparam.
    public var enumLabel: String?

    public init(kind: Kind, width: Int, name: String? = nil, location: SourceLocation, enumLabel: String? = nil) {
        self.kind = kind
        self.width = width
        self.name = name
        self.location = location
        self.enumLabel = enumLabel
    }

    /// The nodes this node reads.
    public var operands: [NodeID] {
        switch kind {
        case .input, .wire, .register, .constant, .instanceOutput: return []
        case .unary(_, let a): return [a]
        case .binary(_, let a, let b): return [a, b]
        case .mux(let c, let t, let f): return [c, t, f]
        case .concat(let parts): return parts
        case .slice(let a, _): return [a]
        case .extend(let a, _): return [a]
        case .memoryRead(_, let a): return [a]
        }
    }
}
