// Named wires cost nothing: a wire that is `assign`ed once but read only inside one branch of one
// combinational always block is computed in that branch instead (Verilator, like the Swift
// simulator's guarded regions, then skips it in the cycles the branch is not taken), so a design
// can name a value without paying for it on every cycle. It keeps its name; outside that branch it
// reads 0 in a Verilator waveform.

extension ModuleWriter {
    /// Where a value is read: in the always block of these targets, in continuous logic, or in the
    /// value of another `assign`ed wire (which may itself move into a block).
    enum ReadContext: Equatable { case blocks(Set<NodeID>), continuous, via(NodeID) }

    /// The `assign`ed wires (`assigns`: wire -> its value) that can move into one procedural target's
    /// block (`procedural`), with that target.
    func sinkableWires(assigns: [NodeID: NodeID], procedural: Set<NodeID>) -> [NodeID: NodeID] {
        var contexts: [NodeID: [ReadContext]] = [:]
        let materialized = materializedByReaders()
        func inlined(_ id: NodeID) -> Bool { isInlined(id) && !materialized.contains(id) }
        func record(_ id: NodeID, _ context: ReadContext) {
            if assigns[id] != nil { contexts[id, default: []].append(context); return }
            guard inlined(id) else { return }
            for op in module.nodes[id].operands { record(op, context) }
        }
        // Materialized expressions (wires of their own) read their operands continuously.
        for (id, n) in module.nodes.enumerated() where !inlined(id) && !n.operands.isEmpty {
            for op in n.operands { record(op, .continuous) }
        }
        for r in module.registers { if let e = r.enable { record(e, .continuous) } }
        func visit(_ statements: [Statement]) {
            for s in statements {
                switch s.kind {
                case .connect(let t, let v):
                    record(v, procedural.contains(t) ? .blocks([t]) : assigns[t] != nil ? .via(t) : .continuous)
                case .when(let c, let a, let b):
                    record(c, context(of: [s], procedural))
                    visit(a); visit(b)
                case .switch(let subject, let cases, let fallback):
                    let context = context(of: [s], procedural)
                    record(subject, context)
                    for c in cases { for v in c.values { record(v, context) }; visit(c.body) }
                    visit(fallback ?? [])
                case .memoryWrite(_, let a, let d, let m):
                    for x in [a, d] + (m.map { [$0] } ?? []) { record(x, .continuous) }
                case .block(let inner):
                    visit(inner)
                }
            }
        }
        visit(module.body)
        // The one block a wire is read in, following reads in other wires' values; nil: none or many.
        var resolved: [NodeID: NodeID?] = [:]
        func block(of wire: NodeID) -> NodeID? {
            if let known = resolved[wire] { return known }
            resolved[wire] = .some(nil)                 // a cycle resolves to none
            var targets = Set<NodeID>()
            for context in contexts[wire] ?? [] {
                switch context {
                case .continuous: return nil
                case .blocks(let t): targets.formUnion(t)
                case .via(let reader):
                    guard let t = block(of: reader) else { return nil }
                    targets.insert(t)
                }
            }
            let result = targets.count == 1 && !usedOutsideStatements(wire) ? targets.first : nil
            resolved[wire] = .some(result)
            return result
        }
        var sunk: [NodeID: NodeID] = [:]
        for wire in contexts.keys { if let target = block(of: wire) { sunk[wire] = target } }
        return sunk
    }

    /// The blocks a statement's own operands are read in: those of every target it assigns.
    func context(of statements: [Statement], _ procedural: Set<NodeID>) -> ReadContext {
        let targets = assignedTargets(statements)
        return targets.isSubset(of: procedural) && !targets.isEmpty ? .blocks(targets) : .continuous
    }

    func assignedTargets(_ statements: [Statement]) -> Set<NodeID> {
        var out = Set<NodeID>()
        for s in statements {
            switch s.kind {
            case .connect(let t, _): out.insert(t)
            case .when(_, let a, let b): out.formUnion(assignedTargets(a)); out.formUnion(assignedTargets(b))
            case .switch(_, let cases, let fallback):
                for c in cases { out.formUnion(assignedTargets(c.body)) }
                out.formUnion(assignedTargets(fallback ?? []))
            case .block(let inner): out.formUnion(assignedTargets(inner))
            case .memoryWrite: out.insert(-1)          // not a combinational target
            }
        }
        return out
    }

    /// Ports and instance inputs are read outside the statements (register enables are recorded
    /// as continuous reads).
    func usedOutsideStatements(_ id: NodeID) -> Bool {
        module.ports.contains { $0.node == id } || module.instances.contains { $0.inputNodes.contains(id) }
    }

    /// Expressions their readers need by name (a sign extension, a slice of an expression), which
    /// the writer gives a wire of their own when it meets them.
    func materializedByReaders() -> Set<NodeID> {
        var out = Set<NodeID>()
        for (id, n) in module.nodes.enumerated() {
            switch n.kind {
            case .extend(let src, true) where n.width > width(src): out.insert(src)
            case .slice(let src, _) where selectedBits(id) == nil: out.insert(src)
            default: break
            }
        }
        return out
    }

    /// Whether a node is written into its reader's text rather than given a wire of its own.
    func isInlined(_ id: NodeID) -> Bool {
        switch module.nodes[id].kind {
        case .input, .wire, .register, .instanceOutput, .constant: return false
        default: return !needsIdentifier(id) || isNamedField(id)
        }
    }

    /// Whether `id` reads `wire`, through the expressions written into its text.
    func reads(_ id: NodeID, _ wire: NodeID) -> Bool {
        id == wire || (isInlined(id) && module.nodes[id].operands.contains { reads($0, wire) })
    }

    /// `statements` (a block's) with `wire <== value` placed first in the innermost branch that holds
    /// every read of `wire`; nil when that is the block itself, where it would save nothing.
    func sunk(_ wire: NodeID, value: NodeID, at location: SourceLocation, into statements: [Statement]) -> [Statement]? {
        let placed = place(wire, value: value, at: location, in: statements)
        if case .connect(let t, _) = placed.first?.kind, t == wire { return nil }
        return placed
    }

    func place(_ wire: NodeID, value: NodeID, at location: SourceLocation, in statements: [Statement]) -> [Statement] {
        func ownReads(_ s: Statement) -> Bool {
            switch s.kind {
            case .connect(_, let v): return reads(v, wire)
            case .when(let c, _, _): return reads(c, wire)
            case .switch(let subject, let cases, _): return reads(subject, wire) || cases.contains { $0.values.contains { reads($0, wire) } }
            case .memoryWrite, .block: return false
            }
        }
        func anyReads(_ list: [Statement]) -> Bool {
            list.contains { s in
                if ownReads(s) { return true }
                switch s.kind {
                case .when(_, let a, let b): return anyReads(a) || anyReads(b)
                case .switch(_, let cases, let fallback): return cases.contains { anyReads($0.body) } || anyReads(fallback ?? [])
                case .block(let inner): return anyReads(inner)
                default: return false
                }
            }
        }
        let here = [Statement(.connect(target: wire, value: value), at: location)] + statements
        let readers = statements.indices.filter { anyReads([statements[$0]]) }
        guard readers.count == 1, !ownReads(statements[readers[0]]) else { return here }
        let i = readers[0]
        var s = statements[i]
        switch s.kind {
        case .when(let c, let a, let b):
            guard anyReads(a) != anyReads(b) else { return here }
            s = Statement(.when(condition: c, then: anyReads(a) ? place(wire, value: value, at: location, in: a) : a,
                                otherwise: anyReads(b) ? place(wire, value: value, at: location, in: b) : b), at: s.location)
        case .switch(let subject, let cases, let fallback):
            let inCases = cases.indices.filter { anyReads(cases[$0].body) }
            let inFallback = anyReads(fallback ?? [])
            guard inCases.count + (inFallback ? 1 : 0) == 1 else { return here }
            var newCases = cases
            var newFallback = fallback
            if let k = inCases.first {
                newCases[k] = Statement.SwitchCase(values: cases[k].values, body: place(wire, value: value, at: location, in: cases[k].body),
                                                   location: cases[k].location)
            } else {
                newFallback = place(wire, value: value, at: location, in: fallback ?? [])
            }
            s = Statement(.switch(subject: subject, cases: newCases, default: newFallback), at: s.location)
        case .block(let inner):
            s = Statement(.block(place(wire, value: value, at: location, in: inner)), at: s.location)
        default:
            return here
        }
        var out = statements
        out[i] = s
        return out
    }
}
