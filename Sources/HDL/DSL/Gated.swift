/// `Gated(active) { ... }`: logic that rests while `active` is low. Its statements, the drivers of
/// the named wires it declares and the connections of the instances it makes, run in a
/// `When(active)`; otherwise its wires (outputs, instance inputs) read 0 and its registers keep their values.
/// So Verilator and the Swift simulator skip an idle block's logic instead of evaluating it every cycle.
public func Gated(_ active: Signal, file: String = #fileID, path: String = #filePath, line: Int = #line,
                  @LogicBuilder _ body: () -> [Statement]) -> Statement {
    let builder = ModuleBuilder.active
    let condition = checkedCondition(active)
    let start = builder.implicitStatements.count
    let statements = body()
    let inner = Array(builder.implicitStatements[start...]) + statements
    builder.implicitStatements.removeSubrange(start...)
    var targets: [NodeID] = [], seen = Set<NodeID>()
    func collect(_ statements: [Statement]) {
        for s in statements {
            switch s.kind {
            case .connect(let t, _):
                if case .wire = builder.nodes[t].kind, seen.insert(t).inserted { targets.append(t) }
            case .when(_, let a, let b): collect(a); collect(b)
            case .switch(_, let cases, let fallback): for c in cases { collect(c.body) }; collect(fallback ?? [])
            case .block(let b): collect(b)
            case .memoryWrite: break
            }
        }
    }
    collect(inner)
    let location = SourceLocation(fileID: file, filePath: path, line: line)
    let zeros = targets.map { t in
        Statement(.connect(target: t, value: builder.constant(BitVector(width: builder.nodes[t].width), location: .unknown)), at: location)
    }
    return Statement(.when(condition: condition, then: inner, otherwise: zeros), at: location)
}
