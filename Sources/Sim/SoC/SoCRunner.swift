import Cores
import Foundation
import GPU
import HDL
import RTLSim
import ISA
import SDCard
import Spec

/// Runs a bare-metal ELF on the SoC in a simulator (either backend): loads it into RAM through the
/// back door, resets the core at 0x8000_0000, copies UART bytes out as they come, and stops at the
/// test finisher, at a `tohost` write, or after `maxCycles`. Optionally traces every retired
/// instruction in the ISA model's format, runs the ISA model in lock-step beside it (and, on a GPU
/// SoC, the GPU model beside the GPU: GPUCosimulation), and serves an SD card on the SPI pins
/// (stepping the card only when SCLK rises).
public final class SoCRunner {
    public enum Outcome: Equatable, Sendable {
        case exited(Int32)
        case cycleLimit(UInt64)
        case mismatch(String)
        /// The instruction at `run(maxCycles:until:)`'s pc was about to retire (it did not).
        case reached(UInt64)
    }

    public struct Statistics: Sendable {
        public var cycles: UInt64 = 0
        public var retired: UInt64 = 0
        public var traps: UInt64 = 0
        public var seconds: Double = 0
        /// Execute redirected fetch: a branch or jump went elsewhere than predicted.
        public var mispredictions: UInt64 = 0
        /// Page walks for fetch and for loads and stores, and the cycles the walker used.
        public var itlbMisses: UInt64 = 0
        public var dtlbMisses: UInt64 = 0
        public var walkCycles: UInt64 = 0
        /// Cycles the pipeline lost, by cause (the core's performance counters).
        public var stallCycles: [(cause: String, cycles: UInt64)] = []
        /// Co-simulation: values the model took from the RTL (MMIO loads, counters, interrupts).
        public var adopted: [String: Int] = [:]
        public var cpi: Double { retired == 0 ? 0 : Double(cycles) / Double(retired) }
        public var cyclesPerSecond: Double { seconds == 0 ? 0 : Double(cycles) / seconds }
    }

    public let sim: Simulator
    public let ports: SoC.IO
    public let xlen: Int
    public let ramBytes: Int
    /// The SoC's GPU, if it has one.
    public let gpu: GPUConfig?
    public private(set) var statistics = Statistics()
    var tohost: UInt64?
    var stopPC: UInt64?
    let port: RetirementPort
    /// Where UART bytes go. By default to stdout a line at a time: a write per byte would cost more
    /// than simulating the cycles that send it, on Verilator.
    public var output: ((UInt8) -> Void)?
    var pendingLine: [UInt8] = []
    /// Called with each retired record, already formatted like `hdlgen iss --trace`.
    public var trace: ((String) -> Void)?
    /// Called with each retired record and the cycle it left the pipeline in (tests keep them).
    public var onRetire: ((RetirementRecord, UInt64) -> Void)?
    /// Shows the cycles on a terminal while `run` goes on; finished (erased) when it returns.
    public var progress: ProgressLine?
    var model: Machine?
    /// The program's command line as setArguments placed it, for a model enabled later.
    var arguments: (address: UInt64, bytes: [UInt8])?
    var gpuCosimulation: GPUCosimulation?
    let formatter: TraceFormatter
    /// The last 20 records of each, formatted only when a mismatch is reported.
    var history: [(rtl: RetirementRecord, model: RetirementRecord)] = []
    /// The SD card slot: empty (MISO pulled high) unless `insert` puts a card in.
    var slot = SDCardPins(card: nil)

    /// Runs programs on `soc` (its design elaborated with `SoCDesign`) in `simulator`.
    public init(simulator: Simulator, soc: SoCDesign) {
        self.sim = simulator
        self.ports = soc.ports
        self.xlen = soc.soc.xlen
        self.ramBytes = soc.soc.ramBytes
        self.gpu = soc.soc.gpu
        self.port = RetirementPort(sim: simulator, port: soc.ports.retire, xlen: xlen)
        self.formatter = TraceFormatter(xlen: xlen) { Disassembler.disassemble($0, pc: $1, xlen: $2) }
    }

    /// Loads the ELF's segments into RAM (`ram`, words of XLEN bits from 0x8000_0000).
    public func load(_ elf: ELFFile) throws {
        guard elf.xlen == xlen else {
            throw SimulationError("the ELF is RV\(elf.xlen) but the SoC is RV\(xlen); use --xlen \(elf.xlen) or rebuild the program")
        }
        let base = MemoryMap.ramBase
        var image: [UInt8] = []
        for segment in elf.segments where segment.memorySize > 0 {
            let start = segment.physicalAddress
            guard start >= base, start + segment.memorySize <= base + UInt64(ramBytes) else {
                throw SimulationError(String(format: "the ELF segment at 0x%llx (%llu bytes) does not fit in the SoC's %d KiB of RAM at 0x%llx",
                                             start, segment.memorySize, ramBytes >> 10, base))
            }
            let end = Int(start - base + segment.memorySize)
            if image.count < end { image += [UInt8](repeating: 0, count: end - image.count) }
            for (i, byte) in segment.data.enumerated() { image[Int(start - base) + i] = byte }
        }
        try writeRAM(image, at: base)
        tohost = elf.symbol("tohost")
    }

    /// Writes `arguments` into the program's `program_args` (Spec's ProgramArguments), after `load`.
    public func setArguments(_ arguments: String, of elf: ELFFile) throws {
        let (address, bytes) = try ProgramArguments.placement(arguments, in: elf)
        try writeRAM(bytes, at: address)
        self.arguments = (address, bytes)
        model?.memory.write(bytes, at: address)
    }

    /// Puts `card` in the SD slot (nil: the slot is empty).
    public func insert(_ card: SDCardModel?) { slot = SDCardPins(card: card) }

    /// Runs the ISA model beside the RTL: every retired record must match; on a GPU SoC, every GPU
    /// launch too (GPUCosimulation).
    public func enableCosimulation(_ elf: ELFFile) throws {
        enableCosimulation(try Machine.bareMetal(elf, xlen: xlen, ramSize: UInt64(ramBytes), console: BufferSink()))
    }

    /// Runs `machine`, loaded with the same program and without devices beyond the standard ones,
    /// beside the RTL (as `enableCosimulation(_ elf:)`).
    public func enableCosimulation(_ machine: Machine) {
        machine.followInterruptsFromOutside()
        machine.map(SDControllerModel(card: nil), at: MemoryMap.sd.base)     // its loads come from the RTL
        gpuCosimulation = gpu.map { GPUCosimulation(device: machine.attachGPU($0), ports: ports) }
        if let arguments { machine.memory.write(arguments.bytes, at: arguments.address) }   // the model sees the command line too
        model = machine
    }

    /// Runs until the program ends, for at most `maxCycles`; with `pc`, stops as the instruction
    /// there is about to retire (a test's halt loop, for one).
    public func run(maxCycles: UInt64, until pc: UInt64? = nil) -> Outcome {
        stopPC = pc
        let start = Date()
        sim.reset(cycles: 2)
        let perInstruction = trace != nil || model != nil || tohost != nil || onRetire != nil || stopPC != nil
        defer {
            flushConsole()
            progress?.finish()
            statistics.seconds = Date().timeIntervalSince(start)
            readCounters(retirement: !perInstruction)
        }
        let sdClock = ports.sd.sclk
        var sdClockWasHigh = false
        sim.poke(ports.sd.miso, 1)
        let watched = [ports.uartTxValid, ports.finished, sdClock] + (perInstruction ? [ports.retire.valid] : [])
            + (gpuCosimulation == nil ? [] : ports.gpuTrace.map(\.valid) + [ports.gpuDone])
        while statistics.cycles < maxCycles {
            let chunk = Int(min(maxCycles - statistics.cycles, 1 << 20, progress?.countBeforeNextCheck(from: statistics.cycles) ?? .max))
            let ran = sim.step(chunk, untilAnyOf: watched)
            statistics.cycles += UInt64(ran)
            progress?.update(statistics.cycles)
            // SCLK rose at the last edge if it is high now and was low before it: low when the call
            // began, or at some edge of a call that ran on (it stops at the first edge SCLK is high).
            let sdClockHigh = sim.peek(sdClock) & 1 == 1
            if sdClockHigh && (!sdClockWasHigh || ran > 1) {
                sim.poke(ports.sd.miso, slot.clockRose(mosi: sim.peek(ports.sd.mosi) & 1 == 1, selected: sim.peek(ports.sd.csN) & 1 == 0))
            }
            sdClockWasHigh = sdClockHigh
            if sim.peek(ports.uartTxValid) & 1 == 1 { console(UInt8(truncatingIfNeeded: sim.peek(ports.uartTxData))) }
            if let gpu = gpuCosimulation {
                gpu.observe(sim)
                if let report = gpu.check(ram: { try? self.readRAM($0, count: $1) }) { return .mismatch(report) }
            }
            if perInstruction, port.valid, let outcome = retire() { return outcome }
            if sim.peek(ports.finished) & 1 == 1 { return .exited(Int32(sim.peek(ports.exitCode))) }
        }
        return .cycleLimit(maxCycles)
    }

    func console(_ byte: UInt8) {
        if let output { output(byte); return }
        pendingLine.append(byte)
        if byte == UInt8(ascii: "\n") || pendingLine.count >= 4096 { flushConsole() }
    }

    func flushConsole() {
        guard !pendingLine.isEmpty else { return }
        progress?.makeRoom()
        FileHandle.standardOutput.write(Data(pendingLine))
        pendingLine.removeAll(keepingCapacity: true)
    }

    /// Reads the core's performance counters, and its retirement counters when the run did not
    /// watch every retirement.
    func readCounters(retirement: Bool) {
        let counters = ports.counters
        if retirement {
            statistics.retired = sim.peek(counters.retired)
            statistics.traps = sim.peek(counters.left) &- statistics.retired
        }
        statistics.mispredictions = sim.peek(counters.mispredictions)
        statistics.itlbMisses = sim.peek(counters.itlbMisses)
        statistics.dtlbMisses = sim.peek(counters.dtlbMisses)
        statistics.walkCycles = sim.peek(counters.walkCycles)
        var stalls = [("memory wait", counters.memoryWaitCycles), ("divider", counters.dividerCycles),
                      ("load-use", counters.loadUseCycles)].map { ($0.0, sim.peek($0.1)) }
        // The rest of the cycles that retired nothing refilled the pipeline after a redirect
        // (and filled it after reset).
        let busy = statistics.retired + statistics.traps + stalls.reduce(0) { $0 + $1.1 }
        stalls.append(("refill", statistics.cycles > busy ? statistics.cycles - busy : 0))
        statistics.stallCycles = stalls
    }

    /// Handles one retired record: statistics, trace, tohost, co-simulation.
    func retire() -> Outcome? {
        let r = port.record()
        if let stopPC, r.pc == stopPC, r.trap == nil { return .reached(stopPC) }
        onRetire?(r, statistics.cycles)
        if r.trap != nil { statistics.traps += 1 } else { statistics.retired += 1 }
        trace?(formatter.format(r))
        if let model, let mismatch = compare(r, model) { return .mismatch(mismatch) }
        // A store to tohost: the record has the virtual address, so a store to the same page offset
        // (a paged program's tohost has another virtual address) reads the word in RAM.
        if let tohost, r.memIsWrite, let address = r.memAddress, address & 0xFFF == tohost & 0xFFF,
           let value = tohostValue(tohost), value & 1 == 1 {
            return .exited(value == 1 ? 0 : Int32(truncatingIfNeeded: value >> 1))
        }
        return nil
    }

    /// The XLEN-bit word at physical address `tohost`, from RAM.
    func tohostValue(_ tohost: UInt64) -> UInt64? {
        let wordBytes = UInt64(xlen / 8)
        guard tohost >= MemoryMap.ramBase, tohost - MemoryMap.ramBase < UInt64(ramBytes),
              let word = try? sim.readMemory(SoC.ramName, at: Int((tohost - MemoryMap.ramBase) / wordBytes), count: 1).first else { return nil }
        return xlen == 64 && tohost % 8 == 4 ? word >> 32 : word & (xlen == 32 ? 0xFFFF_FFFF : .max)
    }

    func compare(_ rtl: RetirementRecord, _ model: Machine) -> String? {
        var expected: RetirementRecord
        if let trap = rtl.trap, trap.isInterrupt {
            expected = model.takeInterrupt(trap.cause)
            statistics.adopted["interrupt", default: 0] += 1
        } else {
            guard let next = model.step() else { return "the ISA model stopped (\(String(describing: model.stopReason))) but the RTL retired more" }
            expected = next
        }
        // The model keeps RV32 values sign-extended to 64 bits; the RTL's are XLEN bits wide.
        if xlen == 32 {
            expected.trap?.tval &= 0xFFFF_FFFF
            expected.pc &= 0xFFFF_FFFF
            expected.nextPC &= 0xFFFF_FFFF
            expected.rdValue &= 0xFFFF_FFFF
            expected.memAddress = expected.memAddress.map { $0 & 0xFFFF_FFFF }
        }
        // Values that are not architecturally fixed come from the RTL.
        // A device load (by its physical address, which the model knows): the device's value.
        let isMMIOLoad = !rtl.memIsWrite && rtl.memAddress != nil && expected.memIsDevice
        // Counters and the pending-interrupt bits depend on timing (mtime, when a timer fires).
        let isCounterRead = (rtl.instruction & 0x7F) == 0x73 && (rtl.instruction >> 12) & 3 != 0
            && CSR(rawValue: UInt16(rtl.instruction >> 20)).map(CSR.timingDependent.contains) == true
        // A load of the GPU's launch registers: the model's value, unless the RTL's launch still runs.
        if let gpu = gpuCosimulation, isMMIOLoad, rtl.trap == nil, let address = rtl.memAddress, MemoryMap.gpu.contains(address) {
            if let report = gpu.check(ram: { try? self.readRAM($0, count: $1) }) { return report }
            if let report = gpu.checkRegister(offset: address - MemoryMap.gpu.base, rtl: rtl.rdValue, model: expected.rdValue) { return report }
        }
        if let rd = rtl.rd, rtl.trap == nil, isMMIOLoad || isCounterRead, expected.rd == rd {
            model.adoptRegister(rd, rtl.rdValue)
            expected.rdValue = rtl.rdValue
            if isMMIOLoad { expected.memData = rtl.memData }
            statistics.adopted[isMMIOLoad ? "mmio load" : "counter/mip read", default: 0] += 1
        }
        history.append((rtl, expected))
        if history.count > 20 { history.removeFirst() }
        // Equal values give equal descriptions below: only a difference pays for formatting them.
        let same = rtl.pc == expected.pc && rtl.instruction == expected.instruction && rtl.trap == expected.trap && rtl.nextPC == expected.nextPC
            && rtl.privilege == expected.privilege && rtl.rd == expected.rd && (rtl.rd == nil || rtl.rdValue == expected.rdValue)
            && rtl.memAddress == expected.memAddress
            && (rtl.memAddress == nil || (rtl.memIsWrite == expected.memIsWrite && rtl.memSize == expected.memSize && rtl.memData == expected.memData))
        if same { return nil }
        let fields: [(String, String, String)] = [
            ("pc", hex(rtl.pc), hex(expected.pc)),
            ("instruction", hex(UInt64(rtl.instruction)), hex(UInt64(expected.instruction))),
            ("trap", describeTrap(rtl.trap), describeTrap(expected.trap)),
            ("next pc", hex(rtl.nextPC), hex(expected.nextPC)),
            ("privilege", "\(rtl.privilege)", "\(expected.privilege)"),
            ("rd", describeWrite(rtl), describeWrite(expected)),
            ("memory address", rtl.memAddress.map(hex) ?? "none", expected.memAddress.map(hex) ?? "none"),
            ("memory data", describeAccess(rtl), describeAccess(expected)),
        ]
        guard let (field, got, want) = fields.first(where: { $0.1 != $0.2 }) else { return nil }
        var report = "co-simulation mismatch at instruction \(rtl.order) (cycle \(statistics.cycles)): \(field): RTL \(got), ISA model \(want)\n"
        report += "last \(history.count) records, RTL:\n" + history.map { "  " + formatter.format($0.rtl) }.joined(separator: "\n")
        report += "\nISA model:\n" + history.map { "  " + formatter.format($0.model) }.joined(separator: "\n")
        return report
    }

    func hex(_ v: UInt64) -> String { "0x" + String(v, radix: 16) }

    func describeTrap(_ trap: Trap?) -> String {
        guard let trap else { return "none" }
        return "cause \(trap.cause)" + (trap.isInterrupt ? " (interrupt)" : ", tval \(hex(trap.tval))")
    }

    func describeWrite(_ r: RetirementRecord) -> String {
        guard let rd = r.rd else { return "none" }
        return "x\(rd) = \(hex(r.rdValue))"
    }

    func describeAccess(_ r: RetirementRecord) -> String {
        guard r.memAddress != nil else { return "-" }
        return "\(r.memIsWrite ? "store" : "load") \(r.memSize) bytes \(hex(r.memData))"
    }
}
