/// The module being described right now: the node table and declarations that the DSL's
/// functions (`Reg`, `Wire`, operators, `Instance`) add to. One builder per module definition;
/// it is found through a task-local, so parallel elaborations (e.g. parallel tests) do not mix.
public final class ModuleBuilder: @unchecked Sendable {
    @TaskLocal static var current: ModuleBuilder?

    let name: String
    let elaborator: Elaborator
    let location: SourceLocation
    var nodes: [Node] = []
    var ports: [Port] = []
    var registers: [RegisterIR] = []
    var memories: [MemoryIR] = []
    var instances: [InstanceIR] = []
    /// Statements the DSL adds on the user's behalf (named wires' drivers, sync read ports).
    var implicitStatements: [Statement] = []
    /// Where each wire/register/port node was declared, for messages.
    var usedNames: [String: Int] = [:]
    /// Child instances' port nodes by instance, to catch reads of an instance's input.
    var instanceInputNodes: [NodeID: (instance: String, port: String)] = [:]
    /// Registers by node, to find register numbers quickly.
    var registerIndex: [NodeID: Int] = [:]
    var constantCache: [String: NodeID] = [:]
    /// The fields `unpacked` has made of a word, so unpacking it again gives the same (named) fields.
    var unpackedFields: [UnpackedField: NodeID] = [:]

    init(name: String, elaborator: Elaborator, location: SourceLocation) {
        self.name = name
        self.elaborator = elaborator
        self.location = location
    }

    /// The builder of the module being described; a DSL call outside `body` is a programming error.
    static var active: ModuleBuilder {
        guard let builder = current else {
            fatalError("hardware can only be described inside a Module's body, during Elaborator.elaborate")
        }
        return builder
    }

    func add(_ node: Node) -> NodeID {
        nodes.append(node)
        return nodes.count - 1
    }

    func constant(_ value: BitVector, location: SourceLocation, label: String? = nil) -> NodeID {
        let key = "\(value.width):\(value.hexDigits):\(label ?? "")"
        if let id = constantCache[key] { return id }
        let id = add(Node(kind: .constant(value), width: value.width, location: location, enumLabel: label))
        constantCache[key] = id
        return id
    }

    /// A unique Verilog name in this module, derived from `base`.
    func uniqueName(_ base: String) -> String {
        let n = usedNames[base, default: 0]
        usedNames[base] = n + 1
        return n == 0 ? base : "\(base)_\(n)"
    }

    func report(_ diagnostic: Diagnostic) {
        elaborator.diagnostics.append(diagnostic)
    }

    func error(_ kind: Diagnostic.Kind, at location: SourceLocation? = nil, _ message: String, fix: String) {
        report(Diagnostic(.error, kind, at: location ?? callerLocation(), message, fix: fix))
    }

    func describe(_ id: NodeID) -> String {
        if let name = nodes[id].name { return "'\(name)'" }
        return "the expression at \(nodes[id].location)"
    }
}

/// A field of a packed word: which word, and where in it.
struct UnpackedField: Hashable {
    let source: NodeID
    let offset: Int
    let width: Int
}
