// The machine's memory map, qemu `virt`'s for every device both have (docs/MACHINE.md). Programs
// from outside the project are written against it, so every address here is a fixed contract; the
// RTL's address decoder, the ISA model's bus and the runners all read it from this file.

/// A window of the physical address space: `size` bytes from `base` (a power of two, aligned).
public struct Region: Sendable, Equatable {
    public let base: UInt64
    public let size: UInt64
    public init(base: UInt64, size: UInt64) {
        precondition(size.nonzeroBitCount == 1 && base % size == 0, "a region is a power of two, aligned")
        self.base = base; self.size = size
    }
    /// The address bits below which a window's offsets lie (log2 of its size).
    public var offsetBits: Int { size.trailingZeroBitCount }
    public func contains(_ address: UInt64) -> Bool { address >= base && address - base < size }
}

public enum MemoryMap {
    /// SiFive test finisher (see `TestFinisherCodes`).
    public static let testFinisher = Region(base: 0x0010_0000, size: 0x1000)
    /// SiFive CLINT (see `CLINTRegisters`).
    public static let clint = Region(base: 0x0200_0000, size: 0x1_0000)
    /// NS16550A UART subset (see `UARTRegisters`).
    public static let uart = Region(base: 0x1000_0000, size: 0x1000)
    /// The SD card controller's registers (see `SDRegisters`).
    public static let sd = Region(base: 0x1002_0000, size: 0x1000)
    /// The GPU's launch registers (see `GPULaunchRegisters`).
    public static let gpu = Region(base: 0x1003_0000, size: 0x1000)
    /// The GPU lanes' shared memory (their own address space: the CPU does not see it).
    public static let gpuSharedBase: UInt64 = 0x7000_0000
    /// The upper half of the 32-bit space decodes to RAM; the reset pc is its first byte, in M mode.
    public static let ramWindow = Region(base: 0x8000_0000, size: 0x8000_0000)
    public static let ramBase = ramWindow.base
    /// RAM size in simulation, unless a run asks for another.
    public static let defaultRAMSize: UInt64 = 16 << 20
    public static let resetPC: UInt64 = ramBase
    /// The device windows the RTL SoC answers, with or without its GPU. An access to a physical
    /// address outside these and RAM is an access fault, in the RTL and the ISA model alike (the
    /// ISA model maps the GPU only when it is attached).
    public static func socDevices(gpu hasGPU: Bool = true) -> [Region] { [testFinisher, clint, uart, sd] + (hasGPU ? [gpu] : []) }
    /// Guest memory for Linux user-mode runs of the ISA model (allocated lazily).
    public static let defaultUserMemory: UInt64 = 256 << 20
}

/// The SiFive test finisher: a 32-bit store ends the run.
public enum TestFinisherCodes {
    /// Ends the run with exit code 0.
    public static let pass: UInt64 = 0x5555
    /// `fail | code << 16` ends the run with exit code `code`.
    public static let fail: UInt64 = 0x3333
}

/// Register offsets in the CLINT's window.
public enum CLINTRegisters {
    public static let msip: UInt64 = 0x0
    public static let mtimecmp: UInt64 = 0x4000
    public static let mtime: UInt64 = 0xBFF8
}

/// Register offsets in the SD card controller's window (an SPI master; the SD protocol is in C).
public enum SDRegisters {
    /// Write: send the low byte and receive one (an 8-bit exchange, MSB first, SPI mode 0).
    /// Read: the byte received by the last exchange.
    public static let data: UInt64 = 0x0
    /// Bit 0: chip select (1 drives the card's CS line low).
    public static let control: UInt64 = 0x4
    /// SCLK is the system clock / (2 × (DIVIDER + 1)); reset to `resetDivider`.
    public static let divider: UInt64 = 0x8
    /// Bit 0: BUSY, an exchange is under way (writes to every register are ignored meanwhile).
    public static let status: UInt64 = 0xC
    /// At the 50 MHz the simulated system clock counts as, 50 MHz / (2 × 63) ≈ 397 kHz: below the
    /// 400 kHz a card allows while it initialises.
    public static let resetDivider: UInt64 = 62
    public static let systemClockHz: UInt64 = 50_000_000
}

/// A bare-metal program's command line: the runners (`hdlgen sim/iss --args`) write a NUL-terminated
/// string into the ELF's `program_args` array (Software/lib/args.c) after loading it.
public enum ProgramArguments {
    public static let symbol = "program_args"
    public static let size = 256
}
