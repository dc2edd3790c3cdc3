import HDL

// Traps and interrupts of the CSR file: which enabled interrupt is pending, where a trap goes
// (delegated to S mode by medeleg/mideleg when taken below M), what trap entry saves, and what
// mret/sret restore. The pipeline decides when to take them, at the memory stage.

extension CSRFile {
    /// Interrupts in priority order: MEI, MSI, MTI, SEI, SSI, STI.
    static let interruptPriority = [11, 3, 7, 9, 1, 5]

    @LogicBuilder func traps(_ io: IO, _ s: State) -> [Statement] {
        let pending = Wire((Cat(Const(0, .uint(4)), io.mtip, Const(0, .uint(3)), io.msip, Const(0, .uint(3))) | s.mipBits) & s.mieBits)
        // Usually nothing enabled is pending, and a trap is rare: what only they need is worked
        // out only then (a simulator skips it in the other cycles).
        let toMachine = Wire(.uint(12))
        let toSupervisor = Wire(.uint(12))
        toMachine <== 0
        toSupervisor <== 0
        io.interrupt.valid <== 0
        io.interrupt.bits <== 0
        When(pending != 0) {
            let machineEnabled = s.privilege != 3 || s.mstatus.mie
            let supervisorEnabled = s.privilege == 0 || (s.privilege == 1 && s.mstatus.sie)
            toMachine <== pending & ~s.mideleg & machineEnabled.replicated(12)
            toSupervisor <== pending & s.mideleg & supervisorEnabled.replicated(12)
            // The highest-priority interrupt: machine-level ones first, then supervisor-level ones.
            var code: Signal = Const(0, .uint(4))
            for set in [toSupervisor, toMachine] {
                for bit in Self.interruptPriority.reversed() {
                    code = Mux(set[bit], Const(bit, .uint(4)), code)
                }
            }
            io.interrupt.valid <== (toMachine | toSupervisor) != 0
            io.interrupt.bits <== code
        }

        // Trap entry: to S mode when delegated and not in M mode, else to M mode.
        let trap = io.trap.bits
        let delegated = Wire(.bit)
        let tvec = Wire(.uint(xlen))
        delegated <== 0
        tvec <== 0
        io.trapVector <== 0
        let cause = Cat(trap.interrupt, Const(0, .uint(xlen - 5)), trap.code)
        let status = s.mstatus
        When(io.trap.valid) {
            delegated <== s.privilege != 3 && Mux(trap.interrupt, (s.mideleg >> trap.code)[0], (s.medeleg >> trap.code)[0])
            tvec <== Mux(delegated, s.supervisor.tvec, s.machine.tvec)
            let base = Cat(tvec[xlen - 1, 2], Const(0, .uint(2)))
            let offset = Cat(trap.code, Const(0, .uint(2))).zeroExtended(to: xlen)
            io.trapVector <== Mux(tvec[0] && trap.interrupt, base + offset, base)
            When(delegated) {
                s.supervisor.cause.next <== cause; s.supervisor.epc.next <== trap.pc; s.supervisor.tval.next <== trap.tval
                status.spp.next <== s.privilege[0]; status.spie.next <== status.sie; status.sie.next <== 0
                s.privilege.next <== Privilege.supervisor
            }.otherwise {
                s.machine.cause.next <== cause; s.machine.epc.next <== trap.pc; s.machine.tval.next <== trap.tval
                status.mpp.next <== s.privilege; status.mpie.next <== status.mie; status.mie.next <== 0
                s.privilege.next <== Privilege.machine
            }
        }.elseWhen(io.mret) {
            s.privilege.next <== status.mpp; status.mie.next <== status.mpie; status.mpie.next <== 1; status.mpp.next <== Privilege.user
            When(status.mpp != 3) { status.mprv.next <== 0 }
        }.elseWhen(io.sret) {
            s.privilege.next <== Cat(Const(0, .bit), status.spp); status.sie.next <== status.spie; status.spie.next <== 1
            status.spp.next <== 0; status.mprv.next <== 0
        }
    }
}
