/// All mutable architectural state of one hart, kept in a single heap struct reached through an
/// `UnsafeMutablePointer` so the interpreter loop pays no exclusivity checks or ARC traffic.
public struct HartState {
    public var pc: UInt64 = 0
    public var privilege: PrivilegeMode = .machine
    /// Retired-instruction count (minstret).
    public var instret: UInt64 = 0
    /// Traps taken (they advance mtime/mcycle but not minstret).
    public var trapCount: UInt64 = 0
    /// The interpreter loop enters its slow path (interrupts, stop requests, instruction limit)
    /// when `instret >= nextEventAt`.
    public var nextEventAt: UInt64 = 0
    public var instructionLimit: UInt64 = .max
    public var stopRequested = false
    public var exitCode: Int32 = 0
    public var stopMessage: String? = nil

    // CSRs (stored zero-extended to XLEN).
    public var mstatus: UInt64 = 0
    public var medeleg: UInt64 = 0, mideleg: UInt64 = 0
    public var mie: UInt64 = 0
    /// Software-writable pending bits (SSIP/STIP/SEIP); MTIP/MSIP come from the CLINT.
    public var mipSoftware: UInt64 = 0
    /// Co-simulation: the hart takes no interrupt by itself, only those `takeInterrupt` gives it
    /// (the moment an interrupt is taken is not architecturally fixed, so the RTL decides).
    public var interruptsFromOutside = false
    /// Page-table A/D bits: false (Svade, as the RTL and Spike do) makes A = 0, or a store with
    /// D = 0, a page fault; true sets them in the PTE during the walk, as qemu does.
    public var hardwareUpdatesAccessedDirty = false
    public var mtvec: UInt64 = 0, stvec: UInt64 = 0
    public var mepc: UInt64 = 0, sepc: UInt64 = 0
    public var mcause: UInt64 = 0, scause: UInt64 = 0
    public var mtval: UInt64 = 0, stval: UInt64 = 0
    public var mscratch: UInt64 = 0, sscratch: UInt64 = 0
    public var mcounteren: UInt64 = 0, scounteren: UInt64 = 0
    public var satp: UInt64 = 0
    /// The PMP entry (Spec's PMP): pmpcfg0[7:0] and pmpaddr0.
    public var pmpConfig: UInt8 = 0, pmpAddress: UInt64 = 0
    public var cycleOffset: UInt64 = 0, instretOffset: UInt64 = 0

    // CLINT state (owned here so the timer check needs no device call).
    /// Physical address of the ELF `tohost` symbol (riscv-tests convention), or .max.
    public var tohostAddress: UInt64 = .max

    public var mtimeOffset: UInt64 = 0
    public var mtimecmp: UInt64 = .max
    public var msip: Bool = false

    /// Fetch / data accesses take the checked path (translation, or PMP below M mode or under a
    /// locked entry), recomputed on every change of privilege, satp, mstatus or PMP, so the
    /// bare/M-mode fast path is a single flag test.
    public var fetchTranslates = false
    public var dataTranslates = false

    // Last memory access of the current instruction (for `RetirementRecord`).
    public var memAddress: UInt64 = 0
    public var memData: UInt64 = 0
    public var memSize: UInt8 = 0
    public var memIsWrite = false
    public var memIsDevice = false

    /// mtime: one tick per executed instruction (retired or trapped) plus software adjustments.
    public var mtime: UInt64 { instret &+ trapCount &+ mtimeOffset }
}
