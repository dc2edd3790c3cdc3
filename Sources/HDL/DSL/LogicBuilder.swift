/// The result builder of module bodies and `When`/`Switch` blocks. Each line that describes
/// hardware (`x <== y`, `When`, `Switch`, `mem.write`) becomes a `Statement`, stamped with the
/// Swift file and line it was written on. Swift `if`, `for` and `let` work as usual and run at
/// elaboration time, so they generate hardware rather than describe it.
@resultBuilder
public enum LogicBuilder {
    public static func buildExpression(_ statement: Statement, file: String = #fileID, path: String = #filePath, line: Int = #line) -> [Statement] {
        [stamped(statement, SourceLocation(fileID: file, filePath: path, line: line))]
    }

    public static func buildExpression(_ chain: WhenChain, file: String = #fileID, path: String = #filePath, line: Int = #line) -> [Statement] {
        [stamped(chain.statement, SourceLocation(fileID: file, filePath: path, line: line))]
    }

    public static func buildExpression(_ statements: [Statement]) -> [Statement] { statements }

    /// Lines that describe no hardware (a `print`, a helper returning nothing).
    public static func buildExpression(_: Void) -> [Statement] { [] }

    public static func buildBlock(_ parts: [Statement]...) -> [Statement] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [Statement]?) -> [Statement] { part ?? [] }
    public static func buildEither(first: [Statement]) -> [Statement] { first }
    public static func buildEither(second: [Statement]) -> [Statement] { second }
    public static func buildArray(_ parts: [[Statement]]) -> [Statement] { parts.flatMap { $0 } }
    public static func buildLimitedAvailability(_ part: [Statement]) -> [Statement] { part }

    static func stamped(_ s: Statement, _ location: SourceLocation) -> Statement {
        if s.location.line != 0 { return s }
        var s = s
        s.location = location
        return s
    }
}

infix operator <== : AssignmentPrecedence

/// Drives `target` with `value`: a wire or output now, a register (`r.next`) at the next clock edge.
/// Widths must match exactly; an integer literal takes the target's width.
public func <== (target: Signal, value: Signal) -> Statement {
    let t = target.node()
    if !target.isNext, case .bound(let builder, _) = target.state, case .register = builder.nodes[t].kind {
        builder.error(.invalid, at: callerLocation(), "\(builder.describe(t)) is a register, assigned here like a wire",
                      fix: "assign its next value: `\(builder.nodes[t].name ?? "r").next <== ...` (registers look different from wires where they are assigned)")
    }
    let v = value.isLiteral ? value.node(width: target.width) : value.node()
    return Statement(.connect(target: t, value: v), at: .unknown)
}

/// Drives every field of `target` with the same field of `value` (bundles of the same shape).
public func <== <B: Bundle>(target: B, value: B) -> Statement {
    let lhs = bundleFields(of: target), rhs = bundleFields(of: value)
    precondition(lhs.count == rhs.count, "bundles of different shapes connected")
    return Statement(.block(zip(lhs, rhs).map { $0.1 <== $1.1 }), at: .unknown)
}
