import Spec

/// A complete simulated system: one hart, RAM, bus and devices.
///
/// Use `Machine.bareMetal` (RAM at 0x8000_0000, reset in M-mode, CLINT/UART/test finisher) or
/// `Machine.linuxUser` (U-mode at the ELF entry with a Linux-like stack and syscalls), then
/// `run()` for speed or `step()` for one `RetirementRecord` at a time (tracing, co-simulation).
public final class Machine {
    public let xlen: Int
    public let hart: Hart
    public let memory: MainMemory
    public let bus: Bus
    let state: UnsafeMutablePointer<HartState>

    /// Creates a machine with empty RAM at `ramBase`, reset PC = `ramBase`, M-mode.
    /// `devices` maps the standard CLINT, UART (writing to `console`) and test finisher.
    public init(xlen: Int, ramBase: UInt64 = MemoryMap.ramBase, ramSize: UInt64 = MemoryMap.defaultRAMSize,
                console: any OutputSink = FileDescriptorSink(fd: 1), devices: Bool = true) {
        precondition(xlen == 32 || xlen == 64, "xlen must be 32 or 64")
        self.xlen = xlen
        state = .allocate(capacity: 1)
        state.initialize(to: HartState())
        memory = MainMemory(base: ramBase, size: (ramSize + 7) & ~7)
        bus = Bus()
        hart = Hart(xlen: xlen, memory: memory, bus: bus, state: state)
        state.pointee.pc = ramBase
        state.pointee.pmpConfig = PMP.resetConfig
        state.pointee.pmpAddress = PMP.addressMask(xlen: xlen)
        if devices {
            bus.map(TestFinisher(state: state), at: MemoryMap.testFinisher.base)
            bus.map(CLINT(state: state), at: MemoryMap.clint.base)
            bus.map(UART(sink: console), at: MemoryMap.uart.base)
        }
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// Page-table A/D bits: Svade by default (a page fault); true sets them during the walk, as qemu does.
    public var hardwareUpdatesAccessedDirty: Bool {
        get { state.pointee.hardwareUpdatesAccessedDirty }
        set { state.pointee.hardwareUpdatesAccessedDirty = newValue }
    }

    /// Adds a device (e.g. the GPU at `MemoryMap.gpu`).
    public func map(_ device: any Device, at base: UInt64) { bus.map(device, at: base) }

    /// Copies the ELF's segments into RAM (zero-filling .bss), sets PC to the entry point and
    /// arms the `tohost` convention when the symbol exists.
    public func load(_ elf: ELFFile, usePhysicalAddresses: Bool = true) throws(ELFError) {
        for seg in elf.segments {
            let addr = usePhysicalAddresses ? seg.physicalAddress : seg.virtualAddress
            guard memory.contains(addr, length: seg.memorySize) else {
                throw ELFError("segment at 0x\(hex(addr, digits: 8)) (\(seg.memorySize) bytes) is outside RAM 0x\(hex(memory.base, digits: 8))-0x\(hex(memory.base + memory.size, digits: 8))")
            }
            memory.write(seg.data, at: addr)
            _ = memory.fill(addr + UInt64(seg.data.count), count: seg.memorySize - UInt64(seg.data.count))
        }
        guard memory.contains(elf.entry, length: 4) else {
            throw ELFError("entry point 0x\(hex(elf.entry, digits: 8)) is outside RAM")
        }
        state.pointee.pc = elf.entry
        if let t = elf.symbol("tohost"), memory.contains(t, length: 8) { state.pointee.tohostAddress = t }
    }

    /// Bare-metal machine running `elf` (XLEN from the ELF unless given).
    public static func bareMetal(_ elf: ELFFile, xlen: Int? = nil, ramSize: UInt64 = MemoryMap.defaultRAMSize,
                                 console: any OutputSink = FileDescriptorSink(fd: 1)) throws(ELFError) -> Machine {
        let m = Machine(xlen: xlen ?? elf.xlen, ramSize: ramSize, console: console)
        try m.load(elf)
        return m
    }

    /// Linux user-mode process: U-mode at the entry point, stack with argc=1, argv, envp=NULL,
    /// auxv (AT_PAGESZ, AT_NULL), sp 16-byte aligned; write/exit/exit_group/brk syscalls.
    public static func linuxUser(_ elf: ELFFile, xlen: Int? = nil, memorySize: UInt64 = MemoryMap.defaultUserMemory,
                                 programName: String = "program",
                                 stdout: any OutputSink = FileDescriptorSink(fd: 1),
                                 stderr: any OutputSink = FileDescriptorSink(fd: 2)) throws(ELFError) -> Machine {
        let lo = (elf.segments.map(\.virtualAddress).min() ?? 0) & ~0xFFF
        let x = xlen ?? elf.xlen
        let limit: UInt64 = x == 32 ? 1 << 32 : 1 << 47
        guard lo < limit, memorySize <= limit - lo else { throw ELFError("program does not fit in the \(x)-bit address space") }
        let m = Machine(xlen: x, ramBase: lo, ramSize: memorySize, devices: false)
        try m.load(elf, usePhysicalAddresses: false)
        let top = lo + m.memory.size
        let stackSize: UInt64 = 8 << 20
        let brkStart = (elf.endAddress + 0xFFF) & ~0xFFF
        guard brkStart + stackSize <= top else { throw ELFError("program is too large for \(memorySize) bytes of memory") }
        // Stack: strings at the top, then the pointer block.
        let word = UInt64(x / 8)
        var sp = top - 64
        let name = Array(programName.utf8) + [0]
        sp -= UInt64(name.count)
        let argv0 = sp
        m.memory.write(name, at: argv0)
        sp &= ~15
        let random = sp - 16
        m.memory.write((0..<16).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }, at: random)
        sp = random
        let vector: [UInt64] = [1, argv0, 0, 0, /* auxv */ 6, 4096, 25, random, 0, 0]
        sp -= UInt64(vector.count) * word
        sp &= ~15
        for (i, v) in vector.enumerated() {
            let bytes = (0..<Int(word)).map { UInt8(truncatingIfNeeded: v >> (8 * UInt64($0))) }
            m.memory.write(bytes, at: sp + UInt64(i) * word)
        }
        m.hart.setRegister(2, sp)
        m.state.pointee.privilege = .user
        m.state.pointee.mcounteren = 7   // rdcycle/rdtime/rdinstret allowed, as under Linux
        m.state.pointee.scounteren = 7
        m.hart.syscallHandler = LinuxUser(stdout: stdout, stderr: stderr, brkStart: brkStart, brkLimit: top - stackSize)
        m.hart.privilegeOrTranslationChanged()
        return m
    }

    /// Runs until exit, error, or `maxInstructions` retired instructions.
    public func run(maxInstructions: UInt64 = .max) -> StopReason {
        let r = hart.run(limit: maxInstructions)
        hart.syscallHandler?.stdout.flush()
        return r
    }

    /// Executes one instruction (or takes one trap); nil once the program has stopped, with the
    /// reason in `stopReason`.
    public func step() -> RetirementRecord? { hart.step() }

    public var stopReason: StopReason? { hart.lastStop }

    /// Reads guest memory (nil if out of RAM).
    public func readMemory(_ address: UInt64, count: Int) -> [UInt8]? { memory.read(address, count: count) }

    /// Architectural state for tests and co-simulation.
    public var architecturalState: HartState { state.pointee }
    public var instructionsRetired: UInt64 { state.pointee.instret }
}
