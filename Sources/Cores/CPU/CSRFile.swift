import HDL
import Spec

// The control and status registers of M, S and U mode, read and written by the CSR instructions in
// the memory stage (where the pipeline commits, so CSR side effects are in program order). Traps,
// interrupts and xRET, which change the same registers, are in CSRFile+Traps.swift.

/// A CSR instruction in the memory stage: `op` is funct3[1:0] (1 write, 2 set, 3 clear); `write` is
/// 0 for csrrs/csrrc with rs1 = x0 (or uimm = 0), which only read. It writes unless a trap is taken.
public struct CSRCommand: Bundle {
    public var address = Signal(.uint(12))
    public var op = Signal(.uint(2))
    public var operand: Signal
    public var write = Signal(.bit)
    public init(xlen: Int) { operand = Signal(.uint(xlen)) }
}

/// A trap to take now: an exception (cause code 0-15) or an interrupt, at `pc`.
public struct TrapRequest: Bundle {
    public var interrupt = Signal(.bit)
    public var code = Signal(.uint(4))
    public var pc: Signal
    public var tval: Signal
    public init(xlen: Int) { pc = Signal(.uint(xlen)); tval = Signal(.uint(xlen)) }
}

/// The privilege modes, as encoded in mstatus.MPP.
public enum Privilege: Int, HardwareEnum, Sendable { case user = 0, supervisor = 1, reserved = 2, machine = 3 }

public struct CSRFile: Module {
    public var xlen: Int
    public init(xlen: Int) { self.xlen = xlen }

    public struct IO: Bundle {
        public var command: Valid<CSRCommand>
        public var readValue: Signal
        public var illegal = Output(.bit)          // the command may not access that CSR
        public var trap: Valid<TrapRequest>
        public var trapVector: Signal              // where the trap on `trap` goes
        public var mret = Input(.bit)
        public var sret = Input(.bit)
        public var mepc: Signal
        public var sepc: Signal
        public var retired = Input(.bit)           // one instruction retires (minstret)
        public var instret = Output(.uint(64))     // minstret, for the performance counters
        public var mtip = Input(.bit)              // CLINT timer interrupt
        public var msip = Input(.bit)              // CLINT software interrupt
        public var time = Input(.uint(64))         // CLINT mtime, for the time CSR
        public var interrupt: Valid<Signal>        // an enabled interrupt is pending: its code
        public var privilege = Output(.uint(2))
        public var tsr = Output(.bit)
        public var tw = Output(.bit)
        public var tvm = Output(.bit)
        public var paging: PagingControl           // satp and the mstatus bits translation reads
        public var satpWritten = Output(.bit)      // a CSR instruction writes satp: flush the TLBs
        public var pmp: PMPEntry                   // the PMP entry, for the MMU's checks
        init(xlen: Int) {
            pmp = Output(PMPEntry(xlen: xlen))
            paging = Output(PagingControl(xlen: xlen))
            command = Input(Valid(CSRCommand(xlen: xlen))); readValue = Output(.uint(xlen))
            trap = Input(Valid(TrapRequest(xlen: xlen))); trapVector = Output(.uint(xlen))
            mepc = Output(.uint(xlen)); sepc = Output(.uint(xlen)); interrupt = Output(Valid(Signal(.uint(4))))
        }
    }
    public var io: IO { IO(xlen: xlen) }

    /// The fields of mstatus that software can change (the rest read as constants).
    struct StatusFields: Bundle {
        var mie = Signal(.bit)
        var sie = Signal(.bit)
        var mpie = Signal(.bit)
        var spie = Signal(.bit)
        var spp = Signal(.bit)
        var mpp = Signal(.uint(2))
        var mprv = Signal(.bit)
        var sum = Signal(.bit)
        var mxr = Signal(.bit)
        var tvm = Signal(.bit)
        var tw = Signal(.bit)
        var tsr = Signal(.bit)
    }
    /// The trap registers of one privilege level: xtvec, xepc, xcause, xtval, xscratch.
    struct TrapRegisters: Bundle {
        var tvec, epc, cause, tval, scratch: Signal
        init(xlen: Int) {
            tvec = Signal(.uint(xlen)); epc = Signal(.uint(xlen)); cause = Signal(.uint(xlen))
            tval = Signal(.uint(xlen)); scratch = Signal(.uint(xlen))
        }
    }
    /// The registers, shared by the CSR instructions here and the trap logic in CSRFile+Traps.swift.
    struct State {
        let privilege: Signal
        let mstatus: StatusFields
        let machine, supervisor: TrapRegisters
        let satp, medeleg, mideleg, mieBits, mipBits, mcounteren, scounteren, mcycle, minstret: Signal
        let pmpConfig, pmpAddress: Signal
    }

    public func body(_ io: IO) -> [Statement] {
        let mode = Reg(.uint(2), reset: 3)             // the current privilege mode
        let mstatus = Reg(StatusFields())
        let machine = Reg(TrapRegisters(xlen: xlen))
        let supervisor = Reg(TrapRegisters(xlen: xlen))
        let satp = Reg(.uint(xlen), reset: 0)
        let medeleg = Reg(.uint(16), reset: 0)
        let mideleg = Reg(.uint(12), reset: 0)
        let mieBits = Reg(.uint(12), reset: 0)
        let mipBits = Reg(.uint(12), reset: 0)          // the writable bits of mip: SSIP, STIP, SEIP
        let mcounteren = Reg(.uint(3), reset: 0)
        let scounteren = Reg(.uint(3), reset: 0)
        let mcycle = Reg(.uint(64), reset: 0)
        let minstret = Reg(.uint(64), reset: 0)
        let pmpConfig = Reg(.uint(8), reset: Const(Int(PMP.resetConfig), .uint(8)))                  // the PMP entry (Spec's PMP)
        let pmpAddress = Reg(.uint(PMP.addressBits(xlen: xlen)), reset: Const(PMP.addressMask(xlen: xlen), .uint(PMP.addressBits(xlen: xlen))))
        let s = State(privilege: mode, mstatus: mstatus, machine: machine, supervisor: supervisor, satp: satp,
                      medeleg: medeleg, mideleg: mideleg, mieBits: mieBits, mipBits: mipBits, mcounteren: mcounteren,
                      scounteren: scounteren, mcycle: mcycle, minstret: minstret, pmpConfig: pmpConfig, pmpAddress: pmpAddress)
        let m = mstatus

        let mip = Wire(Cat(Const(0, .uint(4)), io.mtip, Const(0, .uint(3)), io.msip, Const(0, .uint(3))) | mipBits)
        let xl = xlen == 64 ? Const(2, .uint(2)) : Const(1, .uint(2))
        let sstatus = Wire(widen(Cat(m.mxr, m.sum, Const(0, .uint(9)), m.spp, Const(0, .uint(2)),
                                     m.spie, Const(0, .uint(3)), m.sie, Const(0, .bit)), upper: Cat(Const(0, .uint(2)), xl)))
        let mstatusValue = Wire(sstatus | widen(Cat(m.tsr, m.tw, m.tvm, Const(0, .uint(2)), m.mprv,
                                                 Const(0, .uint(4)), m.mpp, Const(0, .uint(3)), m.mpie,
                                                 Const(0, .uint(3)), m.mie, Const(0, .uint(3))), upper: Cat(xl, Const(0, .uint(2)))))
        let misa = Const((xlen == 64 ? 2 << 62 : 1 << 30) | 1 << 8 | 1 << 12 | 1 << 18 | 1 << 20, .uint(xlen))

        // Reads: one row per CSR, its address and its value.
        var table: [(CSR, Signal)] = [
            (.sstatus, sstatus), (.sie, widen(mieBits & mideleg)), (.stvec, supervisor.tvec), (.scounteren, widen(scounteren)),
            (.sscratch, supervisor.scratch), (.sepc, supervisor.epc), (.scause, supervisor.cause), (.stval, supervisor.tval), (.sip, widen(mip & mideleg)),
            (.satp, satp), (.mstatus, mstatusValue), (.misa, misa), (.medeleg, widen(medeleg)), (.mideleg, widen(mideleg)),
            (.mie, widen(mieBits)), (.mtvec, machine.tvec), (.mcounteren, widen(mcounteren)), (.mscratch, machine.scratch), (.mepc, machine.epc),
            (.mcause, machine.cause), (.mtval, machine.tval), (.mip, widen(mip)), (.mcycle, mcycle[xlen - 1, 0]),
            (.minstret, minstret[xlen - 1, 0]), (.cycle, mcycle[xlen - 1, 0]), (.time, io.time[xlen - 1, 0]),
            (.instret, minstret[xlen - 1, 0]), (.pmpcfg0, widen(pmpConfig)),
            (.pmpaddr0, widen(Mux(pmpConfig[PMP.modeShift + 1], pmpAddress, pmpAddress & ~Const(1, pmpAddress.type)))),   // PMP.addressRead
            (.mvendorid, zero), (.marchid, zero), (.mimpid, zero), (.mhartid, zero), (.mconfigptr, zero),
        ]
        if xlen == 32 {
            table += [(.mstatush, zero), (.mcycleh, mcycle[63, 32]), (.minstreth, minstret[63, 32]), (.cycleh, mcycle[63, 32]),
                      (.timeh, io.time[63, 32]), (.instreth, minstret[63, 32])]
        }
        let command = io.command.bits
        let address = command.address
        // CSRs that exist but read as zero and ignore writes (Spec's CSR.readsZero).
        let zeroRanges = CSR.readsZero(xlen: xlen)
        let readsZero = zeroRanges.map { (address >= Const($0.lowerBound, .uint(12))) && (address <= Const($0.upperBound, .uint(12))) }
            .reduce(Const(0, .bit)) { $0 || $1 }
        let known = Wire(.bit)
        io.readValue <== 0
        known <== 0
        When(io.command.valid) {
            known <== readsZero
            Switch(address) {
                for (csr, value) in table {
                    Is(csr) { io.readValue <== value; known <== 1 }
                }
            }
        }
        // Access rules: the lowest privilege in address bits 9:8, read-only when bits 11:10 are 3, the counter
        // enables for cycle/time/instret below M, and satp trapped in S mode when TVM is set.
        let isCounter = address[11, 8] == 0xC
        let counterBit = (mcounteren >> address[1, 0])[0] && (mode == 1 || (scounteren >> address[1, 0])[0])
        io.illegal <== 0
        When(io.command.valid) {
            io.illegal <== !known || mode < address[9, 8] || (command.write && address[11, 10] == 3)
                || (isCounter && mode != 3 && !counterBit) || (address == CSR.satp && mode == 1 && m.tvm)
        }

        // Writes of the CSR instructions (the trap logic may override them in the same cycle).
        let old = io.readValue
        let value = Wire(.uint(xlen))
        value <== command.operand
        When(io.command.valid) {
            Switch(command.op) {
                Is(2) { value <== old | command.operand }
                Is(3) { value <== old & ~command.operand }
            }
        }
        mcycle.next <== mcycle + 1
        When(io.retired) { minstret.next <== minstret + 1 }
        When(io.command.valid && command.write && !io.illegal && !io.trap.valid) {
            writes(address, value, s)
        }
        traps(io, s)

        io.privilege <== mode
        io.tsr <== m.tsr
        io.tw <== m.tw
        io.tvm <== m.tvm
        io.satpWritten <== io.command.valid && command.write && !io.illegal && !io.trap.valid && address == CSR.satp
        let scheme = PagingScheme.forXLEN(xlen)
        io.paging.on <== satp[xlen - 1] == 1
        io.paging.rootPPN <== satp[scheme.ppnBits - 1, 0]
        io.paging.mprv <== m.mprv
        io.paging.mpp <== m.mpp
        io.paging.sum <== m.sum
        io.paging.mxr <== m.mxr
        io.instret <== minstret
        io.pmp.config <== pmpConfig
        io.pmp.address <== pmpAddress
        io.mepc <== machine.epc
        io.sepc <== supervisor.epc
    }

    var zero: Signal { Const(0, .uint(xlen)) }

    /// A narrow value zero-extended to XLEN, with optional bits 35:32 (UXL/SXL) on RV64.
    func widen(_ v: Signal, upper: Signal? = nil) -> Signal {
        if let upper, xlen == 64 { return Cat(Const(0, .uint(28)), upper, v.zeroExtended(to: 32)) }
        return v.zeroExtended(to: xlen)
    }

    /// What a write does to each CSR: only the writable fields change (WARL).
    @LogicBuilder func writes(_ address: Signal, _ value: Signal, _ s: State) -> [Statement] {
        let writeStatus: (Bool) -> [Statement] = { machine in
            var out: [Statement] = [s.mstatus.sie.next <== value[1], s.mstatus.spie.next <== value[5], s.mstatus.spp.next <== value[8],
                                    s.mstatus.sum.next <== value[18], s.mstatus.mxr.next <== value[19]]
            if machine {
                out += [s.mstatus.mie.next <== value[3], s.mstatus.mpie.next <== value[7], s.mstatus.mprv.next <== value[17], s.mstatus.tvm.next <== value[20],
                        s.mstatus.tw.next <== value[21], s.mstatus.tsr.next <== value[22],
                        s.mstatus.mpp.next <== Mux(value[12, 11] == 2, s.mstatus.mpp, value[12, 11])]
            }
            return out
        }
        let deleg = s.mideleg
        let ssip = Const(1 << InterruptNumber.supervisorSoftware, .uint(12))
        Switch(address) {
            Is(CSR.sstatus) { writeStatus(false) }
            Is(CSR.sie) { s.mieBits.next <== (s.mieBits & ~deleg) | (value[11, 0] & deleg) }
            Is(CSR.stvec) { s.supervisor.tvec.next <== value & ~Const(2, .uint(xlen)) }
            Is(CSR.scounteren) { s.scounteren.next <== value[2, 0] }
            Is(CSR.sscratch) { s.supervisor.scratch.next <== value }
            Is(CSR.sepc) { s.supervisor.epc.next <== value & ~Const(3, .uint(xlen)) }
            Is(CSR.scause) { s.supervisor.cause.next <== value }
            Is(CSR.stval) { s.supervisor.tval.next <== value }
            Is(CSR.sip) { s.mipBits.next <== (s.mipBits & ~(deleg & ssip)) | (value[11, 0] & deleg & ssip) }
            Is(CSR.satp) {
                // Bare or Sv32/Sv39, without ASIDs (they read 0); another mode leaves satp unchanged.
                let scheme = PagingScheme.forXLEN(xlen), shift = PagingScheme.satpModeShift(xlen: xlen)
                let mode = value[xlen - 1, shift]
                When(mode == 0) { s.satp.next <== 0 }
                When(mode == Const(scheme.mode, mode.type)) {
                    s.satp.next <== Cat(mode, Const(0, .uint(shift - scheme.ppnBits)), value[scheme.ppnBits - 1, 0])
                }
            }
            Is(CSR.mstatus) { writeStatus(true) }
            Is(CSR.medeleg) { s.medeleg.next <== value[15, 0] & Const(TrapMasks.delegableExceptions, .uint(16)) }
            Is(CSR.mideleg) { s.mideleg.next <== value[11, 0] & Const(TrapMasks.supervisorInterrupts, .uint(12)) }
            Is(CSR.mie) { s.mieBits.next <== value[11, 0] & Const(TrapMasks.interrupts, .uint(12)) }
            Is(CSR.mtvec) { s.machine.tvec.next <== value & ~Const(2, .uint(xlen)) }
            Is(CSR.mcounteren) { s.mcounteren.next <== value[2, 0] }
            Is(CSR.mscratch) { s.machine.scratch.next <== value }
            Is(CSR.mepc) { s.machine.epc.next <== value & ~Const(3, .uint(xlen)) }
            Is(CSR.mcause) { s.machine.cause.next <== value }
            Is(CSR.mtval) { s.machine.tval.next <== value }
            Is(CSR.mip) { s.mipBits.next <== value[11, 0] & Const(TrapMasks.supervisorInterrupts, .uint(12)) }
            // PMP.configAfterWriting; a locked entry ignores writes.
            let unlocked = !s.pmpConfig[PMP.lock.trailingZeroBitCount], v = value[7, 0], shift = PMP.modeShift
            Is(CSR.pmpcfg0) {
                let na4 = v[shift + 1, shift] == Const(Int(PMP.Mode.na4.rawValue), .uint(2))
                let mode = Mux(na4, Const(Int(PMP.Mode.napot.rawValue), .uint(2)), v[shift + 1, shift])
                When(unlocked) { s.pmpConfig.next <== Cat(v[7], Const(0, .uint(2)), mode, v[2], v[1] && v[0], v[0]) }
            }
            Is(CSR.pmpaddr0) { When(unlocked) { s.pmpAddress.next <== value.resized(to: PMP.addressBits(xlen: xlen)) } }
            Is(CSR.mcycle) { s.mcycle.next <== (xlen == 64 ? value : Cat(s.mcycle[63, 32], value)) }
            Is(CSR.minstret) { s.minstret.next <== (xlen == 64 ? value : Cat(s.minstret[63, 32], value)) }
            if xlen == 32 {
                Is(CSR.mcycleh) { s.mcycle.next <== Cat(value, s.mcycle[31, 0]) }
                Is(CSR.minstreth) { s.minstret.next <== Cat(value, s.minstret[31, 0]) }
            }
        }
    }
}
