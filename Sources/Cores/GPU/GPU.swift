import HDL
import Spec

// GPU: the SIMT GPU of docs/GPU.md in hardware: launch control, block dispatch, the compute units
// and the error capture; the launch registers on a device bus, a fetch port per warp of each unit
// (a RAM read port each), the memory port's line port and an issue trace per unit. Cycle-exact with the model (Sources/Sim/GPU).

public struct GPU: Module {
    public var config: GPUConfig
    public var xlen: Int
    public var ramBytes: Int
    /// Test only: flips lane 0's bit of the mask in unit 0's trace record number `faultAtIssue` (from 0,
    /// since reset), so tests can check that co-simulation catches a wrong issue (as `Core.faultAtOrder`).
    public var faultAtIssue: Int?
    public init(config: GPUConfig = GPUConfig(), xlen: Int = 32, ramBytes: Int = Int(MemoryMap.defaultRAMSize), faultAtIssue: Int? = nil) {
        let smem = config.sharedMemorySize
        precondition(config.lanes <= 32 && config.warps <= 16 && config.maxCycles < 1 << 31 && config.aluLatency >= 1
                     && (2...3).contains(config.mulLatency) && config.divLatency >= 34 && config.sharedLatency >= 1 && config.globalLatency >= 2
                     && (smem == 0 || (smem >= 8 && smem & (smem - 1) == 0)),
                     "the GPU RTL needs lanes <= 32, warps <= 16, maxCycles < 2^31, aluLatency >= 1, mulLatency 2 or 3, divLatency >= 34, "
                     + "sharedLatency >= 1, globalLatency >= 2 and sharedMemorySize 0 or a power of two >= 8")
        self.config = config; self.xlen = xlen; self.ramBytes = ramBytes; self.faultAtIssue = faultAtIssue
    }
    public var name: String { "GPU_\(config.moduleTag)_xlen\(xlen)_ram\(ramBytes >> 10)k" + (faultAtIssue.map { "_fault\($0)" } ?? "") }

    public struct IO: Bundle {
        public var bus: DeviceBus                                  // the launch registers' window
        public var fetch: [FetchPort], trace: [Valid<GPUTraceRecord>]   // warp w of unit u at u x W + w; per unit
        public var line = LinePort()                               // global loads and stores, a 32-byte line per cycle
        public var busy = Output(.bit), done = Output(.bit)        // done: for one cycle, once a launch has ended
        init(config: GPUConfig, xlen: Int) {
            bus = DeviceBus(xlen: xlen)
            fetch = (0..<config.units * config.warps).map { _ in FetchPort() }
            trace = (0..<config.units).map { _ in Valid(GPUTraceRecord(lanes: config.lanes)) }
        }
    }
    public var io: IO { IO(config: config, xlen: xlen) }

    public func body(_ io: IO) -> [Statement] {
        let launch = Instance(LaunchControl(config: config, xlen: xlen))
        let dispatch = Instance(BlockDispatch(config: config))
        let errors = Instance(ErrorCapture(units: config.units))
        let port = Instance(GlobalMemoryPort(config: config))
        for (p, value) in [(io.line.valid, port.line.valid), (io.line.write, port.line.write), (io.line.line, port.line.line),
                           (io.line.byteMask, port.line.byteMask)] + zip(io.line.data, port.line.data).map({ ($0, $1) })
                           + zip(port.line.readData, io.line.readData).map({ ($0, $1) }) { p <== value }
        for (p, value) in [(port.now, launch.now), (port.start, launch.start), (launch.portIdle, port.idle), (launch.memFree, port.memFree)] { p <== value }
        let p = launch.params
        launch.bus.connect(to: io.bus)
        io.busy <== launch.busy
        io.done <== launch.done
        for (port, value) in [(dispatch.stackBase, p.stackBase), (dispatch.stackSize, p.stackSize), (dispatch.start, launch.start),
                              (dispatch.running, launch.running)] { port <== value }
        dispatch.shape <== p.shape
        var free: [Signal] = []
        for u in 0..<config.units {
            let unit = Instance(ComputeUnit(config: config, ramBytes: ramBytes), named: "unit\(u)")
            for (port, value) in [(unit.now, launch.now), (unit.start, launch.start), (unit.running, launch.running), (unit.entry, p.entry),
                                  (unit.arg, p.arg), (unit.issueEnable, errors.issueEnable[u]), (unit.unit, Const(u, .uint(8))),
                                  (unit.dispatch, dispatch.dispatch[u]), (dispatch.free[u], unit.free)] { port <== value }
            unit.shape <== p.shape
            unit.block <== dispatch.block[u]
            unit.table <== dispatch.table
            for (w, port) in unit.fetch.enumerated() {
                io.fetch[u * config.warps + w].address <== port.address
                port.word <== io.fetch[u * config.warps + w].word
            }
            errors.faults[u] <== unit.fault
            port.issues[u] <== unit.memory
            unit.grant <== port.grants[u]
            for (p, value) in [(unit.load.valid, port.load.valid && port.loadUnit == Const(u, .uint(8))), (unit.load.warp, port.load.warp), (unit.load.rd, port.load.rd),
                               (unit.load.lanes, port.load.lanes)] + zip(unit.load.data, port.load.data).map({ ($0, $1) }) { p <== value }
            io.trace[u] <== unit.trace
            if u == 0, let k = faultAtIssue {
                let issues = Reg(.uint(32), reset: 0)
                When(unit.trace.valid) { issues.next <== issues + 1 }
                When(issues == Const(k, .uint(32))) { io.trace[u].bits.mask <== unit.trace.bits.mask ^ Const(1, .uint(config.lanes)) }
            }
            free.append(unit.free)
        }
        launch.allFree <== Cat(free).andR()
        launch.blocksLeft <== dispatch.blocksLeft
        launch.fault <== errors.fault
    }
}
