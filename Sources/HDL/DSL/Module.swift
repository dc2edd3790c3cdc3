/// A hardware block. Ports first (`io`, a bundle of `Input`/`Output` templates, made fresh on
/// every call), logic below (`body`). Parameters are plain Swift stored properties.
///
/// ```swift
/// struct Counter: Module {
///     var width = 8
///     struct IO: Bundle { var enable = Input(.bit); var count: Signal }
///     var io: IO { IO(count: Output(.uint(width))) }
///     func body(_ io: IO) -> [Statement] {
///         let value = Reg(.uint(width), reset: 0)
///         When(io.enable) { value <== value + 1 }
///         io.count <== value
///     }
/// }
/// ```
public protocol Module {
    associatedtype IO: Bundle
    /// The Verilog module name. By default the type name plus its parameters (`Counter_width8`).
    var name: String { get }
    /// The ports, as fresh templates on every call (make it a computed property).
    var io: IO { get }
    /// The logic, given the ports as hardware.
    @LogicBuilder func body(_ io: IO) -> [Statement]
}

extension Module {
    public var name: String { defaultModuleName(self) }
}

func defaultModuleName(_ module: Any) -> String {
    var name = "\(type(of: module))"
    if let generic = name.firstIndex(of: "<") { name = String(name[..<generic]) }
    for child in Mirror(reflecting: module).children {
        guard let label = child.label else { continue }
        let value: String
        switch child.value {
        case let v as Int: value = "\(v)"
        case let v as Bool: value = v ? "1" : "0"
        case let v as String: value = v
        default:
            let text = "\(child.value)"
            guard text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { continue }
            value = text
        }
        name += "_\(verilogName(label))\(value)"
    }
    return name
}

/// An instance of `module` inside the module being described. Returns its ports as hardware of
/// this module: drive its inputs with `<==`, read its outputs.
public func Instance<M: Module>(_ module: M, named name: String? = nil,
                                file: String = #fileID, path: String = #filePath, line: Int = #line, column: Int = #column) -> M.IO {
    let location = SourceLocation(fileID: file, filePath: path, line: line, column: column)
    let builder = ModuleBuilder.active
    let child = builder.elaborator.elaborateModule(module, at: location)
    let instanceName = builder.uniqueName(declarationName(name, location, fallback: verilogName(child.name), warn: false))
    let io = module.io
    let fields = bundleFields(of: io)
    var inputs: [NodeID?] = Array(repeating: nil, count: child.ports.count)
    var outputs: [NodeID?] = Array(repeating: nil, count: child.ports.count)
    let instanceIndex = builder.instances.count
    for (i, (path, s)) in fields.enumerated() where i < child.ports.count {
        let port = child.ports[i]
        let wireName = builder.uniqueName("\(instanceName)_\(verilogName(path))")
        let id: NodeID
        if port.direction == .input {
            id = builder.add(Node(kind: .wire, width: port.type.width, name: wireName, location: location))
            inputs[i] = id
            builder.instanceInputNodes[id] = (instanceName, port.name)
        } else {
            id = builder.add(Node(kind: .instanceOutput(instance: instanceIndex, port: i), width: port.type.width,
                                  name: wireName, location: location))
            outputs[i] = id
        }
        s.bind(builder, id)
    }
    builder.instances.append(InstanceIR(name: instanceName, moduleName: child.name, inputNodes: inputs,
                                        outputNodes: outputs, location: location))
    return io
}
