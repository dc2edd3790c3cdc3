import HDL
import Spec

// GPUHarness: the GPU alone, for tests and co-simulation (GPULockstep): a RAM holding kernels and
// data (`ram`, 32-bit words from 0x8000_0000, loaded through the back door) that the GPU's fetch
// ports read and its line port reads and writes, and the launch registers' bus, the issue trace and
// busy/done as pins.

public struct GPUHarness: Module {
    public var config: GPUConfig
    public var ramBytes: Int
    public init(config: GPUConfig = GPUConfig(), ramBytes: Int = Int(MemoryMap.defaultRAMSize)) {
        self.config = config; self.ramBytes = ramBytes
    }
    /// The second prebuilt harness (`gpu_harness_depth`): the depth-first policy, with a cycle limit
    /// low enough for a runaway kernel to end in a fraction of a second on Verilator.
    public static let depthFirst = GPUConfig(policy: .depthThenMinPC, maxCycles: 100_000)
    public var name: String { "GPUHarness_\(config.moduleTag)_ram\(ramBytes >> 10)k" }

    public struct IO: Bundle {
        public var bus = DeviceBus(xlen: 32)
        public var trace: [Valid<GPUTraceRecord>]
        public var busy = Output(.bit)
        public var done = Output(.bit)
        init(config: GPUConfig) { trace = (0..<config.units).map { _ in Valid(GPUTraceRecord(lanes: config.lanes)) } }
    }
    public var io: IO { IO(config: config) }

    public func body(_ io: IO) -> [Statement] {
        let ram = Memory(.uint(32), depth: ramBytes / 4, named: SoC.ramName)
        let gpu = Instance(GPU(config: config, xlen: 32, ramBytes: ramBytes))
        gpu.bus.connect(to: io.bus)
        gpu.attach(to: ram, xlen: 32)
        for (pin, trace) in zip(io.trace, gpu.trace) { pin <== trace }
        io.busy <== gpu.busy
        io.done <== gpu.done
    }
}
