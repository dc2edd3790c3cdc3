// GPUConfig: the shape (C units x W warps x T lanes), shared-memory size, divergence policy and
// timing parameters of the SIMT GPU, one definition for the Swift model (Sources/Sim/GPU) and the
// hardware (Sources/Cores). The timing rules that use these numbers are stated in docs/GPU.md.

/// How a warp picks which of its threads run when they diverge.
public enum DivergencePolicy: String, Sendable, CaseIterable {
    /// The ABI rule: the smallest PC among the warp's live, non-waiting threads.
    case minPC = "minpc"
    /// Simty's refinement: the deepest call depth first, then the smallest PC.
    case depthThenMinPC = "depth"
}

public struct GPUConfig: Sendable, Equatable {
    public var units: Int
    public var warps: Int
    public var lanes: Int
    /// Bytes of shared memory per unit, seen at `sharedBase`.
    public var sharedMemorySize: Int
    public var policy: DivergencePolicy
    // Latencies: an instruction issued in cycle c makes its destination register ready (for the
    // scoreboard) at c + latency. They do not delay the warp's own next issue, which is c + 1 for
    // everything but global memory operations.
    /// ALU ops, lui/auipc, jal/jalr links, CSR reads, dp4a.
    public var aluLatency: Int
    /// mul/mulh/mulhsu/mulhu.
    public var mulLatency: Int
    /// div/divu/rem/remu. Also how long the unit's one divider stays busy: the next div or rem of
    /// any warp of the unit issues at c + divLatency at the earliest. The default 34 is the worst
    /// case of the CPU's iterative divider (done at start + 33), which the RTL uses per lane.
    public var divLatency: Int
    /// A load whose lanes all hit shared memory.
    public var sharedLatency: Int
    /// A global load: its destination is ready this many cycles after the cycle its last
    /// transaction used the port (s + n - 1 + globalLatency, docs/GPU.md rule 5).
    public var globalLatency: Int
    /// A launch still running after this many cycles stops with `GPUCause.cycleLimit`.
    public var maxCycles: UInt64

    public static let sharedBase = UInt32(MemoryMap.gpuSharedBase)

    public init(units: Int = 2, warps: Int = 4, lanes: Int = 8, sharedMemorySize: Int = 16 << 10,
                policy: DivergencePolicy = .minPC, aluLatency: Int = 1, mulLatency: Int = 2,
                divLatency: Int = 34, sharedLatency: Int = 2, globalLatency: Int = 12,
                maxCycles: UInt64 = 200_000_000) {
        precondition((1...255).contains(units) && (1...255).contains(warps) && (1...255).contains(lanes),
                     "units, warps and lanes must be 1...255 (CONFIG register fields)")
        precondition(sharedMemorySize >= 0 && sharedMemorySize <= 1 << 28)
        self.units = units; self.warps = warps; self.lanes = lanes
        self.sharedMemorySize = sharedMemorySize; self.policy = policy
        self.aluLatency = aluLatency; self.mulLatency = mulLatency; self.divLatency = divLatency
        self.sharedLatency = sharedLatency; self.globalLatency = globalLatency; self.maxCycles = maxCycles
    }

    /// Peak int8 MACs per cycle: one dp4a (4 MACs per lane) issued per unit per cycle.
    public var peakMACsPerCycle: Int { units * lanes * 4 }
    /// Threads one block may have at most.
    public var maxBlockThreads: Int { warps * lanes }
    /// The CONFIG launch register's fields (8 bits each): C at bit 0, W at bit 8, T at bit 16.
    public static let configUnitsShift = 0, configWarpsShift = 8, configLanesShift = 16
    public var configRegister: UInt32 {
        UInt32(units) << Self.configUnitsShift | UInt32(warps) << Self.configWarpsShift | UInt32(lanes) << Self.configLanesShift
    }
}
