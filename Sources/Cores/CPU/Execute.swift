import HDL
import Spec

// Execute: the ALU (from Common), the branch and jump resolution that checks the fetch prediction
// (a wrong one redirects fetch and flushes IF/ID and ID/EX), address checks for misaligned targets
// and accesses, the start of a multiply (its result is ready in the memory stage) and the divider.

extension Core {
    @LogicBuilder func execute(_ p: Pipeline) -> [Statement] {
        let ex = p.idEx
        let c = ex.control
        let inst = ex.instruction
        p.operands.rs1 <== forwarded(p, rs1(inst), ex.rs1Value)
        p.operands.rs2 <== forwarded(p, rs2(inst), ex.rs2Value)
        let rs1Value = p.operands.rs1, rs2Value = p.operands.rs2
        let out = p.control.exMem
        let leaves = Wire(!out.hold && !p.stall.divider && !p.redirect.trap.valid)   // to the memory stage

        let alu = Instance(ALU(xlen: xlen))
        alu.a <== Mux(c.aIsZero, Const(0, .uint(xlen)), Mux(c.aIsPC, ex.pc, rs1Value))
        alu.b <== Mux(c.bIsImm, ex.imm, rs2Value)
        alu.op <== c.aluOp
        alu.branch <== c.branchOp

        // Control transfers: the real next pc, compared with the one fetch predicted.
        let sequential = Wire(ex.pc + 4)
        let taken = Wire(c.isJal || c.isJalr || (c.isBranch && alu.taken))
        let target = Wire(Mux(c.isJalr, alu.result & ~Const(1, .uint(xlen)), ex.pc + ex.imm))
        let nextPC = Wire(Mux(taken, target, sequential))
        let misalignedTarget = Wire(taken && target[1])
        // Only as the instruction leaves execute: a divide held there would be flushed with the rest
        // (a stale BTB entry can predict a jump at any instruction, e.g. after code is rewritten).
        p.redirect.branch.valid <== ex.valid && nextPC != ex.predictedNext && leaves
        p.redirect.branch.bits <== nextPC
        let linkIsRA = Wire(rd(inst) == 1 || rd(inst) == 5)
        let sourceIsRA = Wire(rs1(inst) == 1 || rs1(inst) == 5)
        p.branchUpdate.valid <== ex.valid && (c.isBranch || c.isJal || c.isJalr) && !misalignedTarget && leaves
        p.branchUpdate.bits.pc <== ex.pc
        p.branchUpdate.bits.target <== target
        p.branchUpdate.bits.taken <== taken
        p.branchUpdate.bits.kind <== Mux(c.isBranch, JumpKind.branch.hw, Mux(linkIsRA, JumpKind.call.hw,
                                         Mux(c.isJalr && sourceIsRA, JumpKind.ret.hw, JumpKind.jump.hw)))

        // Data accesses must be naturally aligned (funct3[1:0] is log2 of the size).
        let size = Wire(inst[13, 12])
        let address = alu.result
        let misalignedAccess = Wire((size == 1 && address[0]) || (size == 2 && address[1, 0] != 0)
                                    || (size == 3 && address[2, 0] != 0))

        // Multiply: issued here; with one stage, the product comes out of the multiplier while the
        // instruction is in the memory stage, in time to be forwarded from there like any result.
        let multiplier = Instance(Multiplier(xlen: xlen, latency: 1))
        multiplier.request.valid <== ex.valid && c.isMul
        multiplier.request.bits.a <== rs1Value
        multiplier.request.bits.b <== rs2Value
        multiplier.request.bits.op <== c.mulOp
        p.multiplierResult <== multiplier.result.bits
        // Divide: start once, hold execute until done.
        let divider = Instance(Divider(xlen: xlen))
        let divStarted = Reg(.bit, reset: 0)
        divider.start <== ex.valid && c.isDiv && !divStarted
        divider.a <== rs1Value
        divider.b <== rs2Value
        divider.op <== inst[13, 12]
        divider.word <== inst[3]
        p.stall.divider <== ex.valid && c.isDiv && !(divStarted && divider.done)
        When(p.redirect.trap.valid || leaves) {
            divStarted.next <== 0
        }.elseWhen(divider.start) {
            divStarted.next <== 1
        }

        When(out.flush) {
            p.exMem.valid.next <== 0
        }.elseWhen(!out.hold) {
            p.exMem.valid.next <== ex.valid
            p.exMem.pc.next <== ex.pc
            p.exMem.instruction.next <== inst
            p.exMem.nextPC.next <== nextPC
            p.exMem.controlBits.next <== ex.controlBits
            p.exMem.result.next <== Mux(c.isJal || c.isJalr, sequential, Mux(c.isDiv, divider.result, alu.result))
            p.exMem.storeData.next <== rs2Value
            p.exMem.csrOperand.next <== Mux(inst[14], ex.imm, rs1Value)
            // Exceptions found so far, in priority order (ecall and privilege checks come in memory).
            p.exMem.exception.next <== 1
            p.exMem.tval.next <== 0
            When(ex.fetchFault != FetchFault.none) {
                p.exMem.cause.next <== Mux(ex.fetchFault == FetchFault.pageFault, ExceptionCause.instructionPageFault.hw,
                                           ExceptionCause.instructionAccessFault.hw)
                p.exMem.tval.next <== ex.pc
            }.elseWhen(!c.legal) {
                p.exMem.cause.next <== ExceptionCause.illegalInstruction; p.exMem.tval.next <== inst.zeroExtended(to: xlen)
            }.elseWhen(c.isEbreak) {
                p.exMem.cause.next <== ExceptionCause.breakpoint; p.exMem.tval.next <== ex.pc
            }.elseWhen(misalignedTarget) {
                p.exMem.cause.next <== ExceptionCause.instructionMisaligned; p.exMem.tval.next <== target
            }.elseWhen((c.isLoad || c.isStore) && misalignedAccess) {
                p.exMem.cause.next <== Mux(c.isStore, ExceptionCause.storeMisaligned.hw, ExceptionCause.loadMisaligned.hw); p.exMem.tval.next <== address
            }.otherwise {
                p.exMem.exception.next <== 0
            }
        }
    }
}
