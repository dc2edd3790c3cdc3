/// A record of signals: a struct whose stored properties are `Signal`s, nested bundles, or
/// arrays of either. Field names become Verilog names (`exMem.rd` -> `ex_mem_rd`).
/// Bundles hold templates until they are bound as ports, registers or wires.
public protocol Bundle {}

/// A single signal is the smallest bundle, so `Decoupled(Signal(.uint(8)))` and `Input(Valid(...))`
/// carry a plain value without a wrapper record.
extension Signal: Bundle {}

/// The signals of a bundle with their dotted paths, in declaration order.
func bundleFields(of value: Any, prefix: String = "") -> [(path: String, signal: Signal)] {
    if let s = value as? Signal { return [(prefix, s)] }
    var out: [(String, Signal)] = []
    let mirror = Mirror(reflecting: value)
    let isCollection = mirror.displayStyle == .collection
    for (i, child) in mirror.children.enumerated() {
        let label = isCollection ? "\(i)" : (child.label ?? "\(i)")
        let path = prefix.isEmpty ? label : "\(prefix).\(label)"
        if child.value is Signal || child.value is any Bundle || Mirror(reflecting: child.value).displayStyle == .collection {
            out += bundleFields(of: child.value, prefix: path)
        }
    }
    return out
}

/// Marks every field of a bundle of templates as an input port.
public func Input<B: Bundle>(_ bundle: B) -> B { setDirection(bundle, .input) }
/// Marks every field of a bundle of templates as an output port.
public func Output<B: Bundle>(_ bundle: B) -> B { setDirection(bundle, .output) }

/// An input port template of the given type.
public func Input(_ type: HWType, file: String = #fileID, path: String = #filePath, line: Int = #line) -> Signal {
    Signal(type: type, state: .template(.input), at: SourceLocation(fileID: file, filePath: path, line: line))
}
/// An output port template of the given type.
public func Output(_ type: HWType, file: String = #fileID, path: String = #filePath, line: Int = #line) -> Signal {
    Signal(type: type, state: .template(.output), at: SourceLocation(fileID: file, filePath: path, line: line))
}

/// The same bundle with inputs and outputs swapped: the other side of an interface.
public func Flipped<B: Bundle>(_ bundle: B) -> B {
    for (_, s) in bundleFields(of: bundle) {
        if case .template(let d) = s.state {
            s.state = .template(d == .input ? .output : .input)
        }
    }
    return bundle
}

func setDirection<B: Bundle>(_ bundle: B, _ direction: PortDirection) -> B {
    for (_, s) in bundleFields(of: bundle) where s.isTemplate { s.state = .template(direction) }
    return bundle
}

/// A value and a `valid` bit, the handshake-less record (Chisel's `Valid`). Like `Decoupled`, it
/// is declared from the producer's side (`valid` and `bits` out); `Flipped` or `Input` gives the
/// consumer's. As a register or wire (`Wire(Valid(...))`) the directions do not matter.
public struct Valid<Payload: Bundle>: Bundle {
    public var valid: Signal
    public var bits: Payload
    /// A producer-side port: `valid` and `bits` out.
    public init(_ bits: Payload, file: String = #fileID, path: String = #filePath, line: Int = #line) {
        self.valid = Output(.bit, file: file, path: path, line: line)
        self.bits = Output(bits)
    }
}

/// A value with `valid` and `ready` (Chisel's `Decoupled`): `valid` and `bits` flow one way,
/// `ready` the other. Declare the producer side; use `Flipped` for the consumer.
public struct Decoupled<Payload: Bundle>: Bundle {
    public var valid: Signal
    public var ready: Signal
    public var bits: Payload
    /// A producer-side port: `valid`/`bits` out, `ready` in.
    public init(_ bits: Payload, file: String = #fileID, path: String = #filePath, line: Int = #line) {
        self.valid = Output(.bit, file: file, path: path, line: line)
        self.ready = Input(.bit, file: file, path: path, line: line)
        self.bits = Output(bits)
    }

    /// `valid && ready`: the cycle a word passes (Chisel's `fire`).
    public var fire: Signal { valid && ready }
}
