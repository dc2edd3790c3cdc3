/// A module with its statements turned into dataflow: one driver expression per wire, one
/// next-value expression per register, and the memory writes in order. This is what the
/// simulators run and what the undriven/loop checks inspect; the Verilog keeps the statements.
public struct LoweredModule: Sendable {
    public struct MemoryWrite: Sendable {
        public let memory: Int
        public let enable: NodeID
        public let address: NodeID
        public let data: NodeID
        public let mask: NodeID?
    }

    /// The module's nodes plus the muxes and conditions lowering added.
    public var nodes: [Node]
    /// The driver of every wire node (outputs, wires, instance inputs) that has one on every path.
    public var wireDrivers: [NodeID: NodeID]
    /// The next value of each register (by register number); the register itself when it holds.
    public var registerNext: [NodeID]
    /// Memory writes in statement order: a later write to the same word wins.
    public var memoryWrites: [MemoryWrite]
    /// Where each target was last assigned, for messages.
    public var driverLocations: [NodeID: SourceLocation]
    /// Wires without a driver on some path (`partial`) or on any path.
    public var undriven: [(node: NodeID, partial: Bool)]
}

/// Lowers `module`'s statements (see `LoweredModule`).
public func lower(_ module: ModuleIR) -> LoweredModule {
    var lowering = Lowering(module: module)
    lowering.run()
    return lowering.result
}

struct Lowering {
    enum Driver: Equatable { case node(NodeID), undriven, partial }

    let module: ModuleIR
    var nodes: [Node]
    var env: [NodeID: Driver] = [:]
    var writes: [LoweredModule.MemoryWrite] = []
    var locations: [NodeID: SourceLocation] = [:]
    var constants: [String: NodeID] = [:]

    init(module: ModuleIR) {
        self.module = module
        self.nodes = module.nodes
    }

    mutating func add(_ kind: Node.Kind, width: Int) -> NodeID {
        nodes.append(Node(kind: kind, width: width, location: .unknown))
        return nodes.count - 1
    }

    mutating func constant(_ value: Int, width: Int) -> NodeID {
        let key = "\(width):\(value)"
        if let id = constants[key] { return id }
        let id = add(.constant(BitVector(width: width, value: value)), width: width)
        constants[key] = id
        return id
    }

    func initial(_ target: NodeID) -> Driver {
        if case .register = nodes[target].kind { return .node(target) }
        return .undriven
    }

    mutating func and(_ a: NodeID?, _ b: NodeID) -> NodeID {
        guard let a else { return b }
        return add(.binary(.and, a, b), width: 1)
    }

    mutating func lower(_ statements: [Statement], condition: NodeID?) {
        for s in statements { lower(s, condition: condition) }
    }

    mutating func lower(_ s: Statement, condition: NodeID?) {
        switch s.kind {
        case .connect(let target, let value):
            env[target] = .node(value)
            locations[target] = s.location
        case .block(let body):
            lower(body, condition: condition)
        case .memoryWrite(let memory, let address, let data, let mask):
            let enable = condition ?? constant(1, width: 1)
            writes.append(.init(memory: memory, enable: enable, address: address, data: data, mask: mask))
        case .when(let c, let thenBody, let elseBody):
            branch(c, condition: condition, thenBody: { $0.lower(thenBody, condition: $1) },
                   elseBody: { $0.lower(elseBody, condition: $1) })
        case .switch(let subject, let cases, let fallback):
            lowerSwitch(subject, cases[...], fallback ?? [], condition: condition)
        }
    }

    mutating func lowerSwitch(_ subject: NodeID, _ cases: ArraySlice<Statement.SwitchCase>, _ fallback: [Statement], condition: NodeID?) {
        guard let first = cases.first else { lower(fallback, condition: condition); return }
        var match: NodeID? = nil
        for v in first.values {
            let eq = add(.binary(.equal, subject, v), width: 1)
            match = match.map { add(.binary(.or, $0, eq), width: 1) } ?? eq
        }
        let c = match ?? constant(0, width: 1)
        let rest = cases.dropFirst()
        branch(c, condition: condition, thenBody: { $0.lower(first.body, condition: $1) },
               elseBody: { $0.lowerSwitch(subject, rest, fallback, condition: $1) })
    }

    mutating func branch(_ c: NodeID, condition: NodeID?,
                         thenBody: (inout Lowering, NodeID) -> Void, elseBody: (inout Lowering, NodeID) -> Void) {
        let saved = env
        thenBody(&self, and(condition, c))
        let thenEnv = env
        env = saved
        let notC = add(.unary(.not, c), width: 1)
        elseBody(&self, and(condition, notC))
        let elseEnv = env
        env = saved
        for target in Set(thenEnv.keys).union(elseEnv.keys) {
            let fallback = saved[target] ?? initial(target)
            let t = thenEnv[target] ?? fallback, e = elseEnv[target] ?? fallback
            env[target] = merge(c, t, e, width: nodes[target].width)
        }
    }

    mutating func merge(_ c: NodeID, _ t: Driver, _ e: Driver, width: Int) -> Driver {
        if t == e { return t }
        if case .node(let x) = t, case .node(let y) = e {
            return .node(add(.mux(condition: c, whenTrue: x, whenFalse: y), width: width))
        }
        return .partial
    }

    mutating func run() {
        lower(module.body, condition: nil)
    }

    var result: LoweredModule {
        var drivers: [NodeID: NodeID] = [:]
        var undriven: [(NodeID, Bool)] = []
        var nodes = self.nodes
        var next = module.registers.map(\.node)
        for (i, r) in module.registers.enumerated() {
            if case .node(let n)? = env[r.node] { next[i] = n }
            if let en = r.enable, next[i] != r.node {
                nodes.append(Node(kind: .mux(condition: en, whenTrue: next[i], whenFalse: r.node), width: nodes[r.node].width, location: .unknown))
                next[i] = nodes.count - 1
            }
        }
        for (id, node) in module.nodes.enumerated() {
            guard case .wire = node.kind else { continue }
            switch env[id] {
            case .node(let n)?: drivers[id] = n
            case .partial?: undriven.append((id, true))
            default: undriven.append((id, false))
            }
        }
        return LoweredModule(nodes: nodes, wireDrivers: drivers, registerNext: next, memoryWrites: writes,
                             driverLocations: locations, undriven: undriven)
    }
}
