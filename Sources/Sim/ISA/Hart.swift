/// One RISC-V hart: interpreter loop, loads/stores and instruction execution.
///
/// XLEN is a run-time parameter: registers are 64-bit and RV32 values are kept sign-extended,
/// which lets the decoder map RV32 operations onto 32-bit-result forms ahead of time. Hot state is
/// reached through unsafe pointers (`let` properties) so the loop has no exclusivity checks, ARC
/// or dynamic dispatch; RAM is accessed directly and only misses go to the `Bus`.
public final class Hart {
    public let xlen: Int
    let s: UnsafeMutablePointer<HartState>
    /// x0...x31 plus slot 32, the write sink for instructions with rd == x0.
    let x: UnsafeMutablePointer<UInt64>
    public let memory: MainMemory
    let ram: UnsafeMutableRawPointer
    let ramBase: UInt64
    let ramSize: UInt64
    let dcache: UnsafeMutablePointer<DecodedInstruction>
    public let bus: Bus
    /// 32 on RV32 (for sign-extending results), 0 on RV64.
    let canonShift: UInt64
    /// Address mask: 0xFFFF_FFFF on RV32.
    let addrMask: UInt64
    let tlb: TLB
    /// Linux user-mode emulation: when set, `ecall` from U-mode calls this instead of trapping.
    var syscallHandler: LinuxUser?

    init(xlen: Int, memory: MainMemory, bus: Bus, state: UnsafeMutablePointer<HartState>) {
        self.xlen = xlen
        self.memory = memory
        self.ram = memory.bytes
        self.ramBase = memory.base
        self.ramSize = memory.size
        self.dcache = memory.decoded
        self.bus = bus
        self.s = state
        x = .allocate(capacity: 33)
        x.initialize(repeating: 0, count: 33)
        canonShift = xlen == 32 ? 32 : 0
        addrMask = xlen == 32 ? 0xFFFF_FFFF : .max
        tlb = TLB()
    }

    deinit { x.deallocate() }

    // MARK: Register access (public API for loaders, tests and co-simulation)

    /// Reads integer register `i` (sign-extended to 64 bits on RV32).
    public func register(_ i: Int) -> UInt64 { i > 0 && i < 32 ? x[i] : 0 }
    /// Writes integer register `i` (the value is canonicalised for XLEN; writes to x0 are ignored).
    public func setRegister(_ i: Int, _ v: UInt64) { if i > 0 && i < 32 { x[i] = canon(v) } }
    public var pc: UInt64 {
        get { s.pointee.pc }
        set { s.pointee.pc = newValue & addrMask }
    }
    public var privilege: PrivilegeMode { s.pointee.privilege }
    public var instructionsRetired: UInt64 { s.pointee.instret }

    @inline(__always) func canon(_ v: UInt64) -> UInt64 {
        UInt64(bitPattern: Int64(bitPattern: v << canonShift) >> Int64(canonShift))
    }

    // MARK: Memory access

    @inline(__always)
    func load<T: FixedWidthInteger>(_ va: UInt64, _: T.Type, record: Bool) throws(Trap) -> T {
        let size = UInt64(MemoryLayout<T>.size)
        if va & (size - 1) != 0 { throw Trap(.loadMisaligned, tval: va) }
        var pa = va
        if s.pointee.dataTranslates { pa = try translate(va, access: .load) }
        let off = pa &- ramBase
        let v: T
        let device = off >= ramSize
        if !device {
            v = ram.load(fromByteOffset: Int(off), as: T.self)
        } else {
            guard let raw = bus.read(pa, size: Int(size)) else { throw Trap(.loadAccessFault, tval: va) }
            v = T(truncatingIfNeeded: raw)
        }
        if record {
            s.pointee.memAddress = va; s.pointee.memSize = UInt8(size); s.pointee.memIsWrite = false
            s.pointee.memIsDevice = device
            s.pointee.memData = UInt64(truncatingIfNeeded: v) & (size == 8 ? .max : (1 << (size * 8)) - 1)
        }
        return v
    }

    @inline(__always)
    func store<T: FixedWidthInteger>(_ va: UInt64, _ value: T, record: Bool) throws(Trap) {
        let size = UInt64(MemoryLayout<T>.size)
        if va & (size - 1) != 0 { throw Trap(.storeMisaligned, tval: va) }
        var pa = va
        if s.pointee.dataTranslates { pa = try translate(va, access: .store) }
        let off = pa &- ramBase
        if off < ramSize {
            ram.storeBytes(of: value, toByteOffset: Int(off), as: T.self)
            dcache[Int(off >> 2)].op = .notDecoded
            if size == 8 { dcache[Int(off >> 2) + 1].op = .notDecoded }
            if pa == s.pointee.tohostAddress { tohostWritten(off) }
        } else {
            if !bus.write(pa, size: Int(size), value: UInt64(truncatingIfNeeded: value)) {
                throw Trap(.storeAccessFault, tval: va)
            }
        }
        if record {
            s.pointee.memAddress = va; s.pointee.memSize = UInt8(size); s.pointee.memIsWrite = true
            s.pointee.memIsDevice = off >= ramSize
            s.pointee.memData = UInt64(truncatingIfNeeded: value) & (size == 8 ? .max : (1 << (size * 8)) - 1)
        }
    }

    @inline(never)
    func tohostWritten(_ off: UInt64) {
        let v = xlen == 32 ? UInt64(ram.loadUnaligned(fromByteOffset: Int(off), as: UInt32.self))
            : ram.loadUnaligned(fromByteOffset: Int(off), as: UInt64.self)
        guard v & 1 == 1 else { return }
        s.pointee.stopRequested = true
        s.pointee.exitCode = v == 1 ? 0 : Int32(truncatingIfNeeded: v >> 1)
        s.pointee.nextEventAt = 0
    }

    // MARK: Fetch

    /// Returns the decoded instruction at `pc` (decoding and caching it on first use).
    @inline(__always)
    func fetch(_ pc: UInt64) throws(Trap) -> DecodedInstruction {
        // Jumps already trap on misaligned targets; this guards PCs set through the API or ELF.
        if pc & 3 != 0 { throw Trap(.instructionMisaligned, tval: pc) }
        var pa = pc
        if s.pointee.fetchTranslates { pa = try translate(pc, access: .fetch) }
        let off = pa &- ramBase
        guard off < ramSize else { throw Trap(.instructionAccessFault, tval: pc) }
        let slot = dcache + Int(off >> 2)
        if slot.pointee.op != .notDecoded { return slot.pointee }
        let d = Decoder.decode(ram.load(fromByteOffset: Int(off), as: UInt32.self), xlen: xlen)
        slot.pointee = d
        return d
    }

    /// Raw instruction bits at `pc` for traces and mtval (slow path, no side effects beyond A bits).
    func rawInstruction(at pc: UInt64) -> UInt32? {
        var pa = pc
        if s.pointee.fetchTranslates {
            guard let p = try? translate(pc, access: .fetch) else { return nil }
            pa = p
        }
        let off = pa &- ramBase
        guard off < ramSize else { return nil }
        return ram.loadUnaligned(fromByteOffset: Int(off), as: UInt32.self)
    }

    // MARK: Execute

    /// Executes one decoded instruction at `pc`; returns the next PC or throws the trap it raises.
    @inline(__always)
    func execute(_ d: DecodedInstruction, pc: UInt64, record: Bool) throws(Trap) -> UInt64 {
        let a = x[Int(d.rs1)]
        let b = x[Int(d.rs2)]
        let rd = Int(d.rd)
        let imm = UInt64(bitPattern: Int64(d.imm))
        let next = pc &+ 4
        switch d.op {
        case .auipc:
            x[rd] = canon(pc &+ imm)
        case .jal:
            let t = (pc &+ imm) & addrMask
            if t & 3 != 0 { throw Trap(.instructionMisaligned, tval: t) }
            x[rd] = canon(next)
            return t
        case .jalr:
            let t = (a &+ imm) & addrMask & ~1
            if t & 3 != 0 { throw Trap(.instructionMisaligned, tval: t) }
            x[rd] = canon(next)
            return t
        case .beq: if a == b { return try branch(pc, imm) }
        case .bne: if a != b { return try branch(pc, imm) }
        case .blt: if Int64(bitPattern: a) < Int64(bitPattern: b) { return try branch(pc, imm) }
        case .bge: if Int64(bitPattern: a) >= Int64(bitPattern: b) { return try branch(pc, imm) }
        case .bltu: if a < b { return try branch(pc, imm) }
        case .bgeu: if a >= b { return try branch(pc, imm) }
        case .lb: x[rd] = UInt64(bitPattern: Int64(try load((a &+ imm) & addrMask, Int8.self, record: record)))
        case .lh: x[rd] = UInt64(bitPattern: Int64(try load((a &+ imm) & addrMask, Int16.self, record: record)))
        case .lw: x[rd] = UInt64(bitPattern: Int64(try load((a &+ imm) & addrMask, Int32.self, record: record)))
        case .ld: x[rd] = try load((a &+ imm) & addrMask, UInt64.self, record: record)
        case .lbu: x[rd] = UInt64(try load((a &+ imm) & addrMask, UInt8.self, record: record))
        case .lhu: x[rd] = UInt64(try load((a &+ imm) & addrMask, UInt16.self, record: record))
        case .lwu: x[rd] = UInt64(try load((a &+ imm) & addrMask, UInt32.self, record: record))
        case .sb: try store((a &+ imm) & addrMask, UInt8(truncatingIfNeeded: b), record: record)
        case .sh: try store((a &+ imm) & addrMask, UInt16(truncatingIfNeeded: b), record: record)
        case .sw: try store((a &+ imm) & addrMask, UInt32(truncatingIfNeeded: b), record: record)
        case .sd: try store((a &+ imm) & addrMask, b, record: record)
        case .fence, .fenceI:
            break
        case .illegal, .notDecoded:
            throw Trap(.illegalInstruction, tval: UInt64(UInt32(bitPattern: d.imm)))
        case .ecall, .ebreak, .mret, .sret, .wfi, .sfenceVMA,
             .csrrw, .csrrs, .csrrc, .csrrwi, .csrrsi, .csrrci:
            return try executeSystem(d, pc: pc)
        // ALU and M operations: shared pure semantics, one constant-folded call per case.
        case .lui: x[rd] = IntegerExecute.value(.lui, a, b, d.imm)
        case .addi: x[rd] = IntegerExecute.value(.addi, a, b, d.imm)
        case .slti: x[rd] = IntegerExecute.value(.slti, a, b, d.imm)
        case .sltiu: x[rd] = IntegerExecute.value(.sltiu, a, b, d.imm)
        case .xori: x[rd] = IntegerExecute.value(.xori, a, b, d.imm)
        case .ori: x[rd] = IntegerExecute.value(.ori, a, b, d.imm)
        case .andi: x[rd] = IntegerExecute.value(.andi, a, b, d.imm)
        case .slli: x[rd] = IntegerExecute.value(.slli, a, b, d.imm)
        case .srli: x[rd] = IntegerExecute.value(.srli, a, b, d.imm)
        case .srai: x[rd] = IntegerExecute.value(.srai, a, b, d.imm)
        case .add: x[rd] = IntegerExecute.value(.add, a, b, d.imm)
        case .sub: x[rd] = IntegerExecute.value(.sub, a, b, d.imm)
        case .sll: x[rd] = IntegerExecute.value(.sll, a, b, d.imm)
        case .slt: x[rd] = IntegerExecute.value(.slt, a, b, d.imm)
        case .sltu: x[rd] = IntegerExecute.value(.sltu, a, b, d.imm)
        case .xor: x[rd] = IntegerExecute.value(.xor, a, b, d.imm)
        case .srl: x[rd] = IntegerExecute.value(.srl, a, b, d.imm)
        case .sra: x[rd] = IntegerExecute.value(.sra, a, b, d.imm)
        case .or: x[rd] = IntegerExecute.value(.or, a, b, d.imm)
        case .and: x[rd] = IntegerExecute.value(.and, a, b, d.imm)
        case .addiw: x[rd] = IntegerExecute.value(.addiw, a, b, d.imm)
        case .slliw: x[rd] = IntegerExecute.value(.slliw, a, b, d.imm)
        case .srliw: x[rd] = IntegerExecute.value(.srliw, a, b, d.imm)
        case .sraiw: x[rd] = IntegerExecute.value(.sraiw, a, b, d.imm)
        case .addw: x[rd] = IntegerExecute.value(.addw, a, b, d.imm)
        case .subw: x[rd] = IntegerExecute.value(.subw, a, b, d.imm)
        case .sllw: x[rd] = IntegerExecute.value(.sllw, a, b, d.imm)
        case .srlw: x[rd] = IntegerExecute.value(.srlw, a, b, d.imm)
        case .sraw: x[rd] = IntegerExecute.value(.sraw, a, b, d.imm)
        case .mul: x[rd] = IntegerExecute.value(.mul, a, b, d.imm)
        case .mulh: x[rd] = IntegerExecute.value(.mulh, a, b, d.imm)
        case .mulhsu: x[rd] = IntegerExecute.value(.mulhsu, a, b, d.imm)
        case .mulhu: x[rd] = IntegerExecute.value(.mulhu, a, b, d.imm)
        case .div: x[rd] = IntegerExecute.value(.div, a, b, d.imm)
        case .divu: x[rd] = IntegerExecute.value(.divu, a, b, d.imm)
        case .rem: x[rd] = IntegerExecute.value(.rem, a, b, d.imm)
        case .remu: x[rd] = IntegerExecute.value(.remu, a, b, d.imm)
        case .mulw: x[rd] = IntegerExecute.value(.mulw, a, b, d.imm)
        case .divw: x[rd] = IntegerExecute.value(.divw, a, b, d.imm)
        case .divuw: x[rd] = IntegerExecute.value(.divuw, a, b, d.imm)
        case .remw: x[rd] = IntegerExecute.value(.remw, a, b, d.imm)
        case .remuw: x[rd] = IntegerExecute.value(.remuw, a, b, d.imm)
        case .mulh32: x[rd] = IntegerExecute.value(.mulh32, a, b, d.imm)
        case .mulhsu32: x[rd] = IntegerExecute.value(.mulhsu32, a, b, d.imm)
        case .mulhu32: x[rd] = IntegerExecute.value(.mulhu32, a, b, d.imm)
        }
        return next
    }

    @inline(__always)
    func branch(_ pc: UInt64, _ imm: UInt64) throws(Trap) -> UInt64 {
        let t = (pc &+ imm) & addrMask
        if t & 3 != 0 { throw Trap(.instructionMisaligned, tval: t) }
        return t
    }

    // MARK: Run loop

    /// Runs until the program stops, `limit` more instructions retire, or an error occurs.
    func run(limit: UInt64) -> StopReason {
        let st = s
        let executed = st.pointee.instret &+ st.pointee.trapCount
        st.pointee.instructionLimit = limit > UInt64.max - executed ? .max : executed &+ limit
        st.pointee.nextEventAt = 0
        while true {
            if st.pointee.instret >= st.pointee.nextEventAt {
                if let reason = handleEvents() { return reason }
            }
            let pc = st.pointee.pc
            do throws(Trap) {
                let d = try fetch(pc)
                st.pointee.pc = try execute(d, pc: pc, record: false)
                st.pointee.instret &+= 1
            } catch {
                takeTrap(error, pc: pc)
            }
        }
    }

    /// Slow path of the loop: stop requests, instruction limit, interrupts, next timer deadline.
    @inline(never)
    func handleEvents() -> StopReason? {
        let st = s
        if let r = checkStop() { return r }
        if let irq = pendingInterrupt() {
            takeTrap(Trap(interrupt: irq), pc: st.pointee.pc)
        }
        let now = st.pointee.mtime
        let remaining = st.pointee.instructionLimit &- (st.pointee.instret &+ st.pointee.trapCount)
        var next = remaining > UInt64.max - st.pointee.instret ? UInt64.max : st.pointee.instret &+ remaining
        if st.pointee.mtimecmp > now {
            let d = st.pointee.mtimecmp - now
            let t = st.pointee.instret &+ d
            if t >= st.pointee.instret && t < next { next = t }
        }
        st.pointee.nextEventAt = next
        return nil
    }

    /// Stop request (exit, finisher, tohost, error) or instruction limit reached.
    func checkStop() -> StopReason? {
        let st = s
        if st.pointee.stopRequested {
            st.pointee.stopRequested = false
            if let m = st.pointee.stopMessage { st.pointee.stopMessage = nil; return .error(m) }
            return .exited(st.pointee.exitCode)
        }
        if st.pointee.instret &+ st.pointee.trapCount >= st.pointee.instructionLimit { return .instructionLimit }
        return nil
    }

    /// Executes one instruction (or takes one trap / interrupt) and describes it for traces and
    /// co-simulation. Returns nil when the machine has stopped (see `stopReason`).
    func step() -> RetirementRecord? {
        let st = s
        st.pointee.nextEventAt = 0
        if let reason = checkStop() { lastStop = reason; return nil }
        let pc = st.pointee.pc
        let priv = st.pointee.privilege
        let order = st.pointee.instret &+ st.pointee.trapCount
        if let irq = pendingInterrupt() {
            // An interrupt is reported as its own record: nothing retires, PC moves to the handler.
            let t = Trap(interrupt: irq)
            takeTrap(t, pc: pc)
            var r = RetirementRecord(order: order, pc: pc, nextPC: st.pointee.pc, instruction: rawInstruction(at: pc) ?? 0, privilege: priv)
            r.trap = t
            return r
        }
        st.pointee.memSize = 0
        let raw = rawInstruction(at: pc) ?? 0
        var r = RetirementRecord(order: order, pc: pc, nextPC: pc, instruction: raw, privilege: priv)
        do throws(Trap) {
            let d = try fetch(pc)
            if d.rd != 32 { x[32] = 0 }
            let next = try execute(d, pc: pc, record: true)
            st.pointee.pc = next
            st.pointee.instret &+= 1
            r.nextPC = next
            if let rd = d.destination { r.rd = rd; r.rdValue = x[rd] }
        } catch {
            takeTrap(error, pc: pc)
            r.trap = error
            r.nextPC = st.pointee.pc
        }
        if st.pointee.memSize != 0 {
            r.memAddress = st.pointee.memAddress
            r.memSize = Int(st.pointee.memSize)
            r.memData = st.pointee.memData
            r.memIsWrite = st.pointee.memIsWrite
            r.memIsDevice = st.pointee.memIsDevice
        }
        return r
    }

    /// Why the last `step()` returned nil.
    public internal(set) var lastStop: StopReason? = nil
}

/// Why a run ended.
public enum StopReason: Sendable, Equatable {
    /// The program exited (test finisher, tohost, Linux exit) with this code.
    case exited(Int32)
    /// The instruction limit was reached.
    case instructionLimit
    /// The model stopped on an unsupported situation (e.g. unknown syscall); one-line message.
    case error(String)
}
