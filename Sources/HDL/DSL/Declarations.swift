// Registers, wires and their bundle forms. Names come from the declaring line
// (`let pc = Reg(...)` is `pc` in Verilog) or from `named:`.

/// What a register holds after reset.
public enum ResetValue {
    /// No reset: the register is not reset (cheaper; for datapath registers).
    case none
    /// Reset to zero.
    case zero
}

/// The Verilog name of a declaration: `named:` if given, else the Swift name it is declared as,
/// else `fallback`, with a warning at the line for a generic fallback (`reg`, `wire`).
func declarationName(_ given: String?, _ location: SourceLocation, fallback: String, warn: Bool = true) -> String {
    if let name = given ?? DeclarationNames.name(at: location) { return verilogName(name) }
    if warn, location.line > 0 {
        ModuleBuilder.active.report(Diagnostic(.warning, .unnamed, at: location,
            "this declaration has no Swift name to give the Verilog, so it is called '\(fallback)'",
            fix: "declare it on its own, `let name = ...`, or give it one with `named: \"name\"`"))
    }
    return verilogName(fallback)
}

func makeRegister(_ type: HWType, name: String, reset: BitVector?, enable: Signal?, at location: SourceLocation) -> Signal {
    let builder = ModuleBuilder.active
    let index = builder.registers.count
    let id = builder.add(Node(kind: .register(index), width: type.width, name: builder.uniqueName(name), location: location))
    let en = enable.map { e -> NodeID in requireBit(e, "Reg enable"); return e.node(width: 1) }
    builder.registers.append(RegisterIR(node: id, reset: reset, enable: en))
    builder.registerIndex[id] = index
    return Signal.wrap(id, type, in: builder)
}

func resetBits(_ reset: Signal?, _ type: HWType) -> BitVector? {
    guard let reset else { return nil }
    let builder = ModuleBuilder.active
    let id = reset.node(width: type.width)
    guard case .constant(let v) = builder.nodes[id].kind else {
        builder.error(.invalid, "a register's reset value must be a constant", fix: "use an integer or Const(...)")
        return nil
    }
    if v.width != type.width {
        builder.error(.widthMismatch, "the reset value is \(v.width) bits but the register is \(type.width) bits", fix: "give the reset value the register's width")
        return v.resized(to: type.width)
    }
    return v
}

/// A register of `type`, reset synchronously to `reset`: zero unless told otherwise, as a bundle
/// register is (`reset: nil` for none). With `enable`, it keeps its value in cycles where `enable`
/// is 0, whatever is assigned to it. It is assigned through `next`: `r.next <== value`.
public func Reg(_ type: HWType, reset: Signal? = 0, enable: Signal? = nil, named name: String? = nil,
                file: String = #fileID, path: String = #filePath, line: Int = #line, column: Int = #column) -> Signal {
    let location = SourceLocation(fileID: file, filePath: path, line: line, column: column)
    return makeRegister(type, name: declarationName(name, location, fallback: "reg"), reset: resetBits(reset, type),
                        enable: enable, at: location)
}

/// Registers for every field of a bundle (a pipeline register such as `IFtoID`), reset to zero
/// unless told otherwise (`reset: .none`).
public func Reg<B: Bundle>(_ bundle: B, reset: ResetValue = .zero, enable: Signal? = nil, named name: String? = nil,
                           file: String = #fileID, path: String = #filePath, line: Int = #line, column: Int = #column) -> B {
    let location = SourceLocation(fileID: file, filePath: path, line: line, column: column)
    let base = declarationName(name, location, fallback: "reg")
    for (fieldPath, s) in bundleFields(of: bundle) where requireTemplate(s, fieldPath, "Reg", at: location) {
        let r = makeRegister(s.type, name: verilogName(base + "_" + fieldPath), reset: reset == .zero ? BitVector(width: s.width) : nil,
                             enable: enable, at: location)
        s.state = r.state
    }
    return bundle
}

/// Whether `signal` (field `path` of a bundle) is still a template, and so can become hardware;
/// binding a bundle's fields a second time is an error with the line.
func requireTemplate(_ signal: Signal, _ path: String, _ what: String, at location: SourceLocation) -> Bool {
    if signal.isTemplate { return true }
    ModuleBuilder.active.error(.invalid, at: location, "field '\(path)' of this bundle is already hardware (\(signal.description)), so \(what) cannot bind it again",
                               fix: "pass a fresh bundle of templates, e.g. `\(what)(IFtoID(xlen: xlen))`, not one that is already a port, register or wire")
    return false
}

func makeWire(_ type: HWType, name: String, at location: SourceLocation) -> Signal {
    let builder = ModuleBuilder.active
    let id = builder.add(Node(kind: .wire, width: type.width, name: builder.uniqueName(name), location: location))
    return Signal.wrap(id, type, in: builder)
}

/// A combinational wire of `type`, driven later with `<==` (on every path).
public func Wire(_ type: HWType, named name: String? = nil,
                 file: String = #fileID, path: String = #filePath, line: Int = #line, column: Int = #column) -> Signal {
    let location = SourceLocation(fileID: file, filePath: path, line: line, column: column)
    return makeWire(type, name: declarationName(name, location, fallback: "wire"), at: location)
}

/// A named wire equal to `value`: `let sum = Wire(a + b)` shows as `sum` in the Verilog.
public func Wire(_ value: Signal, named name: String? = nil,
                 file: String = #fileID, path: String = #filePath, line: Int = #line, column: Int = #column) -> Signal {
    let location = SourceLocation(fileID: file, filePath: path, line: line, column: column)
    let builder = ModuleBuilder.active
    let w = makeWire(value.type, name: declarationName(name, location, fallback: "wire"), at: location)
    builder.implicitStatements.append(Statement(.connect(target: w.node(), value: value.node()), at: location))
    return w
}

/// Wires for every field of a bundle.
public func Wire<B: Bundle>(_ bundle: B, named name: String? = nil,
                            file: String = #fileID, path: String = #filePath, line: Int = #line, column: Int = #column) -> B {
    let location = SourceLocation(fileID: file, filePath: path, line: line, column: column)
    let base = declarationName(name, location, fallback: "wire")
    for (fieldPath, s) in bundleFields(of: bundle) where requireTemplate(s, fieldPath, "Wire", at: location) {
        s.state = makeWire(s.type, name: verilogName(base + "_" + fieldPath), at: location).state
    }
    return bundle
}

/// `count` registers of one type, as an array (a vector of registers), reset as `Reg`'s are.
public func Regs(_ count: Int, _ type: HWType, reset: Signal? = 0, named name: String? = nil,
                 file: String = #fileID, path: String = #filePath, line: Int = #line, column: Int = #column) -> [Signal] {
    let location = SourceLocation(fileID: file, filePath: path, line: line, column: column)
    let base = declarationName(name, location, fallback: "reg")
    let bits = resetBits(reset, type)
    return (0..<count).map { makeRegister(type, name: "\(base)_\($0)", reset: bits, enable: nil, at: location) }
}

/// Drives element `index` (a signal) of an array of registers or wires with `value`.
public func assign(_ elements: [Signal], at index: Signal, _ value: Signal) -> Statement {
    let branches = elements.indices.map { i in
        Statement(.when(condition: (index == Const(i, index.type)).node(), then: [elements[i] <== value], otherwise: []), at: .unknown)
    }
    return Statement(.block(branches), at: .unknown)
}
