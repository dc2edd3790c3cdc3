import HDL

// Decode: runs the decoder table on the fetched word and reads rs1 and rs2. A register written by
// the instruction in write-back this very cycle is taken from write-back (the register file would
// give the old value). Decode writes ID/EX: a bubble on a load-use stall or a redirect, and while
// execute holds, the operands kept up to date: a value forwarded from write-back is gone a cycle
// later, when its instruction has left the pipeline.

extension Core {
    @LogicBuilder func decode(_ p: Pipeline, _ decoder: Decoder.IO, _ registers: RegisterFile.IO) -> [Statement] {
        let inst = p.ifId.instruction
        decoder.instruction <== inst
        registers.read1.address <== rs1(inst)
        registers.read2.address <== rs2(inst)
        let writeBack = p.memWb
        let bypass1 = Wire(writeBack.valid && writeBack.writesRd && writeBack.rd == rs1(inst))
        let bypass2 = Wire(writeBack.valid && writeBack.writesRd && writeBack.rd == rs2(inst))

        let c = p.control.idEx
        When(c.flush) {
            p.idEx.valid.next <== 0
        }.elseWhen(!c.hold) {
            p.idEx.valid.next <== p.ifId.valid
            p.idEx.pc.next <== p.ifId.pc
            p.idEx.instruction.next <== inst
            p.idEx.predictedNext.next <== p.ifId.predictedNext
            p.idEx.fetchFault.next <== p.ifId.fetchFault
            p.idEx.controlBits.next <== decoder.control
            p.idEx.imm.next <== decoder.imm
            p.idEx.rs1Value.next <== Mux(bypass1, writeBack.rdValue, registers.read1.data)
            p.idEx.rs2Value.next <== Mux(bypass2, writeBack.rdValue, registers.read2.data)
        }.otherwise {
            p.idEx.rs1Value.next <== p.operands.rs1
            p.idEx.rs2Value.next <== p.operands.rs2
        }
    }
}
