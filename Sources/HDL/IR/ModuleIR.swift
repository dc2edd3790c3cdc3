/// The direction of a port, seen from inside the module.
public enum PortDirection: String, Sendable, Hashable { case input, output }

/// A port of a module.
public struct Port: Sendable {
    public let name: String
    public let direction: PortDirection
    public let type: HWType
    /// The node that carries the port inside the module (`.input` or `.wire`).
    public let node: NodeID
    public let location: SourceLocation
}

/// A register: its value is a node of kind `.register`; it is assigned by statements.
public struct RegisterIR: Sendable {
    public let node: NodeID
    /// Synchronous reset value; nil for a register without reset.
    public let reset: BitVector?
    /// When set, the register keeps its value in cycles where `enable` is 0.
    public let enable: NodeID?
}

/// A memory: `depth` words of `type`. Reads are nodes (`.memoryRead`), writes are statements.
public struct MemoryIR: Sendable {
    public let name: String
    public let type: HWType
    public let depth: Int
    public let initial: [BitVector]?
    public let location: SourceLocation
    /// Whether the Verilator shim may load and read it through the back door.
    public let backdoor: Bool
}

/// An instance of a child module. Its input ports are driven by wire nodes of the parent
/// (`inputNodes`); its outputs are `.instanceOutput` nodes.
public struct InstanceIR: Sendable {
    public let name: String
    public let moduleName: String
    public let inputNodes: [NodeID?]     // per child port index; nil for output ports
    public let outputNodes: [NodeID?]    // per child port index; nil for input ports
    public let location: SourceLocation
}

/// One elaborated module definition.
public struct ModuleIR: Sendable {
    public let name: String
    public var ports: [Port]
    public var nodes: [Node]
    public var registers: [RegisterIR]
    public var memories: [MemoryIR]
    public var instances: [InstanceIR]
    public var body: [Statement]
    /// Whether the module (or any child) holds state and so has `clock` and `reset` ports.
    public var isClocked: Bool
    public let location: SourceLocation
}

/// An elaborated design: its modules, children before parents, and the top's name.
public struct Design: Sendable {
    public let top: String
    public let modules: [ModuleIR]

    public var topModule: ModuleIR { modules.first { $0.name == top }! }
    public func module(named name: String) -> ModuleIR? { modules.first { $0.name == name } }
    /// Warnings found during elaboration (e.g. unused inputs).
    public var warnings: [Diagnostic] = []

    /// The same design with the top module renamed (e.g. after the design, to match its file name).
    public func renamingTop(to name: String) -> Design {
        guard name != top, module(named: name) == nil else { return self }
        let renamed = modules.map { m -> ModuleIR in
            guard m.name == top else { return m }
            return ModuleIR(name: name, ports: m.ports, nodes: m.nodes, registers: m.registers, memories: m.memories,
                            instances: m.instances, body: m.body, isClocked: m.isClocked, location: m.location)
        }
        return Design(top: name, modules: renamed, warnings: warnings)
    }

    public init(top: String, modules: [ModuleIR], warnings: [Diagnostic] = []) {
        self.top = top
        self.modules = modules
        self.warnings = warnings
    }
}
