// The module-level layout of the Verilog: ports, declarations, combinational logic,
// registers, memories and instances, in that order.

extension ModuleWriter {
    enum Target: Equatable { case node(NodeID), memory }

    /// The statements that assign `wanted`, with everything else removed.
    func prune(_ statements: [Statement], keeping wanted: (Statement.Kind) -> Bool) -> [Statement] {
        var out: [Statement] = []
        for s in statements {
            switch s.kind {
            case .connect, .memoryWrite:
                if wanted(s.kind) { out.append(s) }
            case .block(let body):
                out += prune(body, keeping: wanted).map { inner in
                    inner.location.line == 0 ? Statement(inner.kind, at: s.location) : inner
                }
            case .when(let c, let t, let e):
                let pt = prune(t, keeping: wanted), pe = prune(e, keeping: wanted)
                if !pt.isEmpty || !pe.isEmpty { out.append(Statement(.when(condition: c, then: pt, otherwise: pe), at: s.location)) }
            case .switch(let subject, let cases, let fallback):
                let pc = cases.map { Statement.SwitchCase(values: $0.values, body: prune($0.body, keeping: wanted), location: $0.location) }
                let pf = fallback.map { prune($0, keeping: wanted) }
                if pc.contains(where: { !$0.body.isEmpty }) || !(pf ?? []).isEmpty {
                    out.append(Statement(.switch(subject: subject, cases: pc, default: pf), at: s.location))
                }
            }
        }
        return out
    }

    mutating func statementLines(_ statements: [Statement], indent: String, blocking: Bool) -> [String] {
        var out: [String] = []
        let assign = blocking ? "=" : "<="
        for s in statements {
            switch s.kind {
            case .connect(let t, let v):
                out.append("\(indent)\(identifiers[t]!) \(assign) \(topExpr(v));\(locator(s.location))")
            case .block(let body):
                out += statementLines(body, indent: indent, blocking: blocking)
            case .memoryWrite(let m, let a, let d, let mask):
                let mem = module.memories[m]
                let address = expr(a)
                if let mask {
                    let lanes = width(mask), laneWidth = mem.type.width / lanes
                    let data = identifier(d), maskName = identifier(mask)
                    for lane in 0..<lanes {
                        let hi = (lane + 1) * laneWidth - 1, lo = lane * laneWidth
                        let bit = lanes == 1 ? maskName : "\(maskName)[\(lane)]"
                        out.append("\(indent)if (\(bit)) \(mem.name)[\(address)][\(hi):\(lo)] <= \(data)[\(hi):\(lo)];\(lane == 0 ? locator(s.location) : "")")
                    }
                } else {
                    out.append("\(indent)\(mem.name)[\(address)] <= \(expr(d));\(locator(s.location))")
                }
            case .when(let c, let t, let e):
                out.append("\(indent)if (\(topExpr(c))) begin\(locator(s.location))")
                out += statementLines(t, indent: indent + "    ", blocking: blocking)
                var rest = e
                // else-if chains read as written: `When ... .elseWhen ... .otherwise`.
                while rest.count == 1, case .when(let c2, let t2, let e2) = rest[0].kind {
                    out.append("\(indent)end else if (\(topExpr(c2))) begin\(locator(rest[0].location))")
                    out += statementLines(t2, indent: indent + "    ", blocking: blocking)
                    rest = e2
                }
                if !rest.isEmpty {
                    out.append("\(indent)end else begin")
                    out += statementLines(rest, indent: indent + "    ", blocking: blocking)
                }
                out.append("\(indent)end")
            case .switch(let subject, let cases, let fallback):
                out.append("\(indent)case (\(topExpr(subject)))\(locator(s.location))")
                for c in cases {
                    let values = c.values.map { expr($0) }.joined(separator: ", ")
                    out.append("\(indent)    \(values): begin\(locator(c.location))")
                    out += statementLines(c.body, indent: indent + "        ", blocking: blocking)
                    out.append("\(indent)    end")
                }
                out.append("\(indent)    default: begin")
                out += statementLines(fallback ?? [], indent: indent + "        ", blocking: blocking)
                out.append("\(indent)    end")
                out.append("\(indent)endcase")
            }
        }
        return out
    }

    func targets(_ kind: Statement.Kind, in set: Set<NodeID>) -> Bool {
        if case .connect(let t, _) = kind { return set.contains(t) }
        return false
    }

    mutating func write() -> String {
        countUses()
        for (id, n) in module.nodes.enumerated() {
            switch n.kind {
            case .input, .wire, .register, .instanceOutput: identifiers[id] = n.name ?? "n\(id)"
            default: break
            }
        }
        let resetUsed = module.registers.contains { $0.reset != nil }
            || module.instances.contains { design.module(named: $0.moduleName)?.isClocked ?? false }

        // Combinational targets: `assign` when driven once at the top level, else `always @(*)`;
        // an `assign`ed wire read only in one always block is computed there (WireSinking.swift).
        var logic: [String] = []
        var procedural = Set<NodeID>()
        var trees: [(id: NodeID, statements: [Statement])] = []
        var assigns: [NodeID: (value: NodeID, location: SourceLocation)] = [:]
        for (id, n) in module.nodes.enumerated() {
            guard case .wire = n.kind else { continue }
            let pruned = prune(module.body) { targets($0, in: [id]) }
            if pruned.count == 1, case .connect(_, let v) = pruned[0].kind {
                assigns[id] = (v, pruned[0].location)
            } else if !pruned.isEmpty {
                procedural.insert(id)
            }
            if !pruned.isEmpty { trees.append((id, pruned)) }
        }
        var blocks = Dictionary(uniqueKeysWithValues: trees.map { ($0.id, $0.statements) })
        var defaults: [NodeID: [String]] = [:]
        var sunkWires = Set<NodeID>()
        for (wire, target) in sinkableWires(assigns: assigns.mapValues(\.value), procedural: procedural).sorted(by: { $0.key > $1.key }) {
            // Readers before what they read: a wire read in a sunk wire's value goes in before it.
            let (v, location) = assigns[wire]!
            guard let placed = sunk(wire, value: v, at: location, into: blocks[target]!) else { continue }
            blocks[target] = placed
            sunkWires.insert(wire)
            procedural.insert(wire)
            defaults[target, default: []].append("        \(identifiers[wire]!) = \(literal(BitVector(width: width(wire))));")
        }
        for (id, _) in trees where !sunkWires.contains(id) {
            if let (v, location) = assigns[id] {
                logic.append("    assign \(identifiers[id]!) = \(topExpr(v));\(locator(location))")
            } else {
                logic.append("    always @(*) begin")
                logic += (defaults[id] ?? []) + statementLines(blocks[id]!, indent: "        ", blocking: true)
                logic.append("    end")
            }
        }

        // Registers: those with reset, those without, and each one with an enable.
        var sequential: [String] = []
        let resettable = Set(module.registers.filter { $0.reset != nil && $0.enable == nil }.map(\.node))
        let plain = Set(module.registers.filter { $0.reset == nil && $0.enable == nil }.map(\.node))
        if !resettable.isEmpty {
            sequential.append("    always @(posedge clock) begin")
            sequential.append("        if (reset) begin")
            for r in module.registers where resettable.contains(r.node) {
                sequential.append("            \(identifiers[r.node]!) <= \(literal(r.reset!));")
            }
            let body = statementLines(prune(module.body) { targets($0, in: resettable) }, indent: "            ", blocking: false)
            if body.isEmpty {
                sequential.append("        end")
            } else {
                sequential.append("        end else begin")
                sequential += body
                sequential.append("        end")
            }
            sequential.append("    end")
        }
        if !plain.isEmpty {
            let body = statementLines(prune(module.body) { targets($0, in: plain) }, indent: "        ", blocking: false)
            if !body.isEmpty {
                sequential.append("    always @(posedge clock) begin")
                sequential += body
                sequential.append("    end")
            }
        }
        for r in module.registers where r.enable != nil {
            let name = identifiers[r.node]!
            let body = statementLines(prune(module.body) { targets($0, in: [r.node]) }, indent: "            ", blocking: false)
            sequential.append("    always @(posedge clock) begin")
            if let reset = r.reset {
                sequential.append("        if (reset) begin")
                sequential.append("            \(name) <= \(literal(reset));")
                sequential.append("        end else if (\(expr(r.enable!))) begin")
            } else {
                sequential.append("        if (\(expr(r.enable!))) begin")
            }
            sequential += body
            sequential.append("        end")
            sequential.append("    end")
        }
        let writes = statementLines(prune(module.body) { if case .memoryWrite = $0 { return true } else { return false } },
                                    indent: "        ", blocking: false)
        if !writes.isEmpty {
            sequential.append("    always @(posedge clock) begin")
            sequential += writes
            sequential.append("    end")
        }

        // Instances.
        var instances: [String] = []
        for inst in module.instances {
            guard let child = design.module(named: inst.moduleName) else { continue }
            var connections: [String] = []
            if child.isClocked { connections += ["        .clock(clock)", "        .reset(reset)"] }
            for (i, port) in child.ports.enumerated() {
                let id = inst.inputNodes[i] ?? inst.outputNodes[i]!
                connections.append("        .\(port.name)(\(identifiers[id]!))")
            }
            instances.append("    \(child.name) \(inst.name) (\(locator(inst.location)))")
            instances.append(connections.joined(separator: ",\n"))
            instances.append("    );")
        }

        // Declarations of named nets, registers and memories.
        var netDeclarations: [String] = []
        for (id, n) in module.nodes.enumerated() {
            let isPort = module.ports.contains { $0.node == id }
            switch n.kind {
            case .wire where !isPort:
                let kind = procedural.contains(id) ? "reg " : "wire"
                netDeclarations.append(declaration(id, "\(kind) \(range(n.width))\(identifiers[id]!);\(locator(n.location))"))
            case .instanceOutput:
                netDeclarations.append(declaration(id, "wire \(range(n.width))\(identifiers[id]!);\(locator(n.location))"))
            case .register:
                netDeclarations.append(declaration(id, "reg  \(range(n.width))\(identifiers[id]!);\(locator(n.location))"))
            default: break
            }
        }
        for m in module.memories {
            // Read-only for Verilator: a public_flat_rw variable counts as an input, and every logic
            // cone reading it would be evaluated again on each eval. The shim still writes back-door
            // memories, and settles the model afterwards.
            let attribute = options.verilatorPublic && m.backdoor ? " /*verilator public_flat_rd*/" : ""
            netDeclarations.append("reg  \(range(m.type.width))\(m.name) [0:\(m.depth - 1)]\(attribute);\(locator(m.location))")
        }
        var initial: [String] = []
        for m in module.memories {
            guard let contents = m.initial, !contents.isEmpty else { continue }
            initial.append("    initial begin")
            for (i, v) in contents.enumerated() { initial.append("        \(m.name)[\(i)] = \(literal(v));") }
            initial.append("    end")
        }

        // Header with ports.
        var ports: [String] = []
        if module.isClocked {
            ports.append("    input  wire clock")
            ports.append(resetUsed ? "    input  wire reset"
                                   : "    /* verilator lint_off UNUSEDSIGNAL */ input wire reset /* verilator lint_on UNUSEDSIGNAL */")
        }
        for p in module.ports {
            let kind = p.direction == .input ? "input  wire" : (procedural.contains(p.node) ? "output reg " : "output wire")
            let text = "\(kind) \(range(p.type.width))\(p.name)"
            ports.append(p.direction == .input && usedBits[p.node].contains(false)
                ? "    /* verilator lint_off UNUSEDSIGNAL */ \(text) /* verilator lint_on UNUSEDSIGNAL */"
                : "    \(text)")
        }
        // The header points at the module's port declarations: where the module itself is written,
        // independent of where it happens to be instantiated first.
        var out = "module \(module.name) (\(locator(module.ports.first?.location ?? .unknown))\n"
        out += ports.joined(separator: ",\n") + "\n);\n"
        for (label, value) in enumLabels.sorted(by: { ($0.value.value.hexDigits, $0.key) < ($1.value.value.hexDigits, $1.key) }) {
            out += "    localparam \(range(value.width))\(label) = \(literal(value.value));\n"
        }
        for d in netDeclarations + declarations { out += "    \(d)\n" }
        for section in [initial, logic, sequential, instances] where !section.isEmpty {
            out += "\n" + section.joined(separator: "\n") + "\n"
        }
        out += "endmodule\n"
        return out
    }

    func declaration(_ id: NodeID, _ text: String) -> String {
        usedBits[id].contains(false)
            ? "/* verilator lint_off UNUSEDSIGNAL */ \(text) /* verilator lint_on UNUSEDSIGNAL */"
            : text
    }
}
