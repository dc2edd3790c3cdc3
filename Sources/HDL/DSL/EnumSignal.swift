/// A signal that holds a case of a hardware enum: an FSM's state register or wire. It is
/// assigned and compared with cases, so the logic reads as the state diagram:
///
/// ```swift
/// let state = Reg(State.self, reset: .idle)
/// Switch(state) {
///     Is(.idle) { When(start) { state.next <== .busy } }
///     Is(.busy) { When(done) { state.next <== Mux(again, .busy, .idle) } }
/// }
/// ```
/// A `Switch` over it that leaves out a case, with no `Default`, gets a warning.
public struct EnumSignal<E: HardwareEnum> {
    /// The state's bits.
    public let signal: Signal
    public init(_ signal: Signal) { self.signal = signal }
    /// The state after the next clock edge (a register's), as an assignment target.
    public var next: EnumSignal<E> { EnumSignal(signal.next) }
}

/// A register holding a hardware enum (an FSM state), reset to `reset`.
public func Reg<E: HardwareEnum>(_: E.Type, reset: E, named name: String? = nil,
                                 file: String = #fileID, path: String = #filePath, line: Int = #line, column: Int = #column) -> EnumSignal<E> {
    let location = SourceLocation(fileID: file, filePath: path, line: line, column: column)
    return EnumSignal(makeRegister(E.hwType, name: declarationName(name, location, fallback: "state"),
                                   reset: BitVector(width: E.hwType.width, value: Int(reset.rawValue)), enable: nil, at: location))
}

/// A wire holding a hardware enum, driven later with `<==`.
public func Wire<E: HardwareEnum>(_: E.Type, named name: String? = nil,
                                  file: String = #fileID, path: String = #filePath, line: Int = #line, column: Int = #column) -> EnumSignal<E> {
    let location = SourceLocation(fileID: file, filePath: path, line: line, column: column)
    return EnumSignal(makeWire(E.hwType, name: declarationName(name, location, fallback: "state"), at: location))
}

public func <== <E>(target: EnumSignal<E>, value: E) -> Statement { target.signal <== value.hw }
public func <== <E>(target: EnumSignal<E>, value: EnumSignal<E>) -> Statement { target.signal <== value.signal }
public func == <E>(a: EnumSignal<E>, b: E) -> Signal { a.signal == b.hw }
public func != <E>(a: EnumSignal<E>, b: E) -> Signal { a.signal != b.hw }

/// `c ? a : b` between two cases: `state.next <== Mux(rx, .idle, .recover)`.
public func Mux<E: HardwareEnum>(_ condition: Signal, _ a: E, _ b: E) -> EnumSignal<E> {
    EnumSignal(Mux(condition, a.hw, b.hw))
}

/// An arm of a `Switch` over an `EnumSignal`.
public struct EnumArm<E: HardwareEnum> {
    let cases: [E]
    let arm: SwitchArm
}

@resultBuilder
public enum EnumSwitchBuilder<E: HardwareEnum> {
    public static func buildExpression(_ arm: EnumArm<E>) -> [EnumArm<E>] { [arm] }
    public static func buildBlock(_ parts: [EnumArm<E>]...) -> [EnumArm<E>] { parts.flatMap { $0 } }
    public static func buildArray(_ parts: [[EnumArm<E>]]) -> [EnumArm<E>] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [EnumArm<E>]?) -> [EnumArm<E>] { part ?? [] }
    public static func buildEither(first: [EnumArm<E>]) -> [EnumArm<E>] { first }
    public static func buildEither(second: [EnumArm<E>]) -> [EnumArm<E>] { second }
}

public func Is<E: HardwareEnum>(_ cases: E..., file: String = #fileID, path: String = #filePath, line: Int = #line,
                                @LogicBuilder _ body: () -> [Statement]) -> EnumArm<E> {
    EnumArm(cases: cases, arm: SwitchArm(values: cases.map(\.hw), body: body(),
                                         location: SourceLocation(fileID: file, filePath: path, line: line), isDefault: false))
}

public func Default<E: HardwareEnum>(file: String = #fileID, path: String = #filePath, line: Int = #line,
                                     @LogicBuilder _ body: () -> [Statement]) -> EnumArm<E> {
    EnumArm(cases: [], arm: SwitchArm(values: [], body: body(), location: SourceLocation(fileID: file, filePath: path, line: line),
                                      isDefault: true))
}

/// `Switch` over the cases of an `EnumSignal`: `Is(.idle) { ... }`.
public func Switch<E: HardwareEnum>(_ subject: EnumSignal<E>, file: String = #fileID, path: String = #filePath, line: Int = #line,
                                    @EnumSwitchBuilder<E> _ arms: () -> [EnumArm<E>]) -> Statement {
    let typedArms = arms()
    let location = SourceLocation(fileID: file, filePath: path, line: line)
    let covered = Set(typedArms.flatMap { $0.cases.map { Int($0.rawValue) } })
    let missing = E.allCases.filter { !covered.contains(Int($0.rawValue)) }
    if !missing.isEmpty && !typedArms.contains(where: \.arm.isDefault) {
        let names = missing.map { ".\($0)" }.joined(separator: ", ")
        ModuleBuilder.active.report(Diagnostic(.warning, .invalid, at: location,
            "this Switch over \(E.self) has no arm for \(names) and no Default, so in those states it does nothing",
            fix: "add Is(\(names)) { ... } or a Default { ... }, empty if doing nothing is meant"))
    }
    return Switch(subject.signal, arms: typedArms.map(\.arm), at: location)
}
