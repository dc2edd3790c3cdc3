// GPULaunch / GPUResult: what a kernel launch asks for (the launch registers of the ABI) and what
// it produced (status, error cause/pc/address, cycles and the counters the benchmarks print).
import Spec

/// Parameters of one launch, as written to the launch registers at 0x1003_0000.
public struct GPULaunch: Sendable, Equatable {
    public var entry: UInt32
    public var arg: UInt32
    public var gridX: UInt32, gridY: UInt32
    public var blockX: UInt32, blockY: UInt32
    public var stackBase: UInt32, stackSize: UInt32

    public init(entry: UInt32, arg: UInt32 = 0, grid: (UInt32, UInt32) = (1, 1), block: (UInt32, UInt32) = (1, 1),
                stackBase: UInt32 = 0, stackSize: UInt32 = 0) {
        self.entry = entry; self.arg = arg
        gridX = grid.0; gridY = grid.1; blockX = block.0; blockY = block.1
        self.stackBase = stackBase; self.stackSize = stackSize
    }
}

/// A launch's error, as ERROR_CAUSE / ERROR_PC / ERROR_ADDR report it.
public struct GPUError: Sendable, Equatable, CustomStringConvertible {
    public var cause: UInt32
    public var pc: UInt32
    public var address: UInt32
    public init(cause: UInt32, pc: UInt32, address: UInt32) { self.cause = cause; self.pc = pc; self.address = address }
    public var description: String {
        "cause \(cause) pc 0x\(String(pc, radix: 16)) address 0x\(String(address, radix: 16))"
    }
}

/// One entry of the issue timeline: in `cycle`, `unit` issued the instruction at `pc` of `warp` on
/// the lanes in `mask`. Faulting issues are recorded too. `description` is the one text form the
/// model and the RTL's trace port both print.
public struct GPUIssue: Sendable, Equatable, CustomStringConvertible {
    public var cycle: UInt64
    public var unit: Int
    public var warp: Int
    /// The PC issued.
    public var pc: UInt32
    /// The lanes issued (the threads at the warp's selected PC): bit i = lane i. Lanes 64 and up
    /// (possible only with more than 64 lanes) have no bit; `active` counts them.
    public var mask: UInt64
    /// Number of lanes issued.
    public var active: Int

    public init(cycle: UInt64, unit: Int, warp: Int, pc: UInt32, mask: UInt64, active: Int) {
        self.cycle = cycle; self.unit = unit; self.warp = warp; self.pc = pc; self.mask = mask; self.active = active
    }

    /// `cycle 611 unit 0 warp 2 pc 0x80800104 mask 0xff`
    public var description: String {
        "cycle \(cycle) unit \(unit) warp \(warp) pc 0x\(String(pc, radix: 16)) mask 0x\(String(mask, radix: 16))"
    }
}

/// Outcome and counters of one launch.
public struct GPUResult: Sendable {
    public var error: GPUError?
    /// Cycles from start to done (the CYCLES register).
    public var cycles: UInt64 = 0
    /// Warp-instructions issued (all units).
    public var warpInstructions: UInt64 = 0
    /// Thread-instructions executed (sum of active lanes over issued warp-instructions).
    public var threadInstructions: UInt64 = 0
    /// Global-memory transactions (one per distinct aligned 32-byte line per warp-instruction).
    public var transactions: UInt64 = 0
    /// Warp-instructions that accessed shared memory only.
    public var sharedAccesses: UInt64 = 0
    /// Thread-level dp4a operations (4 MACs each).
    public var dp4aOps: UInt64 = 0
    /// Issued warp-instructions per unit.
    public var issuedPerUnit: [UInt64] = []
    /// Issue timeline of the first `GPUModel.traceCycles` cycles (empty unless asked for).
    public var timeline: [GPUIssue] = []
    /// Start addresses of the 4 KiB RAM pages the launch's global stores wrote, ascending (also
    /// the stores of a launch that then faulted). Shared-memory stores are not in RAM.
    public var writtenPages: [UInt64] = []

    public var ok: Bool { error == nil }
    /// Warp-instructions per cycle over the whole GPU (at most C).
    public var ipc: Double { cycles == 0 ? 0 : Double(warpInstructions) / Double(cycles) }
}
