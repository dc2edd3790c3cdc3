import HDL

// Decode: runs the decoder table on the fetched word and reads rs1 and rs2. A register written by
// the instruction in write-back this very cycle is taken from write-back (the register file would
// give the old value). Bubbles enter ID/EX on a load-use stall; a redirect empties it.

extension Core {
    @LogicBuilder func decode(_ p: Pipeline, _ decoder: Decoder.IO, _ registers: RegisterFile.IO) -> [Statement] {
        let inst = p.ifId.instruction
        decoder.instruction <== inst
        registers.read1.address <== rs1(inst)
        registers.read2.address <== rs2(inst)
        let writeBack = p.memWb
        let bypass1 = Wire(writeBack.valid && writeBack.writesRd && writeBack.rd == rs1(inst))
        let bypass2 = Wire(writeBack.valid && writeBack.writesRd && writeBack.rd == rs2(inst))

        When(p.trapRedirect || p.branchRedirect) {
            p.idEx.valid.next <== 0
        }.elseWhen(p.advanceEX) {
            p.idEx.valid.next <== p.ifId.valid && !p.loadUse
            p.idEx.pc.next <== p.ifId.pc
            p.idEx.instruction.next <== inst
            p.idEx.predictedNext.next <== p.ifId.predictedNext
            p.idEx.controlBits.next <== decoder.control
            p.idEx.imm.next <== decoder.imm
            p.idEx.rs1Value.next <== Mux(bypass1, writeBack.rdValue, registers.read1.data)
            p.idEx.rs2Value.next <== Mux(bypass2, writeBack.rdValue, registers.read2.data)
        }
    }
}
