import HDL

// Hazards: when each pipeline register may take a new instruction, and where execute's operands
// come from. Results are forwarded from the memory and write-back stages, so the only data stall
// is load-use (a load's value is known only at the end of the memory stage). The divider holds
// execute; a data access that is still waiting holds everything up to memory.

extension Core {
    @LogicBuilder func hazards(_ p: Pipeline, _ decoded: Control) -> [Statement] {
        let inst = p.ifId.instruction
        let loadRd = Wire(rd(p.idEx.instruction))
        p.loadUse <== p.ifId.valid && p.idEx.valid && p.idEx.control.isLoad && loadRd != 0
            && ((decoded.usesRs1 && rs1(inst) == loadRd) || (decoded.usesRs2 && rs2(inst) == loadRd))
        p.advanceMEM <== !p.memBusy
        p.advanceEX <== !p.memBusy && !p.exBusy
        p.advanceID <== !p.memBusy && !p.exBusy && !p.loadUse
    }

    /// The value of source register `index` for the instruction in execute: the newest of the memory
    /// stage's result, write-back's, and what decode read.
    func forwarded(_ p: Pipeline, _ index: Signal, _ decodeValue: Signal) -> Signal {
        let fromMemory = p.exMem.valid && p.exMem.control.writesRd && rd(p.exMem.instruction) == index && index != 0
        let fromWriteBack = p.memWb.valid && p.memWb.writesRd && p.memWb.rd == index
        return Mux(fromMemory, p.memValue, Mux(fromWriteBack, p.memWb.rdValue, decodeValue))
    }
}
