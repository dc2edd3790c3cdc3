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
        for port in gpu.fetch { port.word <== ram.read(port.address[ram.addressWidth + 1, 2]) }
        // The line port: 8 words read, or written with their byte masks.
        let words = (0..<8).map { j in Cat(gpu.line.line[ram.addressWidth - 4, 0], Const(j, .uint(3))) }
        for j in 0..<8 { gpu.line.readData[j] <== ram.read(words[j]) }
        When(gpu.line.valid && gpu.line.write) { for j in 0..<8 { ram.write(words[j], gpu.line.data[j], mask: gpu.line.byteMask[4 * j + 3, 4 * j]) } }
        for (pin, trace) in zip(io.trace, gpu.trace) { pin <== trace }
        io.busy <== gpu.busy
        io.done <== gpu.done
    }
}
