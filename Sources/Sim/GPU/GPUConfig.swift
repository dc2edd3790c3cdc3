// GPUConfig: the shape (C units x W warps x T lanes), shared-memory size and timing parameters of
// the SIMT GPU model. The timing rules that use these numbers are stated in docs/GPU.md.
import Spec

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
    /// Cycles before a warp may issue again after an ALU, branch, CSR, dp4a, fence or barrier op.
    public var aluLatency: Int
    /// ... after mul/mulh/mulhsu/mulhu.
    public var mulLatency: Int
    /// ... after div/divu/rem/remu.
    public var divLatency: Int
    /// ... after a load or store whose lanes all hit shared memory.
    public var sharedLatency: Int
    /// ... after a global load or store, counted from the cycle its last transaction left the port.
    public var globalLatency: Int
    /// A launch still running after this many cycles stops with `GPUCause.cycleLimit`.
    public var maxCycles: UInt64

    public static let sharedBase = UInt32(MemoryMap.gpuSharedBase)

    public init(units: Int = 2, warps: Int = 4, lanes: Int = 8, sharedMemorySize: Int = 16 << 10,
                policy: DivergencePolicy = .minPC, aluLatency: Int = 1, mulLatency: Int = 2,
                divLatency: Int = 16, sharedLatency: Int = 2, globalLatency: Int = 12,
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
    /// The CONFIG launch register: C in bits 7:0, W in 15:8, T in 23:16.
    public var configRegister: UInt32 { UInt32(units) | UInt32(warps) << 8 | UInt32(lanes) << 16 }
}
