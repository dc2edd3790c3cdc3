/// Turns `Module` values into a `Design`: runs each module's `body` once per distinct module,
/// binds its ports, then checks the result (widths, drivers, directions, loops, unused inputs).
public final class Elaborator: @unchecked Sendable {
    var modules: [String: ModuleIR] = [:]
    var order: [String] = []
    var inProgress: Set<String> = []
    var diagnostics: [Diagnostic] = []
    /// For each module: for each output port, the input ports it depends on combinationally.
    var combinationalPaths: [String: [Int: Set<Int>]] = [:]
    /// The top module's ports, bound as hardware of the top module.
    var topPorts: (any Bundle)?

    init() {}

    /// Elaborates `top` and everything it instantiates. Throws every error found, in source order.
    public static func elaborate<M: Module>(_ top: M, file: String = #fileID, path: String = #filePath, line: Int = #line) throws(ElaborationError) -> Design {
        try elaborateWithPorts(top, file: file, path: path, line: line).design
    }

    /// Elaborates `top` and also returns its ports, so that a testbench addresses them through
    /// the bundle (`sim.peek(ports.count)`): a renamed port is then a compile error.
    public static func elaborateWithPorts<M: Module>(_ top: M, file: String = #fileID, path: String = #filePath,
                                                     line: Int = #line) throws(ElaborationError) -> Elaborated<M.IO> {
        let elaborator = Elaborator()
        let root = elaborator.elaborateModule(top, at: SourceLocation(fileID: file, filePath: path, line: line))
        let errors = elaborator.diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty { throw ElaborationError(diagnostics: errors) }
        let design = Design(top: root.name, modules: elaborator.order.map { elaborator.modules[$0]! },
                            warnings: elaborator.diagnostics.filter { $0.severity == .warning })
        return Elaborated(design: design, ports: elaborator.topPorts as! M.IO)   // set by elaborateModule
    }

    func elaborateModule<M: Module>(_ module: M, at location: SourceLocation) -> ModuleIR {
        let name = module.name
        if let done = modules[name] { return done }
        if inProgress.contains(name) {
            fatalError("\(location): module '\(name)' instantiates itself")
        }
        inProgress.insert(name)
        defer { inProgress.remove(name) }

        let builder = ModuleBuilder(name: name, elaborator: self, location: location)
        let body: [Statement] = ModuleBuilder.$current.withValue(builder) {
            let io = module.io
            bindPorts(io, in: builder)
            if topPorts == nil { topPorts = io }      // the first module elaborated is the top
            let statements = module.body(io)
            return builder.implicitStatements + statements
        }
        var ir = ModuleIR(name: name, ports: builder.ports, nodes: builder.nodes, registers: builder.registers,
                          memories: builder.memories, instances: builder.instances, body: body,
                          isClocked: false, location: location)
        // A memory that is never written (a ROM) is combinational; synchronous reads are registers.
        ir.isClocked = !ir.registers.isEmpty || containsMemoryWrite(body)
            || ir.instances.contains { modules[$0.moduleName]?.isClocked ?? false }
        check(ir)
        modules[name] = ir
        order.append(name)
        return ir
    }

    func containsMemoryWrite(_ statements: [Statement]) -> Bool {
        statements.contains { s in
            switch s.kind {
            case .memoryWrite: return true
            case .connect: return false
            case .when(_, let then, let otherwise): return containsMemoryWrite(then) || containsMemoryWrite(otherwise)
            case .switch(_, let cases, let fallback): return cases.contains { containsMemoryWrite($0.body) } || containsMemoryWrite(fallback ?? [])
            case .block(let inner): return containsMemoryWrite(inner)
            }
        }
    }

    func bindPorts(_ io: some Bundle, in builder: ModuleBuilder) {
        for (path, s) in bundleFields(of: io) {
            guard case .template(let direction) = s.state else {
                builder.error(.invalid, at: s.declaredAt, "port '\(path)' of '\(builder.name)' is already hardware",
                              fix: "make `io` a computed property that creates fresh Input/Output templates")
                continue
            }
            guard let direction else {
                builder.error(.invalid, at: s.declaredAt, "field '\(path)' of the ports of '\(builder.name)' has no direction",
                              fix: "declare it with Input(...) or Output(...)")
                continue
            }
            let name = builder.uniqueName(verilogName(s.givenName ?? path))
            let index = builder.ports.count
            let kind: Node.Kind = direction == .input ? .input(port: index) : .wire
            let id = builder.add(Node(kind: kind, width: s.width, name: name, location: s.declaredAt))
            builder.ports.append(Port(name: name, direction: direction, type: s.type, node: id, location: s.declaredAt))
            s.bind(builder, id)
        }
    }

    // MARK: - Checks

    func check(_ module: ModuleIR) {
        checkStatements(module.body, in: module, inherited: module.location)
        let lowered = lower(module)
        for (node, partial) in lowered.undriven {
            let n = module.nodes[node]
            let what = describeTarget(node, in: module)
            if partial {
                diagnostics.append(Diagnostic(.error, .partiallyDriven, at: lowered.driverLocations[node] ?? n.location,
                    "\(what) is not assigned on every path, which would make a latch",
                    fix: "assign a default value before the When, or add .otherwise { }"))
            } else if let instance = instanceOf(node, in: module) {
                diagnostics.append(Diagnostic(.error, .unconnectedInput, at: instance.location,
                    "input '\(instance.port)' of instance '\(instance.name)' is not connected",
                    fix: "drive it with \(instance.name).\(instance.port) <== value"))
            } else {
                diagnostics.append(Diagnostic(.error, .undriven, at: n.location, "\(what) is never driven",
                    fix: "drive it with <== or remove it"))
            }
        }
        checkUndrivenRegisters(module, lowered)
        checkLoops(module, lowered)
        checkUnusedInputs(module, lowered)
    }

    /// A register nothing assigns: without reset it is never driven (an error, as for wires);
    /// with reset it is a constant in disguise (a warning).
    func checkUndrivenRegisters(_ module: ModuleIR, _ lowered: LoweredModule) {
        for r in module.registers where lowered.driverLocations[r.node] == nil {
            let name = module.nodes[r.node].name ?? "?"
            if r.reset == nil {
                diagnostics.append(Diagnostic(.error, .undriven, at: module.nodes[r.node].location,
                    "register '\(name)' is never assigned and has no reset value", fix: "assign it with <== or remove it"))
            } else {
                diagnostics.append(Diagnostic(.warning, .undriven, at: module.nodes[r.node].location,
                    "register '\(name)' is never assigned, so it always holds its reset value", fix: "assign it with <== or use a constant"))
            }
        }
    }

    func describeTarget(_ node: NodeID, in module: ModuleIR) -> String {
        let name = module.nodes[node].name ?? "node\(node)"
        if let p = module.ports.first(where: { $0.node == node }) { return "output '\(p.name)'" }
        if case .register = module.nodes[node].kind { return "register '\(name)'" }
        return "wire '\(name)'"
    }

    func instanceOf(_ node: NodeID, in module: ModuleIR) -> (name: String, port: String, location: SourceLocation)? {
        for inst in module.instances {
            if let i = inst.inputNodes.firstIndex(of: node), let child = modules[inst.moduleName] {
                return (inst.name, child.ports[i].name, inst.location)
            }
        }
        return nil
    }

    func checkStatements(_ statements: [Statement], in module: ModuleIR, inherited: SourceLocation) {
        var unconditional: [NodeID: SourceLocation] = [:]
        func flatten(_ list: [Statement], _ loc: SourceLocation) -> [(Statement, SourceLocation)] {
            list.flatMap { s -> [(Statement, SourceLocation)] in
                let l = s.location.line == 0 ? loc : s.location
                if case .block(let inner) = s.kind { return flatten(inner, l) }
                return [(s, l)]
            }
        }
        for (s, location) in flatten(statements, inherited) {
            switch s.kind {
            case .connect(let target, let value):
                checkConnect(target, value, in: module, at: location)
                if let first = unconditional[target] {
                    diagnostics.append(Diagnostic(.error, .multipleDrivers, at: location,
                        "\(describeTarget(target, in: module)) is already driven at \(first); the first assignment never has an effect",
                        fix: "remove one of them, or put the second inside a When to override the default"))
                }
                unconditional[target] = location
            case .when(_, let t, let e):
                checkStatements(t, in: module, inherited: location)
                checkStatements(e, in: module, inherited: location)
            case .switch(_, let cases, let fallback):
                for c in cases { checkStatements(c.body, in: module, inherited: c.location) }
                if let fallback { checkStatements(fallback, in: module, inherited: location) }
            case .memoryWrite, .block:
                break
            }
        }
    }

    func checkConnect(_ target: NodeID, _ value: NodeID, in module: ModuleIR, at location: SourceLocation) {
        let t = module.nodes[target], v = module.nodes[value]
        let name = t.name ?? "the expression"
        switch t.kind {
        case .input:
            diagnostics.append(Diagnostic(.error, .wrongDirection, at: location,
                "'\(name)' is an input of module '\(module.name)' and cannot be driven inside it",
                fix: "drive it from the parent module, or declare it with Output(...)"))
            return
        case .instanceOutput(let inst, let port):
            let instance = module.instances[inst]
            let portName = modules[instance.moduleName]?.ports[port].name ?? "?"
            diagnostics.append(Diagnostic(.error, .wrongDirection, at: location,
                "'\(portName)' is an output of instance '\(instance.name)' and cannot be driven",
                fix: "read \(instance.name).\(portName) instead, or drive one of its inputs"))
            return
        case .wire, .register:
            break
        default:
            diagnostics.append(Diagnostic(.error, .invalid, at: location, "the left side of <== is an expression, not a wire or register",
                fix: "assign to a Wire, Reg or Output"))
            return
        }
        if v.width > t.width {
            diagnostics.append(Diagnostic(.error, .truncation, at: location,
                "'\(name)' is \(t.width) bits but the value is \(v.width) bits",
                fix: "use .truncated(to: \(t.width)) on the value or widen '\(name)'"))
        } else if v.width < t.width {
            diagnostics.append(Diagnostic(.error, .widthMismatch, at: location,
                "'\(name)' is \(t.width) bits but the value is \(v.width) bits",
                fix: "use .zeroExtended(to: \(t.width)) or .signExtended(to: \(t.width)) on the value"))
        }
    }

    /// Finds combinational cycles, following wires to their drivers and instance outputs to the
    /// child inputs they depend on. Records this module's output-to-input paths for its parents.
    func checkLoops(_ module: ModuleIR, _ lowered: LoweredModule) {
        let nodes = lowered.nodes
        func combinationalInputs(_ id: NodeID) -> [NodeID] {
            switch nodes[id].kind {
            case .wire: return lowered.wireDrivers[id].map { [$0] } ?? []
            case .register, .input, .constant: return []
            case .instanceOutput(let inst, let port):
                let instance = module.instances[inst]
                let deps = combinationalPaths[instance.moduleName]?[port] ?? []
                return deps.compactMap { instance.inputNodes[$0] }
            default: return nodes[id].operands
            }
        }
        var state = [UInt8](repeating: 0, count: nodes.count)   // 0 new, 1 on stack, 2 done
        var reported = false
        for start in 0..<nodes.count where state[start] == 0 && !reported {
            var stack: [(NodeID, [NodeID], Int)] = [(start, combinationalInputs(start), 0)]
            state[start] = 1
            while let (id, inputs, i) = stack.last {
                if i < inputs.count {
                    stack[stack.count - 1].2 += 1
                    let next = inputs[i]
                    if state[next] == 1 {
                        let cycleStart = stack.firstIndex { $0.0 == next } ?? 0
                        let cycle = stack[cycleStart...].map(\.0)
                        reportLoop(cycle, module, lowered)
                        reported = true
                        break
                    }
                    if state[next] == 0 {
                        state[next] = 1
                        stack.append((next, combinationalInputs(next), 0))
                    }
                } else {
                    state[id] = 2
                    stack.removeLast()
                }
            }
        }
        // Output -> input combinational paths, for the parents' loop checks.
        var paths: [Int: Set<Int>] = [:]
        for (index, port) in module.ports.enumerated() where port.direction == .output {
            var seen = Set<NodeID>(), work = [port.node], found = Set<Int>()
            while let id = work.popLast() {
                guard seen.insert(id).inserted else { continue }
                if case .input(let p) = nodes[id].kind { found.insert(p) }
                work += combinationalInputs(id)
            }
            paths[index] = found
        }
        combinationalPaths[module.name] = paths
    }

    func reportLoop(_ cycle: [NodeID], _ module: ModuleIR, _ lowered: LoweredModule) {
        let named = cycle.reversed().filter { module.nodes.indices.contains($0) && module.nodes[$0].name != nil }
        let names = named.map { id -> String in
            guard case .instanceOutput(let instance, _) = module.nodes[id].kind else { return module.nodes[id].name! }
            return "\(module.nodes[id].name!) (through instance '\(module.instances[instance].name)')"
        }
        let location = named.compactMap { lowered.driverLocations[$0] }.first
            ?? named.first.map { module.nodes[$0].location } ?? module.location
        let path = (names + names.prefix(1)).joined(separator: " -> ")
        diagnostics.append(Diagnostic(.error, .combinationalLoop, at: location,
            "in module '\(module.name)': \(path.isEmpty ? "an unnamed path" : path) depends on itself without a register",
            fix: "break the loop with a Reg, or compute one of the values from other signals"))
    }

    func checkUnusedInputs(_ module: ModuleIR, _ lowered: LoweredModule) {
        var used = Set<NodeID>()
        for n in lowered.nodes { used.formUnion(n.operands) }
        used.formUnion(lowered.wireDrivers.values)
        used.formUnion(lowered.registerNext)
        for w in lowered.memoryWrites { used.formUnion([w.enable, w.address, w.data] + (w.mask.map { [$0] } ?? [])) }
        for r in module.registers { if let e = r.enable { used.insert(e) } }
        for port in module.ports where port.direction == .input && !used.contains(port.node) {
            diagnostics.append(Diagnostic(.warning, .unusedInput, at: port.location,
                "input '\(port.name)' of module '\(module.name)' is never read", fix: "use it or remove it"))
        }
    }
}

/// A design and its top module's ports as hardware (see `Elaborator.elaborateWithPorts`).
public struct Elaborated<IO: Bundle> {
    public let design: Design
    public let ports: IO
}
