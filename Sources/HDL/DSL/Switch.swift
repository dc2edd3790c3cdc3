/// `Switch(opcode) { Is(0x13) { ... }; Is(0x33, 0x3B) { ... }; Default { ... } }`, as Verilog's
/// `case`. Case values are constants of the subject's width (or hardware enum cases).
public struct SwitchArm {
    let values: [Signal]
    let body: [Statement]
    let location: SourceLocation
    let isDefault: Bool
}

@resultBuilder
public enum SwitchBuilder {
    public static func buildExpression(_ arm: SwitchArm) -> [SwitchArm] { [arm] }
    public static func buildBlock(_ parts: [SwitchArm]...) -> [SwitchArm] { parts.flatMap { $0 } }
    public static func buildArray(_ parts: [[SwitchArm]]) -> [SwitchArm] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [SwitchArm]?) -> [SwitchArm] { part ?? [] }
    public static func buildEither(first: [SwitchArm]) -> [SwitchArm] { first }
    public static func buildEither(second: [SwitchArm]) -> [SwitchArm] { second }
}

public func Is(_ values: Signal..., file: String = #fileID, path: String = #filePath, line: Int = #line,
               @LogicBuilder _ body: () -> [Statement]) -> SwitchArm {
    SwitchArm(values: values, body: body(), location: SourceLocation(fileID: file, filePath: path, line: line), isDefault: false)
}

public func Is<E: HardwareEnum>(_ values: E..., file: String = #fileID, path: String = #filePath, line: Int = #line,
                                @LogicBuilder _ body: () -> [Statement]) -> SwitchArm {
    SwitchArm(values: values.map(\.hw), body: body(), location: SourceLocation(fileID: file, filePath: path, line: line), isDefault: false)
}

public func Default(file: String = #fileID, path: String = #filePath, line: Int = #line,
                    @LogicBuilder _ body: () -> [Statement]) -> SwitchArm {
    SwitchArm(values: [], body: body(), location: SourceLocation(fileID: file, filePath: path, line: line), isDefault: true)
}

public func Switch(_ subject: Signal, file: String = #fileID, path: String = #filePath, line: Int = #line,
                   @SwitchBuilder _ arms: () -> [SwitchArm]) -> Statement {
    Switch(subject, arms: arms(), at: SourceLocation(fileID: file, filePath: path, line: line))
}

func Switch(_ subject: Signal, arms: [SwitchArm], at location: SourceLocation) -> Statement {
    let builder = ModuleBuilder.active
    let s = subject.node()
    var cases: [Statement.SwitchCase] = []
    var fallback: [Statement]? = nil
    var seen: [String: SourceLocation] = [:]
    for arm in arms {
        if arm.isDefault {
            if fallback != nil {
                builder.error(.invalid, at: arm.location, "a Switch has two Default arms", fix: "keep one Default")
            }
            fallback = arm.body
            continue
        }
        var ids: [NodeID] = []
        for v in arm.values {
            let id = v.isLiteral ? v.node(width: subject.width) : v.node()
            guard case .constant(let value) = builder.nodes[id].kind else {
                builder.error(.invalid, at: arm.location, "Is values must be constants", fix: "use When for comparisons with signals")
                continue
            }
            if value.width != subject.width {
                builder.error(.widthMismatch, at: arm.location, "the case value \(value) is \(value.width) bits but the Switch subject is \(subject.width) bits",
                              fix: "write the value with the subject's width")
            }
            if let first = seen[value.hexDigits] {
                builder.error(.invalid, at: arm.location, "the case value \(value) is already handled at \(first)", fix: "remove the duplicate")
            }
            seen[value.hexDigits] = arm.location
            ids.append(id)
        }
        cases.append(Statement.SwitchCase(values: ids, body: arm.body, location: arm.location))
    }
    return Statement(.switch(subject: s, cases: cases, default: fallback), at: location)
}
