import HDL
import Spec

// The records that travel between the GPU's blocks (Sources/Cores/GPU, docs/GPU.md) and how its
// modules are named. Cycle values are launch-relative (cycle 0: the cycle after the CONTROL write).

/// The launch registers ENTRY ... STACK_SIZE, as LaunchControl holds them.
public struct LaunchParameters: Bundle {
    public var entry = Signal(.uint(32)), arg = Signal(.uint(32)), shape = LaunchShape()
    public var stackBase = Signal(.uint(32)), stackSize = Signal(.uint(32))
    public init() {}
    /// Each register with its offset in the GPU's window (Spec's GPULaunchRegisters).
    var byOffset: [(UInt64, Signal)] {
        let r = GPULaunchRegisters.self
        return [(r.entry, entry), (r.arg, arg), (r.gridX, shape.gridX), (r.gridY, shape.gridY), (r.blockX, shape.blockX),
                (r.blockY, shape.blockY), (r.stackBase, stackBase), (r.stackSize, stackSize)]
    }
}

/// The grid and block dimensions: dispatch walks them, the CSRs gdim/bdim report them.
public struct LaunchShape: Bundle {
    public var gridX = Signal(.uint(32)), gridY = Signal(.uint(32)), blockX = Signal(.uint(32)), blockY = Signal(.uint(32))
    public init() {}
}

/// What every block of a launch shares, per thread slot (warp x T + lane): whether a block has it,
/// its tid, and its sp's offset from the block's, slot x STACK_SIZE. Set when a launch starts.
public struct SlotTable: Bundle {
    public var present: Signal, tidX: [Signal], tidY: [Signal], spOffset: [Signal]
    public init(slots: Int) {
        present = Signal(.uint(slots))
        tidX = (0..<slots).map { _ in Signal(.uint(bitsToRepresent(count: slots))) }
        tidY = (0..<slots).map { _ in Signal(.uint(bitsToRepresent(count: slots))) }
        spOffset = (0..<slots).map { _ in Signal(.uint(32)) }
    }
}

/// What a unit takes with a block: its bid, and its thread 0's sp, STACK_BASE + (gtid + 1) x STACK_SIZE.
public struct BlockStart: Bundle {
    public var bidX = Signal(.uint(32)), bidY = Signal(.uint(32)), sp = Signal(.uint(32))
    public init() {}
}

/// One issued warp-instruction, faulting ones too (the model's `GPUIssue`).
public struct GPUTraceRecord: Bundle {
    public var cycle = Signal(.uint(32)), unit = Signal(.uint(8)), warp = Signal(.uint(8)), pc = Signal(.uint(32)), mask: Signal
    public init(lanes: Int) { mask = Signal(.uint(lanes)) }
}

/// A warp's instruction fetch, from the GPU's side: the pc out, the word there in.
public struct FetchPort: Bundle {
    public var address = Output(.uint(32)), word = Input(.uint(32))
    public init() {}
}

/// An error that ends the launch: what ERROR_CAUSE, ERROR_PC and ERROR_ADDR will say.
public struct GPUFault: Bundle {
    public var valid = Signal(.bit), cause = Signal(.uint(5)), pc = Signal(.uint(32)), address = Signal(.uint(32))
    public init() {}
}

extension GPUConfig {
    /// The configuration in a block's Verilog name (`c1w1t8_minpc`, then every other parameter
    /// that differs from the default), as `defaultModuleName` leaves out a struct parameter.
    var moduleTag: String {
        let d = GPUConfig()
        let rest = [("smem", sharedMemorySize, d.sharedMemorySize), ("alu", aluLatency, d.aluLatency), ("mul", mulLatency, d.mulLatency),
                    ("div", divLatency, d.divLatency), ("shl", sharedLatency, d.sharedLatency), ("gl", globalLatency, d.globalLatency),
                    ("max", Int(clamping: maxCycles), Int(clamping: d.maxCycles))].filter { $0.1 != $0.2 }.map { "_\($0.0)\($0.1)" }
        return "c\(units)w\(warps)t\(lanes)_\(policy.rawValue)" + rest.joined()
    }
}
