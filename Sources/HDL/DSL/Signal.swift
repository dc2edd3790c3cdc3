/// A hardware value: a port, wire, register, constant or the result of an operator.
///
/// A `Signal` made by `Input`, `Output` or `Signal(_:)` outside a module body is a *template*:
/// it has a type but no hardware yet. Bundles of templates become hardware when the elaborator
/// binds them as ports, or when `Reg(_:)`/`Wire(_:)` is given a bundle. Signals are classes
/// so that binding can fill in the very objects a bundle holds.
public final class Signal: ExpressibleByIntegerLiteral, CustomStringConvertible {
    enum State {
        case template(PortDirection?)
        case bound(ModuleBuilder, NodeID)
        /// An integer literal: it takes the width of whatever it meets.
        case literal(Int)
    }

    public private(set) var type: HWType
    var state: State
    let declaredAt: SourceLocation
    /// A name given with `.named(_:)` before binding.
    var givenName: String?
    /// This is a register's `next`: the value it takes at the next clock edge, the one target a
    /// register is assigned through.
    let isNext: Bool

    /// A template of the given type, for fields of a bundle (`var pc = Signal(.uint(32))`).
    public init(_ type: HWType, file: String = #fileID, path: String = #filePath, line: Int = #line) {
        self.type = type
        self.state = .template(nil)
        self.declaredAt = SourceLocation(fileID: file, filePath: path, line: line)
        self.isNext = false
    }

    init(type: HWType, state: State, at location: SourceLocation, isNext: Bool = false) {
        self.type = type
        self.state = state
        self.declaredAt = location
        self.isNext = isNext
    }

    public init(integerLiteral value: Int) {
        self.type = .uint(max(1, Signal.minimumWidth(value)))
        self.state = .literal(value)
        self.declaredAt = .unknown
        self.isNext = false
    }

    /// A register's value after the next clock edge, as an assignment target: `pc.next <== target`.
    /// Registers are assigned only through `next`, wires and outputs never, so the two look different
    /// where they are assigned (a register not assigned in a cycle keeps its value).
    public var next: Signal {
        if case .bound(let builder, let id) = state, case .register = builder.nodes[id].kind {
            return Signal(type: type, state: state, at: declaredAt, isNext: true)
        }
        ModuleBuilder.current?.error(.invalid, at: callerLocation(), "\(description) is not a register, so it has no `next`",
                                     fix: "assign a wire or an output directly: `x <== value`")
        return self
    }

    static func minimumWidth(_ value: Int) -> Int {
        if value >= 0 { return max(1, Int.bitWidth - value.leadingZeroBitCount) }
        return Int.bitWidth - (~value).leadingZeroBitCount + 1
    }

    public var width: Int { type.width }
    public var isSigned: Bool { type.isSigned }

    /// Whether this signal is still a template (not yet hardware).
    public var isTemplate: Bool { if case .template = state { return true } else { return false } }

    public var description: String {
        switch state {
        case .template(let d): return "template \(d.map { "\($0) " } ?? "")\(type)"
        case .literal(let v): return "literal \(v)"
        case .bound(let b, let id): return "\(b.nodes[id].name ?? "node\(id)"): \(type)"
        }
    }

    /// The Verilog name of this signal, once it is hardware and named.
    public var name: String? {
        if case .bound(let b, let id) = state { return b.nodes[id].name }
        return givenName
    }

    /// Gives the signal a Verilog name (for expressions that the DSL cannot name from the source).
    @discardableResult
    public func named(_ name: String) -> Signal {
        switch state {
        case .bound(let b, let id):
            if b.nodes[id].name == nil { b.nodes[id].name = b.uniqueName(verilogName(name)) }
        default:
            givenName = name
        }
        return self
    }

    func bind(_ builder: ModuleBuilder, _ id: NodeID) {
        state = .bound(builder, id)
    }

    /// Reinterprets the bits as signed (no change to the bits).
    public var asSigned: Signal { retyped(.sint(width)) }
    /// Reinterprets the bits as unsigned (no change to the bits).
    public var asUnsigned: Signal { retyped(.uint(width)) }

    func retyped(_ newType: HWType) -> Signal {
        switch state {
        case .literal(let v): let s = Signal(integerLiteral: v); s.type = newType; return s
        default: return Signal(type: newType, state: state, at: declaredAt)
        }
    }
}

extension Signal {
    /// The node of this signal in the active module, making literals into constants of `width`.
    func node(width requested: Int? = nil, in builder: ModuleBuilder = .active) -> NodeID {
        switch state {
        case .bound(let owner, let id):
            if owner !== builder {
                builder.error(.foreignSignal, "\(owner.describe(id)) belongs to module '\(owner.name)' but is used in '\(builder.name)'",
                              fix: "pass it through a port of '\(builder.name)'")
                return builder.constant(BitVector(width: width), location: .unknown)
            }
            return id
        case .literal(let v):
            let w = requested ?? width
            let value = BitVector(width: w, value: v)
            let fits = v >= 0 ? BitVector(width: 64, value: v).fitsUnsigned(in: w)
                              : BitVector(width: 64, value: v).fitsSigned(in: w)
            if !fits {
                builder.error(.truncation, "the literal \(v) does not fit in \(w) bits",
                              fix: "use a wider signal or a smaller constant")
            }
            return builder.constant(value, location: .unknown)
        case .template:
            builder.error(.invalid, "a template signal (\(type)) is used as hardware",
                          fix: "make it hardware first: declare it as a port, or pass its bundle to Reg(_:) or Wire(_:)")
            return builder.constant(BitVector(width: width), location: .unknown)
        }
    }

    var isLiteral: Bool { if case .literal = state { return true } else { return false } }
    var literalValue: Int? { if case .literal(let v) = state { return v } else { return nil } }

    /// Wraps a node of the active module as a signal.
    static func wrap(_ id: NodeID, _ type: HWType, in builder: ModuleBuilder = .active) -> Signal {
        Signal(type: type, state: .bound(builder, id), at: builder.nodes[id].location)
    }
}

/// A constant of an explicit type, e.g. `Const(0x8000_0000, .uint(32))`.
public func Const(_ value: Int, _ type: HWType) -> Signal {
    let b = ModuleBuilder.active
    return Signal.wrap(b.constant(BitVector(width: type.width, value: value), location: .unknown), type, in: b)
}

/// A constant from any integer type (an address from a memory map, a `UInt64` mask); its bits
/// are taken as they are, so `Const(UInt64.max, .uint(64))` is all ones.
public func Const<T: BinaryInteger>(_ value: T, _ type: HWType) -> Signal {
    Const(Int(truncatingIfNeeded: value), type)
}

/// A constant of any width given as a `BitVector` (for values wider than 64 bits).
public func Const(_ value: BitVector, signed: Bool = false) -> Signal {
    let b = ModuleBuilder.active
    return Signal.wrap(b.constant(value, location: .unknown), HWType(width: value.width, signed: signed), in: b)
}
