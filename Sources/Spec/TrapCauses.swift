// Trap causes as mcause/scause report them, and the interrupt numbers (bit positions in mip and
// mie), from the RISC-V privileged spec; shared by the RTL, the ISA model and the runners.

/// Synchronous exception codes (mcause with the interrupt bit clear).
public enum ExceptionCause: UInt64, Sendable, CaseIterable {
    case instructionMisaligned = 0, instructionAccessFault = 1, illegalInstruction = 2, breakpoint = 3
    case loadMisaligned = 4, loadAccessFault = 5, storeMisaligned = 6, storeAccessFault = 7
    case ecallFromU = 8, ecallFromS = 9, ecallFromM = 11
    case instructionPageFault = 12, loadPageFault = 13, storePageFault = 15

    /// The code as an `Int` (for hardware constants).
    public var code: Int { Int(rawValue) }
}

/// Interrupt numbers (bit positions in mip/mie; mcause's code with the interrupt bit set).
public enum InterruptNumber {
    public static let supervisorSoftware: UInt64 = 1
    public static let machineSoftware: UInt64 = 3
    public static let supervisorTimer: UInt64 = 5
    public static let machineTimer: UInt64 = 7
    public static let supervisorExternal: UInt64 = 9
    public static let machineExternal: UInt64 = 11
}

/// Which interrupt and exception bits exist in this machine's mie/mip, mideleg and medeleg.
public enum TrapMasks {
    /// mie/mip: MEI, SEI, MTI, STI, MSI, SSI.
    public static let interrupts: UInt64 = 0xAAA
    /// The supervisor ones, which mideleg can delegate (and software may set in mip).
    public static let supervisorInterrupts: UInt64 = 0x222
    /// medeleg: every exception but ecall from M and the reserved codes 10 and 14.
    public static let delegableExceptions: UInt64 = 0xB3FF
}
