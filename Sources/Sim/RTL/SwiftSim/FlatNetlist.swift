import HDL

/// The whole design as one flat netlist: every module instance inlined, every wire replaced by
/// the node that drives it. This is what the Swift simulator compiles; names keep the instance
/// path (`alu.result`) so waveforms and lock-step reports read like the hierarchy.
struct FlatNetlist {
    struct Register {
        let name: String
        let node: Int
        var next: Int
        let reset: BitVector?
    }
    struct MemoryBlock {
        let name: String
        let type: HWType
        let depth: Int
        let initial: [BitVector]?
    }
    struct MemoryWrite {
        let memory: Int
        let enable: Int, address: Int, data: Int
        let mask: Int?
    }

    /// Nodes after alias resolution; `.wire` and `.instanceOutput` nodes never appear as operands.
    var nodes: [Node] = []
    var registers: [Register] = []
    var memories: [MemoryBlock] = []
    var writes: [MemoryWrite] = []
    /// Top-level ports: name -> node.
    var ports: [(name: String, direction: PortDirection, node: Int)] = []
    /// Aliases: node -> the node it equals (wires to drivers, child inputs to parent wires).
    var alias: [Int: Int] = [:]

    init(_ design: Design) throws {
        let lowered = Dictionary(uniqueKeysWithValues: design.modules.map { ($0.name, lower($0)) })
        let modules = Dictionary(uniqueKeysWithValues: design.modules.map { ($0.name, $0) })
        let top = design.topModule
        let base = inline(top, path: "", modules: modules, lowered: lowered, inputs: nil)
        for p in top.ports { ports.append((p.name, p.direction, base + p.node)) }
        for i in registers.indices { registers[i].next = resolve(registers[i].next) }
        writes = writes.map { MemoryWrite(memory: $0.memory, enable: resolve($0.enable), address: resolve($0.address),
                                          data: resolve($0.data), mask: $0.mask.map(resolve)) }
        for i in nodes.indices { nodes[i].kind = remapOperands(nodes[i].kind, resolve) }
        for (i, p) in ports.enumerated() { ports[i].node = resolve(p.node) }
    }

    /// What must be computed: every port, register and next value, and the operands of memory writes.
    var roots: [Int] {
        var roots: [Int] = ports.map(\.node)
        for r in registers { roots += [r.node, r.next] }
        for w in writes { roots += [w.enable, w.address, w.data] + (w.mask.map { [$0] } ?? []) }
        return roots
    }

    /// `roots` and every node they read through `operands`, each operand before its users.
    func liveNodes(roots: [Int], _ operands: (Int) -> [Int]) -> [Int] {
        var state = [UInt8](repeating: 0, count: nodes.count)     // 0 unseen, 1 on the stack, 2 done
        var order: [Int] = []
        for root in roots where state[root] == 0 {
            var stack: [(Int, Int)] = [(root, 0)]
            state[root] = 1
            while let (id, i) = stack.last {
                let ops = operands(id)
                if i < ops.count {
                    stack[stack.count - 1].1 += 1
                    if state[ops[i]] == 0 { state[ops[i]] = 1; stack.append((ops[i], 0)) }
                } else {
                    state[id] = 2
                    order.append(id)
                    stack.removeLast()
                }
            }
        }
        return order
    }

    /// Follows aliases to the node that really computes a value.
    func resolve(_ id: Int) -> Int {
        var id = id
        var hops = 0
        while let next = alias[id] {
            id = next
            hops += 1
            if hops > 1_000_000 { fatalError("alias cycle in the flattened netlist at node \(id)") }
        }
        return id
    }

    /// Copies `module` (and its children) into the flat netlist; returns its node offset.
    /// `inputs` maps the module's input port numbers to parent nodes (nil for the top).
    mutating func inline(_ module: ModuleIR, path: String, modules: [String: ModuleIR],
                         lowered: [String: LoweredModule], inputs: [Int: Int]?) -> Int {
        let low = lowered[module.name]!
        let base = nodes.count
        let memoryBase = memories.count
        let prefix = path.isEmpty ? "" : path + "."
        for n in low.nodes {
            var copy = n
            copy.kind = remapOperands(n.kind) { $0 + base }
            if case .memoryRead(let m, let a) = copy.kind { copy.kind = .memoryRead(memory: m + memoryBase, address: a) }
            if let name = n.name { copy.name = prefix + name }
            nodes.append(copy)
        }
        for (wire, driver) in low.wireDrivers { alias[base + wire] = base + driver }
        if let inputs {
            for (id, n) in module.nodes.enumerated() {
                if case .input(let port) = n.kind, let parent = inputs[port] { alias[base + id] = parent }
            }
        }
        for m in module.memories {
            memories.append(MemoryBlock(name: prefix + m.name, type: m.type, depth: m.depth, initial: m.initial))
        }
        for (i, r) in module.registers.enumerated() {
            registers.append(Register(name: prefix + (module.nodes[r.node].name ?? "r\(r.node)"), node: base + r.node,
                                      next: base + low.registerNext[i], reset: r.reset))
        }
        for w in low.memoryWrites {
            writes.append(MemoryWrite(memory: memoryBase + w.memory, enable: base + w.enable, address: base + w.address,
                                      data: base + w.data, mask: w.mask.map { base + $0 }))
        }
        for inst in module.instances {
            let child = modules[inst.moduleName]!
            var childInputs: [Int: Int] = [:]
            for (port, node) in inst.inputNodes.enumerated() { if let node { childInputs[port] = base + node } }
            let childBase = inline(child, path: prefix + inst.name, modules: modules, lowered: lowered, inputs: childInputs)
            for (port, node) in inst.outputNodes.enumerated() {
                if let node { alias[base + node] = childBase + child.ports[port].node }
            }
        }
        return base
    }
}

/// `kind` with every operand passed through `f`.
func remapOperands(_ kind: Node.Kind, _ f: (Int) -> Int) -> Node.Kind {
    switch kind {
    case .input, .wire, .register, .constant, .instanceOutput: return kind
    case .unary(let op, let a): return .unary(op, f(a))
    case .binary(let op, let a, let b): return .binary(op, f(a), f(b))
    case .mux(let c, let t, let e): return .mux(condition: f(c), whenTrue: f(t), whenFalse: f(e))
    case .concat(let parts): return .concat(parts.map(f))
    case .slice(let a, let low): return .slice(f(a), low: low)
    case .extend(let a, let signed): return .extend(f(a), signed: signed)
    case .memoryRead(let m, let a): return .memoryRead(memory: m, address: f(a))
    }
}
