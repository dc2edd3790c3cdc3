/// `When(c) { ... }.elseWhen(d) { ... }.otherwise { ... }`: conditional assignments, as
/// Verilog's if / else if / else. Registers not assigned on a path keep their value; wires must
/// get a value on every path (give a default before the `When`).
public struct WhenChain {
    var branches: [(condition: NodeID, body: [Statement], location: SourceLocation)]
    var fallback: [Statement]?

    public func elseWhen(_ condition: Signal, file: String = #fileID, path: String = #filePath, line: Int = #line,
                         @LogicBuilder _ body: () -> [Statement]) -> WhenChain {
        var next = self
        next.branches.append((checkedCondition(condition), body(), SourceLocation(fileID: file, filePath: path, line: line)))
        return next
    }

    public func otherwise(@LogicBuilder _ body: () -> [Statement]) -> WhenChain {
        var next = self
        next.fallback = body()
        return next
    }

    /// The chain as nested if/else statements.
    var statement: Statement {
        var tail = fallback ?? []
        for branch in branches.dropFirst().reversed() {
            tail = [Statement(.when(condition: branch.condition, then: branch.body, otherwise: tail), at: branch.location)]
        }
        let first = branches[0]
        return Statement(.when(condition: first.condition, then: first.body, otherwise: tail), at: first.location)
    }
}

func checkedCondition(_ condition: Signal) -> NodeID {
    requireBit(condition, "When")
    return condition.node(width: 1)
}

public func When(_ condition: Signal, file: String = #fileID, path: String = #filePath, line: Int = #line,
                 @LogicBuilder _ body: () -> [Statement]) -> WhenChain {
    WhenChain(branches: [(checkedCondition(condition), body(), SourceLocation(fileID: file, filePath: path, line: line))], fallback: nil)
}
