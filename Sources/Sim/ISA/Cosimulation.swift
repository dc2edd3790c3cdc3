/// Hooks for lock-step co-simulation with an RTL core. Some values are not architecturally fixed:
/// the moment an interrupt is taken, MMIO loads, and counter reads. For those the model follows
/// the RTL, as ibex's co-simulation with Spike does.
extension Machine {
    /// Makes the model take interrupts only through `takeInterrupt(_:)`.
    public func followInterruptsFromOutside() {
        hart.s.pointee.interruptsFromOutside = true
    }

    /// Takes interrupt `irq` (its number, without the interrupt bit) now, as the RTL did, and
    /// describes it like `step()` describes an interrupt.
    public func takeInterrupt(_ irq: UInt64) -> RetirementRecord {
        let st = hart.s
        let pc = st.pointee.pc
        let record = RetirementRecord(order: st.pointee.instret &+ st.pointee.trapCount, pc: pc, nextPC: pc,
                                instruction: hart.rawInstruction(at: pc) ?? 0, privilege: st.pointee.privilege)
        let trap = Trap(interrupt: irq)
        hart.takeTrap(trap, pc: pc)
        var r = record
        r.trap = trap
        r.nextPC = st.pointee.pc
        return r
    }

    /// Overwrites register `rd` with the RTL's value (after an MMIO load or a counter read).
    public func adoptRegister(_ rd: Int, _ value: UInt64) {
        hart.setRegister(rd, value)
    }
}
