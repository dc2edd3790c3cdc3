// The operators of the DSL. Widths never change silently: operands of `+ - & | ^` and of the
// comparisons must have the same width (an integer literal takes the width of the other side),
// `*` gives the full product, and shifts keep the width of the shifted value.

extension Signal: ExpressibleByBooleanLiteral {
    public convenience init(booleanLiteral value: Bool) {
        self.init(integerLiteral: value ? 1 : 0)
    }
}

/// Resolves two operands to nodes of one width, reporting a mismatch at the caller's line.
func matchOperands(_ a: Signal, _ b: Signal, _ op: String) -> (NodeID, NodeID, HWType) {
    let builder = ModuleBuilder.active
    switch (a.isLiteral, b.isLiteral) {
    case (true, false):
        return (a.node(width: b.width), b.node(), b.type)
    case (false, true):
        return (a.node(), b.node(width: a.width), a.type)
    default:
        if a.width != b.width {
            builder.error(.widthMismatch, "operands of '\(op)' have different widths: \(describe(a)) is \(a.width) bits, \(describe(b)) is \(b.width) bits",
                          fix: "extend the narrower one with .zeroExtended(to: \(max(a.width, b.width))) or .signExtended(to: \(max(a.width, b.width)))")
            let w = max(a.width, b.width)
            return (a.node(), b.node(), HWType(width: w, signed: a.isSigned))
        }
        if a.isSigned != b.isSigned {
            builder.error(.widthMismatch, "operands of '\(op)' mix signed and unsigned: \(describe(a)) is \(a.type), \(describe(b)) is \(b.type)",
                          fix: "convert one side with .asSigned or .asUnsigned")
        }
        return (a.node(), b.node(), a.type)
    }
}

func describe(_ s: Signal) -> String {
    if let n = s.name { return "'\(n)'" }
    if let v = s.literalValue { return "\(v)" }
    return "the \(s.type) value"
}

func binary(_ op: BinaryOp, _ a: Signal, _ b: Signal, _ symbol: String) -> Signal {
    let (x, y, t) = matchOperands(a, b, symbol)
    let builder = ModuleBuilder.active
    let isCompare: Bool
    switch op {
    case .equal, .notEqual, .lessThan, .lessOrEqual, .signedLessThan, .signedLessOrEqual: isCompare = true
    default: isCompare = false
    }
    let type: HWType = isCompare ? .bit : t
    let id = builder.add(Node(kind: .binary(op, x, y), width: type.width, location: .unknown))
    return Signal.wrap(id, type, in: builder)
}

extension Signal {
    public static func + (a: Signal, b: Signal) -> Signal { binary(.add, a, b, "+") }
    public static func - (a: Signal, b: Signal) -> Signal { binary(.sub, a, b, "-") }
    public static func & (a: Signal, b: Signal) -> Signal { binary(.and, a, b, "&") }
    public static func | (a: Signal, b: Signal) -> Signal { binary(.or, a, b, "|") }
    public static func ^ (a: Signal, b: Signal) -> Signal { binary(.xor, a, b, "^") }

    /// The full product: `a.width + b.width` bits; signed if either side is signed
    /// (signed x unsigned reads the unsigned side as unsigned, as `mulhsu` needs).
    public static func * (a: Signal, b: Signal) -> Signal {
        let builder = ModuleBuilder.active
        let x = a.node(width: a.isLiteral ? b.width : nil), y = b.node(width: b.isLiteral ? a.width : nil)
        let wa = builder.nodes[x].width, wb = builder.nodes[y].width
        let op: BinaryOp
        var lhs = x, rhs = y
        switch (a.isSigned, b.isSigned) {
        case (false, false): op = .mulUU
        case (true, true): op = .mulSS
        case (true, false): op = .mulSU
        case (false, true): op = .mulSU; swap(&lhs, &rhs)
        }
        let type = HWType(width: wa + wb, signed: a.isSigned || b.isSigned)
        return Signal.wrap(builder.add(Node(kind: .binary(op, lhs, rhs), width: type.width, location: .unknown)), type, in: builder)
    }

    public static func == (a: Signal, b: Signal) -> Signal { binary(.equal, a, b, "==") }
    public static func != (a: Signal, b: Signal) -> Signal { binary(.notEqual, a, b, "!=") }
    public static func < (a: Signal, b: Signal) -> Signal {
        binary(a.isSigned && b.isSigned ? .signedLessThan : .lessThan, a, b, "<")
    }
    public static func <= (a: Signal, b: Signal) -> Signal {
        binary(a.isSigned && b.isSigned ? .signedLessOrEqual : .lessOrEqual, a, b, "<=")
    }
    public static func > (a: Signal, b: Signal) -> Signal { b < a }
    public static func >= (a: Signal, b: Signal) -> Signal { b <= a }

    public static prefix func ~ (a: Signal) -> Signal { unary(.not, a) }
    public static prefix func - (a: Signal) -> Signal { unary(.negate, a) }
    /// Logical not of a single bit.
    public static prefix func ! (a: Signal) -> Signal { requireBit(a, "!"); return unary(.not, a) }
    /// Logical and of two single bits.
    public static func && (a: Signal, b: Signal) -> Signal { requireBit(a, "&&"); requireBit(b, "&&"); return a & b }
    /// Logical or of two single bits.
    public static func || (a: Signal, b: Signal) -> Signal { requireBit(a, "||"); requireBit(b, "||"); return a | b }

    /// Shift left by a constant; the width stays the same.
    public static func << (a: Signal, amount: Int) -> Signal {
        if amount <= 0 { return a }
        if amount >= a.width { return Const(0, a.type) }
        return Cat(a[a.width - 1 - amount, 0], Const(0, .uint(amount))).retyped(a.type)
    }
    /// Shift right by a constant: arithmetic for signed values, logical for unsigned.
    public static func >> (a: Signal, amount: Int) -> Signal {
        if amount <= 0 { return a }
        let top = a.width - 1
        if a.isSigned {
            let fill = a[top].replicated(min(amount, a.width))
            if amount >= a.width { return fill.retyped(a.type) }
            return Cat(fill, a[top, amount]).retyped(a.type)
        }
        if amount >= a.width { return Const(0, a.type) }
        return Cat(Const(0, .uint(amount)), a[top, amount]).retyped(a.type)
    }
    /// Shift left by a signal amount; the width stays the same.
    public static func << (a: Signal, amount: Signal) -> Signal { shift(.shiftLeft, a, amount) }
    /// Shift right by a signal amount: arithmetic for signed values, logical for unsigned.
    public static func >> (a: Signal, amount: Signal) -> Signal {
        shift(a.isSigned ? .shiftRightArithmetic : .shiftRightLogical, a, amount)
    }
}

func requireBit(_ a: Signal, _ op: String) {
    if a.width != 1 && !a.isLiteral {
        ModuleBuilder.active.error(.widthMismatch, "'\(op)' needs single bits but \(describe(a)) is \(a.width) bits",
                                   fix: "compare it (e.g. x != 0) or use .orR() to make one bit")
    }
}

func unary(_ op: UnaryOp, _ a: Signal) -> Signal {
    let builder = ModuleBuilder.active
    let x = a.node()
    let reduces = op == .reduceAnd || op == .reduceOr || op == .reduceXor
    let type: HWType = reduces ? .bit : a.type
    return Signal.wrap(builder.add(Node(kind: .unary(op, x), width: type.width, location: .unknown)), type, in: builder)
}

func shift(_ op: BinaryOp, _ a: Signal, _ amount: Signal) -> Signal {
    let builder = ModuleBuilder.active
    let x = a.node(), y = amount.node(width: amount.isLiteral ? bitsToRepresent(count: a.width) : nil)
    return Signal.wrap(builder.add(Node(kind: .binary(op, x, y), width: a.width, location: .unknown)), a.type, in: builder)
}

extension Signal {
    /// Bits `high` down to `low`, as Verilog's `x[high:low]`.
    public subscript(high: Int, low: Int) -> Signal {
        let builder = ModuleBuilder.active
        guard low >= 0, high >= low, high < width else {
            builder.error(.widthMismatch, "bits [\(high):\(low)] are outside \(describe(self)), which has \(width) bits",
                          fix: "slice within [\(width - 1):0]")
            return Const(0, .uint(max(1, high - low + 1)))
        }
        if low == 0 && high == width - 1 { return retyped(.uint(width)) }
        let id = builder.add(Node(kind: .slice(node(), low: low), width: high - low + 1, location: .unknown))
        return Signal.wrap(id, .uint(high - low + 1), in: builder)
    }

    /// Bit `index`.
    public subscript(index: Int) -> Signal { self[index, index] }

    /// The most significant bit.
    public var msb: Signal { self[width - 1] }

    /// `count` copies side by side.
    public func replicated(_ count: Int) -> Signal {
        count == 1 ? self : Cat(Array(repeating: self, count: count))
    }

    /// Extends to `newWidth` bits with zeros.
    public func zeroExtended(to newWidth: Int) -> Signal { extend(to: newWidth, signed: false) }
    /// Extends to `newWidth` bits with copies of the sign bit.
    public func signExtended(to newWidth: Int) -> Signal { extend(to: newWidth, signed: true) }
    /// Extends by signedness: sign-extends signed values, zero-extends unsigned ones.
    public func extended(to newWidth: Int) -> Signal { extend(to: newWidth, signed: isSigned) }
    /// Keeps the low `newWidth` bits (an explicit truncation).
    public func truncated(to newWidth: Int) -> Signal {
        if isLiteral { return Const(literalValue!, HWType(width: newWidth, signed: isSigned)) }
        return newWidth >= width ? self : self[newWidth - 1, 0].retyped(HWType(width: newWidth, signed: isSigned))
    }
    /// Extends (by signedness) or truncates to exactly `newWidth` bits.
    public func resized(to newWidth: Int) -> Signal {
        newWidth >= width ? extended(to: newWidth) : truncated(to: newWidth)
    }

    func extend(to newWidth: Int, signed: Bool) -> Signal {
        if isLiteral { return Const(literalValue!, HWType(width: newWidth, signed: isSigned)) }
        let builder = ModuleBuilder.active
        if newWidth < width {
            builder.error(.truncation, "cannot extend \(describe(self)) of \(width) bits to \(newWidth) bits",
                          fix: "use .truncated(to: \(newWidth)) to drop bits")
            return truncated(to: newWidth)
        }
        if newWidth == width { return self }
        let id = builder.add(Node(kind: .extend(node(), signed: signed), width: newWidth, location: .unknown))
        return Signal.wrap(id, HWType(width: newWidth, signed: isSigned), in: builder)
    }

    /// And of all bits.
    public func andR() -> Signal { unary(.reduceAnd, self) }
    /// Or of all bits (true when any bit is set).
    public func orR() -> Signal { unary(.reduceOr, self) }
    /// Xor of all bits (parity).
    public func xorR() -> Signal { unary(.reduceXor, self) }

    /// How many bits are set (Chisel's `PopCount`), as an unsigned value just wide enough for `width`.
    public func popCount() -> Signal {
        let result = HWType.uint(Int.bitWidth - width.leadingZeroBitCount)
        var level = (0..<width).map { self[$0].zeroExtended(to: result.width) }
        while level.count > 1 {                    // an adder tree
            level = stride(from: 0, to: level.count, by: 2).map { $0 + 1 < level.count ? level[$0] + level[$0 + 1] : level[$0] }
        }
        return level[0]
    }

    /// The lowest set bit alone, one-hot (Chisel's `PriorityEncoderOH`); 0 when no bit is set.
    public func lowestOne() -> Signal { self & (~self + 1) }
}

/// Concatenation, most significant part first, as Verilog's `{a, b, c}`.
public func Cat(_ parts: Signal...) -> Signal { Cat(parts) }

/// Concatenation of an array, most significant part (index 0) first.
public func Cat(_ parts: [Signal]) -> Signal {
    let builder = ModuleBuilder.active
    if parts.count == 1 { return parts[0] }
    var ids: [NodeID] = []
    for p in parts {
        if p.isLiteral {
            builder.error(.widthMismatch, "an integer literal in Cat has no width",
                          fix: "write it as Const(\(p.literalValue!), .uint(WIDTH))")
        }
        ids.append(p.node())
    }
    let width = ids.reduce(0) { $0 + builder.nodes[$1].width }
    return Signal.wrap(builder.add(Node(kind: .concat(ids), width: width, location: .unknown)), .uint(width), in: builder)
}

/// `condition ? whenTrue : whenFalse`; both values must have the same width.
public func Mux(_ condition: Signal, _ whenTrue: Signal, _ whenFalse: Signal) -> Signal {
    requireBit(condition, "Mux")
    let builder = ModuleBuilder.active
    let c = condition.node(width: 1)
    let (t, f, type) = matchOperands(whenTrue, whenFalse, "Mux")
    if whenTrue.isLiteral && whenFalse.isLiteral {
        builder.error(.widthMismatch, "both values of Mux are integer literals, so it has no width",
                      fix: "give one of them a type with Const(value, .uint(WIDTH))")
    }
    return Signal.wrap(builder.add(Node(kind: .mux(condition: c, whenTrue: t, whenFalse: f), width: type.width, location: .unknown)), type, in: builder)
}

extension Array where Element == Signal {
    /// Selects element `index` (a signal) with a mux tree; out-of-range indices give element 0.
    public subscript(index: Signal) -> Signal {
        precondition(!isEmpty, "indexing an empty array of signals")
        var result = self[0]
        for i in 1..<count {
            result = Mux(index == Const(i, index.type), self[i], result)
        }
        return result
    }
}
