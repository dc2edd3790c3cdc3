import HDL

// Write-back: writes rd and publishes the retirement record of the instruction (or trap) that
// leaves the pipeline, RVFI-style, so a testbench or the ISA model can follow it step by step.

extension Core {
    @LogicBuilder func writeBack(_ p: Pipeline, _ registers: RegisterFile.IO, _ retire: Valid<RetirementBundle>) -> [Statement] {
        let w = p.memWb
        registers.write.enable <== w.valid && w.writesRd
        registers.write.address <== w.rd
        registers.write.data <== w.rdValue
        retire.valid <== w.valid
        retire.bits <== w.retire
        if let order = faultAtOrder {
            When(w.retire.order == Const(order, .uint(64))) {     // the injected fault (tests only)
                registers.write.data <== w.rdValue ^ 1
                retire.bits.rdValue <== w.retire.rdValue ^ 1
            }
        }
    }
}
