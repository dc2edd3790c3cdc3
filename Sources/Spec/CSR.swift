// CSR numbers, written once for the RTL's CSR file, the ISA model, the disassembler and the GPU:
// the privileged-spec CSRs this machine implements, and the GPU lanes' read-only CSRs (the GPU
// kernel ABI, docs/MACHINE.md). A case's name is the spec's (and objdump's) name for it.

/// The CSRs the CPU implements (RV32 and RV64; the `…h` halves exist on RV32 only).
public enum CSR: UInt16, CaseIterable, Sendable {
    case sstatus = 0x100, sie = 0x104, stvec = 0x105, scounteren = 0x106, senvcfg = 0x10A
    case sscratch = 0x140, sepc = 0x141, scause = 0x142, stval = 0x143, sip = 0x144
    case satp = 0x180
    case mstatus = 0x300, misa = 0x301, medeleg = 0x302, mideleg = 0x303, mie = 0x304, mtvec = 0x305
    case mcounteren = 0x306, menvcfg = 0x30A, mstatush = 0x310, mcountinhibit = 0x320
    case pmpcfg0 = 0x3A0, pmpaddr0 = 0x3B0           // PMP entry 0 (Spec's PMP); entries 1-15 read zero
    case mscratch = 0x340, mepc = 0x341, mcause = 0x342, mtval = 0x343, mip = 0x344
    case mcycle = 0xB00, minstret = 0xB02, mcycleh = 0xB80, minstreth = 0xB82
    case cycle = 0xC00, time = 0xC01, instret = 0xC02, cycleh = 0xC80, timeh = 0xC81, instreth = 0xC82
    case mvendorid = 0xF11, marchid = 0xF12, mimpid = 0xF13, mhartid = 0xF14, mconfigptr = 0xF15

    /// CSRs that exist but read as zero and ignore writes (WARL fields the spec allows to be
    /// read-only zero), in the RTL and the ISA model alike: PMP entries 1-15 (pmpcfg0 and pmpaddr0
    /// hold entry 0; RV64 has only the even pmpcfg registers), the hardware performance monitors
    /// (mhpmcounter3-31, mhpmevent3-31), the trigger module with no triggers (tselect, tdata1-3: "no
    /// triggers" for debuggers and riscv-tests' breakpoint), menvcfg/senvcfg, mcountinhibit; on RV32
    /// also menvcfgh and the counters' high halves.
    public static func readsZero(xlen: Int) -> [ClosedRange<UInt16>] {
        let pmpcfg: [ClosedRange<UInt16>] = xlen == 32 ? [0x3A1...0x3AF] : stride(from: 0x3A2, through: 0x3AE, by: 2).map { $0...$0 }
        var ranges: [ClosedRange<UInt16>] = pmpcfg + [0x3B1...0x3EF, 0xB03...0xB1F, 0x323...0x33F, 0x7A0...0x7A3,
                                                      0x30A...0x30A, 0x10A...0x10A, 0x320...0x320]
        if xlen == 32 { ranges += [0xB83...0xB9F, 0x31A...0x31A] }
        return ranges
    }

    /// The CSR number as an `Int` (for hardware constants).
    public var number: Int { Int(rawValue) }

    /// Counters and the pending-interrupt bits: their values depend on timing (how many cycles
    /// have passed, when a timer fired), so a co-simulation takes them from the RTL.
    public static let timingDependent: Set<CSR> = [.mcycle, .minstret, .mcycleh, .minstreth, .cycle, .time, .instret,
                                                   .cycleh, .timeh, .instreth, .mip, .sip]
}

/// The GPU lanes' read-only CSRs (user level, 0xCC0-0xCCA). On the CPU they are illegal.
public enum GPUCSR: UInt16, CaseIterable, Sendable {
    case tidX = 0xCC0, tidY = 0xCC1, bidX = 0xCC2, bidY = 0xCC3, bdimX = 0xCC4, bdimY = 0xCC5
    case gdimX = 0xCC6, gdimY = 0xCC7, lane = 0xCC8, warp = 0xCC9, unit = 0xCCA

    public static let range: ClosedRange<UInt16> = tidX.rawValue...unit.rawValue
}
