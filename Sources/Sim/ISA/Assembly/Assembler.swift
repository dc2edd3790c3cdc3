// Result-builder RISC-V assembler (RV32I/RV64I, M, Zicsr, Zifencei, privileged ops, GPU custom-0).

/// Errors thrown by `Program.assemble()`.
public enum AssemblerError: Error, Equatable, Sendable, CustomStringConvertible {
    case undefinedLabel(String, instruction: String)
    case duplicateLabel(String)
    case immediateOutOfRange(instruction: String, value: Int64, range: ClosedRange<Int64>)
    case targetOutOfRange(instruction: String, target: String, offset: Int64, range: ClosedRange<Int64>)
    case misalignedTarget(instruction: String, target: String, offset: Int64)
    case requiresRV64(instruction: String)
    case unsupportedXlen(Int)

    public var description: String {
        switch self {
        case let .undefinedLabel(l, i): return "undefined label '\(l)' referenced by \(i)"
        case let .duplicateLabel(l): return "duplicate label '\(l)'"
        case let .immediateOutOfRange(i, v, r):
            return "immediate \(v) out of range \(r.lowerBound)...\(r.upperBound) in \(i)"
        case let .targetOutOfRange(i, t, o, r):
            return "target '\(t)' (offset \(o)) out of range \(r.lowerBound)...\(r.upperBound) for \(i)"
        case let .misalignedTarget(i, t, o): return "target '\(t)' (offset \(o)) of \(i) is not 2-byte aligned"
        case let .requiresRV64(i): return "\(i) requires xlen 64 (RV64 only)"
        case let .unsupportedXlen(x): return "unsupported xlen \(x) (use 32 or 64)"
        }
    }
}

/// A branch/jump target: a label name (string literal) or a byte offset relative to the instruction.
public struct AsmTarget: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, CustomStringConvertible {
    enum Kind: Sendable, Equatable { case label(String), offset(Int64) }
    let kind: Kind
    public init(stringLiteral value: String) { kind = .label(value) }
    public init(integerLiteral value: Int64) { kind = .offset(value) }
    public static func label(_ name: String) -> AsmTarget { AsmTarget(kind: .label(name)) }
    public static func offset(_ bytes: Int64) -> AsmTarget { AsmTarget(kind: .offset(bytes)) }
    init(kind: Kind) { self.kind = kind }
    public var description: String {
        switch kind {
        case let .label(l): return l
        case let .offset(o): return ".\(o >= 0 ? "+" : "")\(o)"
        }
    }
}

/// Memory-ordering set for `fence`.
public struct AsmFenceSet: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue & 15 }
    public static let w = AsmFenceSet(rawValue: 1), r = AsmFenceSet(rawValue: 2)
    public static let o = AsmFenceSet(rawValue: 4), i = AsmFenceSet(rawValue: 8)
    public static let rw: AsmFenceSet = [.r, .w]
    public static let iorw: AsmFenceSet = [.i, .o, .r, .w]
}

/// A label definition inside a `Program` body.
public struct Label: Sendable {
    public let name: String
    public init(_ name: String) { self.name = name }
    /// The label as a statement (for `Program(statements:)`).
    public var statement: AsmStatement { AsmStatement(.label(name), name + ":") }
}

/// One statement of a program: a label, a machine instruction, a pseudo-instruction or data.
public struct AsmStatement: Sendable {
    enum Kind: Sendable {
        case label(String)
        case data(UInt32)
        case r(op: UInt32, f3: UInt32, f7: UInt32, rd: Register, rs1: Register, rs2: Register)
        case i(op: UInt32, f3: UInt32, rd: Register, rs1: Register, imm: Int64)
        case shift(op: UInt32, f3: UInt32, hi: UInt32, rd: Register, rs1: Register, shamt: Int64)
        case s(f3: UInt32, rs2: Register, rs1: Register, imm: Int64)
        case b(f3: UInt32, rs1: Register, rs2: Register, target: AsmTarget)
        case u(op: UInt32, rd: Register, imm: Int64)
        case jal(rd: Register, target: AsmTarget)
        case csr(f3: UInt32, rd: Register, csr: AsmCSR, src: UInt32)
        case csrImm(f3: UInt32, rd: Register, csr: AsmCSR, uimm: Int64)
        case li(rd: Register, value: Int64)
        case la(rd: Register, label: String)
        case fixed(UInt32)
    }
    let kind: Kind
    /// Mnemonic used in error messages (e.g. `addi`, `li`, `sfence.vma`).
    public let mnemonic: String
    let rv64Only: Bool
    init(_ kind: Kind, _ mnemonic: String, rv64Only: Bool = false) {
        self.kind = kind
        self.mnemonic = mnemonic
        self.rv64Only = rv64Only
    }
}

@resultBuilder
public enum AsmBuilder {
    public static func buildExpression(_ s: AsmStatement) -> [AsmStatement] { [s] }
    public static func buildExpression(_ s: [AsmStatement]) -> [AsmStatement] { s }
    public static func buildExpression(_ l: Label) -> [AsmStatement] { [l.statement] }
    public static func buildBlock(_ parts: [AsmStatement]...) -> [AsmStatement] { parts.flatMap { $0 } }
    public static func buildOptional(_ s: [AsmStatement]?) -> [AsmStatement] { s ?? [] }
    public static func buildEither(first s: [AsmStatement]) -> [AsmStatement] { s }
    public static func buildEither(second s: [AsmStatement]) -> [AsmStatement] { s }
    public static func buildArray(_ s: [[AsmStatement]]) -> [AsmStatement] { s.flatMap { $0 } }
}

/// An assembly program. `assemble()` performs two passes (layout, then encoding).
public struct Program: Sendable {
    public let xlen: Int
    public let origin: UInt64
    public let statements: [AsmStatement]

    public init(xlen: Int = 32, origin: UInt64 = 0, @AsmBuilder _ body: () -> [AsmStatement]) {
        self.xlen = xlen
        self.origin = origin
        self.statements = body()
    }

    public init(xlen: Int = 32, origin: UInt64 = 0, statements: [AsmStatement]) {
        self.xlen = xlen
        self.origin = origin
        self.statements = statements
    }

    /// Label addresses.
    public func labels() throws -> [String: UInt64] {
        guard xlen == 32 || xlen == 64 else { throw AssemblerError.unsupportedXlen(xlen) }
        var table: [String: UInt64] = [:]
        var pc = origin
        for st in statements {
            if case let .label(name) = st.kind {
                guard table[name] == nil else { throw AssemblerError.duplicateLabel(name) }
                table[name] = pc
            } else {
                pc &+= UInt64(4 * size(st))
            }
        }
        return table
    }

    /// Assembled little-endian 32-bit words.
    public func assemble() throws -> [UInt32] {
        let table = try labels()
        var pc = origin
        var out: [UInt32] = []
        for st in statements {
            if case .label = st.kind { continue }
            let words = try encode(st, pc: pc, labels: table)
            out += words
            pc &+= UInt64(4 * words.count)
        }
        return out
    }

    /// Assembled bytes (little-endian).
    public func assembleBytes() throws -> [UInt8] {
        try assemble().flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> (8 * $0)) } }
    }

    // MARK: - Encoding

    private func size(_ st: AsmStatement) -> Int {
        switch st.kind {
        case .label: return 0
        case let .li(rd, v): return (try? Program.liSequence(rd: rd, value: v, xlen: xlen, mnemonic: "li").count) ?? 1
        case .la: return 2
        default: return 1
        }
    }

    static func check(_ v: Int64, _ r: ClosedRange<Int64>, _ m: String) throws {
        guard r.contains(v) else { throw AssemblerError.immediateOutOfRange(instruction: m, value: v, range: r) }
    }

    static func rType(_ op: UInt32, _ f3: UInt32, _ f7: UInt32, _ rd: UInt32, _ rs1: UInt32, _ rs2: UInt32) -> UInt32 {
        op | rd << 7 | f3 << 12 | rs1 << 15 | rs2 << 20 | f7 << 25
    }
    static func iType(_ op: UInt32, _ f3: UInt32, _ rd: Register, _ rs1: Register, _ imm: Int64) -> UInt32 {
        op | UInt32(rd.rawValue) << 7 | f3 << 12 | UInt32(rs1.rawValue) << 15 | (UInt32(truncatingIfNeeded: imm) & 0xFFF) << 20
    }

    /// GNU as `li` expansion (tc-riscv.c load_const): lui/addi(w) for 32-bit values, otherwise
    /// recursive build with slli/addi.
    static func liSequence(rd: Register, value: Int64, xlen: Int, mnemonic: String) throws -> [UInt32] {
        var v = value
        if xlen == 32 {
            try check(value, -0x8000_0000...0xFFFF_FFFF, mnemonic)
            v = Int64(Int32(truncatingIfNeeded: value))
        }
        var out: [UInt32] = []
        func load(_ v: Int64) {
            let lower = ((v & 0xFFF) ^ 0x800) - 0x800
            let upper = v &- lower
            if xlen > 32 && Int64(Int32(truncatingIfNeeded: v)) != v {
                var shift = 12
                while (UInt64(bitPattern: upper) >> UInt64(shift)) & 1 == 0 { shift += 1 }
                load(upper >> Int64(shift))
                out.append(iType(0x13, 1, rd, rd, Int64(shift)))
                if lower != 0 { out.append(iType(0x13, 0, rd, rd, lower)) }
            } else {
                // Like GNU as, the register (even x0) counts as "hi_reg" once lui is emitted.
                var hi = Register.zero
                if upper != 0 {
                    out.append(0x37 | UInt32(rd.rawValue) << 7 | (UInt32(truncatingIfNeeded: upper) & 0xFFFF_F000))
                    hi = rd
                }
                if lower != 0 || hi == .zero {
                    let op: UInt32 = xlen > 32 ? 0x1B : 0x13
                    out.append(iType(op, 0, rd, hi, lower))
                }
            }
        }
        // GNU as matches `li rd, imm12` as an alias of `addi rd, zero, imm12` before the macro.
        if (-2048...2047).contains(v) { return [iType(0x13, 0, rd, .zero, v)] }
        load(v)
        return out
    }

    private func offset(_ t: AsmTarget, pc: UInt64, labels: [String: UInt64], mnemonic: String) throws -> Int64 {
        switch t.kind {
        case let .offset(o): return o
        case let .label(l):
            guard let a = labels[l] else { throw AssemblerError.undefinedLabel(l, instruction: mnemonic) }
            var o = Int64(bitPattern: a &- pc)
            if xlen == 32 { o = Int64(Int32(truncatingIfNeeded: o)) }
            return o
        }
    }

    private func encode(_ st: AsmStatement, pc: UInt64, labels: [String: UInt64]) throws -> [UInt32] {
        let m = st.mnemonic
        if st.rv64Only && xlen != 64 { throw AssemblerError.requiresRV64(instruction: m) }
        func reg(_ r: Register) -> UInt32 { UInt32(r.rawValue) }
        switch st.kind {
        case .label: return []
        case let .data(w), let .fixed(w): return [w]
        case let .r(op, f3, f7, rd, rs1, rs2):
            return [Program.rType(op, f3, f7, reg(rd), reg(rs1), reg(rs2))]
        case let .i(op, f3, rd, rs1, imm):
            try Program.check(imm, -2048...2047, m)
            return [Program.iType(op, f3, rd, rs1, imm)]
        case let .shift(op, f3, hi, rd, rs1, shamt):
            let maxShamt: Int64 = (op == 0x1B || xlen == 32) ? 31 : 63
            try Program.check(shamt, 0...maxShamt, m)
            return [op | reg(rd) << 7 | f3 << 12 | reg(rs1) << 15 | UInt32(shamt) << 20 | hi << 25]
        case let .s(f3, rs2, rs1, imm):
            try Program.check(imm, -2048...2047, m)
            let u = UInt32(truncatingIfNeeded: imm) & 0xFFF
            return [0x23 | (u & 31) << 7 | f3 << 12 | reg(rs1) << 15 | reg(rs2) << 20 | (u >> 5) << 25]
        case let .b(f3, rs1, rs2, t):
            let o = try offset(t, pc: pc, labels: labels, mnemonic: m)
            guard o & 1 == 0 else { throw AssemblerError.misalignedTarget(instruction: m, target: t.description, offset: o) }
            guard (-4096...4094).contains(o) else {
                throw AssemblerError.targetOutOfRange(instruction: m, target: t.description, offset: o, range: -4096...4094)
            }
            let u = UInt32(truncatingIfNeeded: o)
            return [0x63 | ((u >> 11) & 1) << 7 | ((u >> 1) & 15) << 8 | f3 << 12 | reg(rs1) << 15
                | reg(rs2) << 20 | ((u >> 5) & 63) << 25 | ((u >> 12) & 1) << 31]
        case let .u(op, rd, imm):
            try Program.check(imm, -0x80000...0xFFFFF, m)
            return [op | reg(rd) << 7 | (UInt32(truncatingIfNeeded: imm) & 0xFFFFF) << 12]
        case let .jal(rd, t):
            let o = try offset(t, pc: pc, labels: labels, mnemonic: m)
            guard o & 1 == 0 else { throw AssemblerError.misalignedTarget(instruction: m, target: t.description, offset: o) }
            guard (-0x10_0000...0xF_FFFE).contains(o) else {
                throw AssemblerError.targetOutOfRange(instruction: m, target: t.description, offset: o, range: -0x10_0000...0xF_FFFE)
            }
            let u = UInt32(truncatingIfNeeded: o)
            return [0x6F | reg(rd) << 7 | (u & 0xFF000) | ((u >> 11) & 1) << 20 | ((u >> 1) & 0x3FF) << 21 | ((u >> 20) & 1) << 31]
        case let .csr(f3, rd, csr, src):
            return [0x73 | reg(rd) << 7 | f3 << 12 | src << 15 | UInt32(csr.rawValue & 0xFFF) << 20]
        case let .csrImm(f3, rd, csr, uimm):
            try Program.check(uimm, 0...31, m)
            return [0x73 | reg(rd) << 7 | f3 << 12 | UInt32(uimm) << 15 | UInt32(csr.rawValue & 0xFFF) << 20]
        case let .li(rd, v):
            return try Program.liSequence(rd: rd, value: v, xlen: xlen, mnemonic: m)
        case let .la(rd, l):
            let o = try offset(.label(l), pc: pc, labels: labels, mnemonic: m)
            let range: ClosedRange<Int64> = -0x8000_0800...0x7FFF_F7FF
            guard xlen == 32 || range.contains(o) else {
                throw AssemblerError.targetOutOfRange(instruction: m, target: l, offset: o, range: range)
            }
            let hi = (o &+ 0x800) >> 12
            let lo = o &- (hi << 12)
            return [0x17 | reg(rd) << 7 | (UInt32(truncatingIfNeeded: hi) & 0xFFFFF) << 12,
                    Program.iType(0x13, 0, rd, rd, lo)]
        }
    }
}
