/// RISC-V integer register, named by its ABI name (raw value = register number).
public enum Register: UInt8, CaseIterable, Sendable {
    case zero, ra, sp, gp, tp, t0, t1, t2, s0, s1
    case a0, a1, a2, a3, a4, a5, a6, a7
    case s2, s3, s4, s5, s6, s7, s8, s9, s10, s11
    case t3, t4, t5, t6

    /// Frame pointer, alias of `s0`.
    public static let fp: Register = .s0

    /// Register `x<n>`; `n` must be in 0...31.
    public static func x(_ n: Int) -> Register {
        precondition((0...31).contains(n), "register number out of range: x\(n)")
        return Register(rawValue: UInt8(n))!
    }

    /// ABI name as printed by GNU objdump (`zero`, `ra`, ..., `s0` for x8).
    public var abiName: String { Register.abiNames[Int(rawValue)] }

    static let abiNames: [String] = [
        "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1",
        "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7",
        "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11",
        "t3", "t4", "t5", "t6",
    ]

    static func name(_ n: UInt32) -> String { abiNames[Int(n & 31)] }
}
