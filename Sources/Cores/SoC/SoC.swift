import HDL
import Spec

// The system on chip: the core, RAM and the devices on qemu virt's memory map (Spec's MemoryMap:
// RAM at 0x8000_0000, test finisher, CLINT, UART, SD card controller, the GPU unless `gpu` is nil;
// docs/MACHINE.md). Both CPU memory ports answer after `memoryLatency` cycles (0: in the same cycle,
// as a zero-wait memory); `dataLatency` gives the data port its own. The GPU has its own RAM ports.

public struct SoC: Module {
    public var xlen: Int
    public var ramBytes: Int
    public var memoryLatency: Int
    public var dataLatency: Int
    /// Test only: see `Core.faultAtOrder`.
    public var faultAtOrder: Int?
    /// The GPU at `MemoryMap.gpu`; nil builds the SoC without it (its window then faults).
    public var gpu: GPUConfig?
    /// Test only: see `GPU.faultAtIssue`.
    public var gpuFaultAtIssue: Int?
    public init(xlen: Int = 32, ramBytes: Int = Int(MemoryMap.defaultRAMSize), memoryLatency: Int = 0, dataLatency: Int? = nil, faultAtOrder: Int? = nil,
                gpu: GPUConfig? = GPUConfig(), gpuFaultAtIssue: Int? = nil) {
        self.xlen = xlen; self.ramBytes = ramBytes; self.memoryLatency = memoryLatency
        self.dataLatency = dataLatency ?? memoryLatency
        self.faultAtOrder = faultAtOrder; self.gpu = gpu; self.gpuFaultAtIssue = gpuFaultAtIssue
    }
    public var name: String {
        "SoC_xlen\(xlen)" + (ramBytes == Int(MemoryMap.defaultRAMSize) ? "" : "_ram\(ramBytes >> 10)k")
            + (memoryLatency > 0 ? "_latency\(memoryLatency)" : "") + (dataLatency != memoryLatency ? "_data\(dataLatency)" : "")
            + (faultAtOrder.map { "_fault\($0)" } ?? "") + (gpu.map { $0 == GPUConfig() ? "" : "_gpu\($0.moduleTag)" } ?? "_nogpu")
            + (gpuFaultAtIssue.map { "_gpufault\($0)" } ?? "")
    }

    /// The RAM's name in the design: runners load programs into it through the back door.
    public static let ramName = "ram"

    public struct IO: Bundle {
        public var uartTxValid = Output(.bit)       // a byte written to the UART's THR
        public var uartTxData = Output(.uint(8))
        public var finished = Output(.bit)          // the test finisher was written
        public var exitCode = Output(.uint(16))
        public var retire: Valid<RetirementBundle>
        public var counters = Output(PerformanceCounterBundle())
        public var sd = SPIPins()                   // the SD card slot
        public var gpuTrace: [Valid<GPUTraceRecord>]  // the GPU's issue trace, a record per unit (none without a GPU)
        public var gpuDone = Output(.bit)           // a GPU launch ended (for one cycle)
        init(xlen: Int, gpu: GPUConfig?) {
            retire = Valid(RetirementBundle(xlen: xlen))
            gpuTrace = (0..<(gpu?.units ?? 0)).map { _ in Valid(GPUTraceRecord(lanes: gpu?.lanes ?? 0)) }
        }
    }
    public var io: IO { IO(xlen: xlen, gpu: gpu) }

    public func body(_ io: IO) -> [Statement] {
        let lanes = xlen / 8
        let laneBits = lanes.trailingZeroBitCount
        let ram = Memory(.uint(xlen), depth: ramBytes / lanes, named: SoC.ramName)
        let ramIndexBits = ram.addressWidth
        let core = Instance(Core(xlen: xlen, ramBytes: ramBytes, faultAtOrder: faultAtOrder, devices: MemoryMap.socDevices(gpu: gpu != nil)))
        let clint = Instance(CLINT(xlen: xlen))
        let serial = Instance(UART16550(xlen: xlen))
        let finisher = Instance(Finisher(xlen: xlen))
        let sd = Instance(SDController(xlen: xlen))
        core.mtip <== clint.mtip
        core.msip <== clint.msip
        core.time <== clint.time
        io.retire <== core.retire
        io.counters <== core.counters
        io.uartTxValid <== serial.tx.valid
        io.uartTxData <== serial.tx.bits
        io.finished <== finisher.finished
        io.exitCode <== finisher.exitCode
        io.sd.sclk <== sd.pins.sclk
        io.sd.mosi <== sd.pins.mosi
        io.sd.csN <== sd.pins.csN
        sd.pins.miso <== io.sd.miso

        // Instruction port: RAM only.
        let fetch = core.imem.request
        let fetchWord = Wire(ram.read(fetch.bits.address[ramIndexBits + laneBits - 1, laneBits]))
        let instruction = Wire(xlen == 64 ? Mux(fetch.bits.address[2], fetchWord[63, 32], fetchWord[31, 0]) : fetchWord)
        respond(core.imem, instruction, latency: memoryLatency)

        // Data port: decode the address into RAM or a device window.
        let data = core.dmem.request
        let address = data.bits.address
        let inRAM = Wire(MemoryMap.ramWindow.contains(address))
        let inCLINT = Wire(MemoryMap.clint.contains(address))
        let inUART = Wire(MemoryMap.uart.contains(address))
        let inFinisher = Wire(MemoryMap.testFinisher.contains(address))
        let inSD = Wire(MemoryMap.sd.contains(address))
        let accepted = Wire(data.valid && data.ready)
        let ramIndex = Wire(address[ramIndexBits + laneBits - 1, laneBits])
        When(accepted && data.bits.write && inRAM) {
            ram.write(ramIndex, data.bits.writeData, mask: data.bits.mask)
        }
        // The GPU: launch registers on the bus, its own RAM ports (after the CPU's write), the trace out.
        let gpuUnit = gpu.map { Instance(GPU(config: $0, xlen: xlen, ramBytes: ramBytes, faultAtIssue: gpuFaultAtIssue)) }
        let inGPU = Wire(gpu == nil ? Const(0, .bit) : MemoryMap.gpu.contains(address))
        if let gpuUnit {
            gpuUnit.attach(to: ram, xlen: xlen)
            for (pin, trace) in zip(io.gpuTrace, gpuUnit.trace) { pin <== trace }
        }
        io.gpuDone <== (gpuUnit?.done ?? Const(0, .bit))
        let devices = [(clint.bus, inCLINT), (serial.bus, inUART), (finisher.bus, inFinisher), (sd.bus, inSD)] + (gpuUnit.map { [($0.bus, inGPU)] } ?? [])
        for (device, selected) in devices {
            device.select <== accepted && selected
            device.write <== data.bits.write
            device.offset <== address[15, 0]
            device.writeData <== data.bits.writeData
            device.mask <== data.bits.mask
        }
        let deviceData = Mux(inSD, sd.bus.readData, gpuUnit.map { Mux(inGPU, $0.bus.readData, finisher.bus.readData) } ?? finisher.bus.readData)
        let readData = Wire(Mux(inRAM, ram.read(ramIndex), Mux(inCLINT, clint.bus.readData, Mux(inUART, serial.bus.readData, deviceData))))
        respond(core.dmem, readData, latency: dataLatency)
    }

    /// Answers a port's requests with `value` (computed when the request is accepted) after
    /// `latency` cycles, one request at a time.
    @LogicBuilder func respond(_ port: MemoryPort, _ value: Signal, latency memoryLatency: Int) -> [Statement] {
        if memoryLatency == 0 {
            port.request.ready <== 1
            port.response.valid <== port.request.valid
            port.response.bits <== value
        } else {
            let valid = Regs(memoryLatency, .bit, reset: 0)
            let held = Regs(memoryLatency, value.type, reset: 0)
            port.request.ready <== !Cat(valid).orR()
            valid[0].next <== port.request.valid && port.request.ready
            held[0].next <== value
            for i in 1..<memoryLatency {
                valid[i].next <== valid[i - 1]
                held[i].next <== held[i - 1]
            }
            port.response.valid <== valid[memoryLatency - 1]
            port.response.bits <== held[memoryLatency - 1]
        }
    }
}
