// The GPU's launch registers and error causes: the host side of the GPU kernel ABI
// (docs/MACHINE.md). The registers sit in `MemoryMap.gpu`, 32 bits each.

public enum GPULaunchRegisters {
    public static let entry: UInt64 = 0x00, arg: UInt64 = 0x04, gridX: UInt64 = 0x08, gridY: UInt64 = 0x0C
    public static let blockX: UInt64 = 0x10, blockY: UInt64 = 0x14, stackBase: UInt64 = 0x18, stackSize: UInt64 = 0x1C
    /// Write 1: start a launch (ignored while busy, as every launch-register write is).
    public static let control: UInt64 = 0x20
    /// Bit 0 busy, bit 1 done, bit 2 error; done and error hold until the next start.
    public static let status: UInt64 = 0x24
    public static let errorCause: UInt64 = 0x28, errorPC: UInt64 = 0x2C, errorAddress: UInt64 = 0x30
    /// Cycles of the last launch, start to done.
    public static let cycles: UInt64 = 0x34
    /// Read-only: C in bits 7:0, W in 15:8, T in 23:16.
    public static let config: UInt64 = 0x38
}

/// STATUS bits.
public enum GPUStatus {
    public static let busy: UInt32 = 1, done: UInt32 = 2, error: UInt32 = 4
}

/// ERROR_CAUSE: the RISC-V exception code of what stopped the launch, or one of the GPU's own.
public enum GPUCause {
    public static let misalignedFetch = UInt32(ExceptionCause.instructionMisaligned.rawValue)
    public static let fetchAccess = UInt32(ExceptionCause.instructionAccessFault.rawValue)
    public static let illegalInstruction = UInt32(ExceptionCause.illegalInstruction.rawValue)
    public static let misalignedLoad = UInt32(ExceptionCause.loadMisaligned.rawValue)
    public static let loadAccess = UInt32(ExceptionCause.loadAccessFault.rawValue)
    public static let misalignedStore = UInt32(ExceptionCause.storeMisaligned.rawValue)
    public static let storeAccess = UInt32(ExceptionCause.storeAccessFault.rawValue)
    /// A block larger than W x T threads, or an empty grid or block.
    public static let badLaunch: UInt32 = 24
    /// The launch ran longer than its cycle limit (a runaway or deadlocked kernel).
    public static let cycleLimit: UInt32 = 25
}
