import HDL
import Spec

// The system on chip: the core, RAM and the devices on qemu virt's memory map (Spec's MemoryMap:
// RAM at 0x8000_0000, test finisher, CLINT, UART, SD card controller; docs/MACHINE.md). Both memory ports
// answer after `memoryLatency` cycles (0: in the same cycle, as a zero-wait memory); `dataLatency`
// gives the data port its own.

public struct SoC: Module {
    public var xlen: Int
    public var ramBytes: Int
    public var memoryLatency: Int
    public var dataLatency: Int
    /// Test only: see `Core.faultAtOrder`.
    public var faultAtOrder: Int?
    public init(xlen: Int = 32, ramBytes: Int = Int(MemoryMap.defaultRAMSize), memoryLatency: Int = 0, dataLatency: Int? = nil, faultAtOrder: Int? = nil) {
        self.xlen = xlen; self.ramBytes = ramBytes; self.memoryLatency = memoryLatency
        self.dataLatency = dataLatency ?? memoryLatency
        self.faultAtOrder = faultAtOrder
    }
    public var name: String {
        "SoC_xlen\(xlen)" + (ramBytes == Int(MemoryMap.defaultRAMSize) ? "" : "_ram\(ramBytes >> 10)k")
            + (memoryLatency > 0 ? "_latency\(memoryLatency)" : "") + (dataLatency != memoryLatency ? "_data\(dataLatency)" : "")
            + (faultAtOrder.map { "_fault\($0)" } ?? "")
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
        init(xlen: Int) { retire = Valid(RetirementBundle(xlen: xlen)) }
    }
    public var io: IO { IO(xlen: xlen) }

    public func body(_ io: IO) -> [Statement] {
        let lanes = xlen / 8
        let laneBits = lanes.trailingZeroBitCount
        let ram = Memory(.uint(xlen), depth: ramBytes / lanes, named: SoC.ramName)
        let ramIndexBits = ram.addressWidth
        let core = Instance(Core(xlen: xlen, ramBytes: ramBytes, faultAtOrder: faultAtOrder))
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
        for (device, selected) in [(clint.bus, inCLINT), (serial.bus, inUART), (finisher.bus, inFinisher), (sd.bus, inSD)] {
            device.select <== accepted && selected
            device.write <== data.bits.write
            device.offset <== address[15, 0]
            device.writeData <== data.bits.writeData
            device.mask <== data.bits.mask
        }
        let readData = Wire(Mux(inRAM, ram.read(ramIndex), Mux(inCLINT, clint.bus.readData,
                            Mux(inUART, serial.bus.readData, Mux(inSD, sd.bus.readData, finisher.bus.readData)))))
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
