/// Privileged-spec version that selects objdump's CSR names.
public enum AsmPrivSpec: String, Sendable, CaseIterable {
    /// objdump's default for objects without a priv-spec attribute (e.g. only `.insn`/raw words).
    case v1_12 = "1.12"
    /// What GNU as records by default when the source uses CSR instructions.
    case v1_11 = "1.11"
}

/// A control/status register number (12 bits) used by the assembler's Zicsr helpers.
/// Use the named constants (`.mstatus`, `.mtvec`, `.gpuTidX`, ...) or an integer literal.
public struct AsmCSR: RawRepresentable, Hashable, Sendable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public init(_ number: UInt16) { self.rawValue = number }
    public init(integerLiteral value: UInt16) { self.rawValue = value }

    /// Looks a CSR up by the name objdump uses for priv spec 1.12 or 1.11 (e.g. `senvcfg`,
    /// `ustatus`), or a GPU CSR name such as `gpu.tid.x`.
    public init?(name: String) {
        if let n = AsmCSR.byName[name] { self.rawValue = n; return }
        return nil
    }

    /// objdump name, or `0x...` if objdump knows no name for it.
    public var description: String { AsmCSR.objdumpName(rawValue) ?? "0x" + String(rawValue, radix: 16) }

    static let byName: [String: UInt16] = {
        var d: [String: UInt16] = [:]
        for (n, s) in objdumpNames1_11 { d[s] = n }
        for (n, s) in objdumpNames { d[s] = n }
        for (i, s) in gpuNames.enumerated() { d[s] = 0xCC0 + UInt16(i) }
        return d
    }()
    static let byNumber: [UInt16: String] = {
        var d: [UInt16: String] = [:]
        for (n, s) in objdumpNames { d[n] = s }
        return d
    }()
    static let byNumber1_11: [UInt16: String] = {
        var d: [UInt16: String] = [:]
        for (n, s) in objdumpNames1_11 { d[n] = s }
        return d
    }()
    static func objdumpName(_ n: UInt16, privSpec: AsmPrivSpec = .v1_12) -> String? {
        privSpec == .v1_12 ? byNumber[n] : byNumber1_11[n]
    }

    /// GPU CSR names for 0xCC0...0xCCA.
    public static let gpuNames: [String] = [
        "gpu.tid.x", "gpu.tid.y", "gpu.bid.x", "gpu.bid.y", "gpu.bdim.x", "gpu.bdim.y",
        "gpu.gdim.x", "gpu.gdim.y", "gpu.lane", "gpu.warp", "gpu.unit",
    ]

    // Floating point / user
    public static let fflags: AsmCSR = 0x001, frm: AsmCSR = 0x002, fcsr: AsmCSR = 0x003
    // Counters
    public static let cycle: AsmCSR = 0xC00, time: AsmCSR = 0xC01, instret: AsmCSR = 0xC02
    public static let cycleh: AsmCSR = 0xC80, timeh: AsmCSR = 0xC81, instreth: AsmCSR = 0xC82
    // Supervisor
    public static let sstatus: AsmCSR = 0x100, sie: AsmCSR = 0x104, stvec: AsmCSR = 0x105
    public static let scounteren: AsmCSR = 0x106, senvcfg: AsmCSR = 0x10A
    public static let sscratch: AsmCSR = 0x140, sepc: AsmCSR = 0x141, scause: AsmCSR = 0x142
    public static let stval: AsmCSR = 0x143, sip: AsmCSR = 0x144, satp: AsmCSR = 0x180
    // Machine
    public static let mstatus: AsmCSR = 0x300, misa: AsmCSR = 0x301, medeleg: AsmCSR = 0x302
    public static let mideleg: AsmCSR = 0x303, mie: AsmCSR = 0x304, mtvec: AsmCSR = 0x305
    public static let mcounteren: AsmCSR = 0x306, menvcfg: AsmCSR = 0x30A, mstatush: AsmCSR = 0x310
    public static let mcountinhibit: AsmCSR = 0x320
    public static let mscratch: AsmCSR = 0x340, mepc: AsmCSR = 0x341, mcause: AsmCSR = 0x342
    public static let mtval: AsmCSR = 0x343, mip: AsmCSR = 0x344
    public static let pmpcfg0: AsmCSR = 0x3A0, pmpaddr0: AsmCSR = 0x3B0
    public static let mcycle: AsmCSR = 0xB00, minstret: AsmCSR = 0xB02
    public static let mcycleh: AsmCSR = 0xB80, minstreth: AsmCSR = 0xB82
    public static let mvendorid: AsmCSR = 0xF11, marchid: AsmCSR = 0xF12, mimpid: AsmCSR = 0xF13
    public static let mhartid: AsmCSR = 0xF14
    // GPU (custom, read-only user CSRs)
    public static let gpuTidX: AsmCSR = 0xCC0, gpuTidY: AsmCSR = 0xCC1
    public static let gpuBidX: AsmCSR = 0xCC2, gpuBidY: AsmCSR = 0xCC3
    public static let gpuBdimX: AsmCSR = 0xCC4, gpuBdimY: AsmCSR = 0xCC5
    public static let gpuGdimX: AsmCSR = 0xCC6, gpuGdimY: AsmCSR = 0xCC7
    public static let gpuLane: AsmCSR = 0xCC8, gpuWarp: AsmCSR = 0xCC9, gpuUnit: AsmCSR = 0xCCA
}
