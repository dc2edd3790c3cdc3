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

/// A unit's global memory instruction for the port (docs/GPU.md rule 5): its lanes in RAM (of those
/// that execute), their addresses and store data, how many lines they touch, and a load's rd.
public struct MemoryIssue: Bundle {
    public var valid = Signal(.bit), isLoad = Signal(.bit), funct3 = Signal(.uint(3)), rd = Signal(.uint(5)), warp: Signal
    public var lanes: Signal, lines = Signal(.uint(6)), address: [Signal], data: [Signal]
    public init(lanes: Int, warps: Int) {
        warp = Signal(.uint(bitsToRepresent(count: warps))); self.lanes = Signal(.uint(lanes))
        address = (0..<lanes).map { _ in Signal(.uint(32)) }; data = (0..<lanes).map { _ in Signal(.uint(32)) }
    }
}

/// Register values for the lanes in `lanes` of one warp (a load's write-back from the port).
public struct RegisterWrite: Bundle {
    public var valid = Signal(.bit), warp: Signal, rd = Signal(.uint(5)), lanes: Signal, data: [Signal]
    public init(lanes: Int, warps: Int) {
        warp = Signal(.uint(bitsToRepresent(count: warps))); self.lanes = Signal(.uint(lanes))
        data = (0..<lanes).map { _ in Signal(.uint(32)) }
    }
}

/// The GPU's port to a 32-byte line of RAM, from the GPU's side: a read, or a byte-masked write.
public struct LinePort: Bundle {
    public var valid = Output(.bit), write = Output(.bit), line = Output(.uint(27)), byteMask = Output(.uint(32))
    public var data: [Signal], readData: [Signal]
    public init() { data = (0..<8).map { _ in Output(.uint(32)) }; readData = (0..<8).map { _ in Input(.uint(32)) } }
}

/// A load's value from the word holding it: the byte, halfword or word at byte `offset`, extended as funct3 says.
func loadValue(_ word: Signal, _ offset: Signal, _ funct3: Signal) -> Signal {
    let v = word >> Cat(offset, Const(0, .uint(3)))
    let byte = Mux(funct3[2], v[7, 0].zeroExtended(to: 32), v[7, 0].signExtended(to: 32))
    let half = Mux(funct3[2], v[15, 0].zeroExtended(to: 32), v[15, 0].signExtended(to: 32))
    return Mux(funct3[1], v, Mux(funct3[0], half, byte))
}

/// The value whose select bit is set (select one-hot or zero; zero gives 0): an AND-OR mux.
func pick(_ select: [Signal], _ values: [Signal]) -> Signal {
    zip(select, values).map { Mux($0, $1, Const(0, $1.type)) }.reduce(Const(0, values[0].type)) { $0 | $1 }
}

/// A store's data placed in its word at byte `offset`, and the bytes it writes.
func storeLane(_ data: Signal, _ offset: Signal, _ funct3: Signal) -> (data: Signal, mask: Signal) {
    (data << Cat(offset, Const(0, .uint(3))), Mux(funct3[1], Const(15, .uint(4)), Mux(funct3[0], Const(3, .uint(4)), Const(1, .uint(4)))) << offset)
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
