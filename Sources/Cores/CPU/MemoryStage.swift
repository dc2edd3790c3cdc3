import HDL
import Spec

// Memory: loads and stores on the data port, their addresses translated by the MMU's data side
// (byte lanes and masks in, alignment and sign extension out), CSR instructions, and the commit
// point: exceptions and interrupts are taken here, before any side effect, and trap entry,
// mret/sret, fence.i, sfence.vma and satp writes redirect fetch from here.

extension Core {
    @LogicBuilder func memoryStage(_ p: Pipeline, _ dmem: MemoryPort, _ csr: CSRFile.IO, _ mmu: MMU.IO) -> [Statement] {
        let m = p.exMem
        let c = m.control
        let inst = m.instruction
        let privilege = csr.privilege
        let laneBits = xlen == 64 ? 3 : 2
        let dataWaiting = Reg(.bit, reset: 0)            // a data request is out, its response is due

        // Privileged instructions and CSR accesses are checked against the current mode.
        let privilegeFault = Wire((c.isMret && privilege != 3) || (c.isSret && (privilege == 0 || (privilege == 1 && csr.tsr)))
            || (c.isWfi && (privilege == 0 || (privilege == 1 && csr.tw)))
            || (c.isSfence && (privilege == 0 || (privilege == 1 && csr.tvm))) || (c.isCSR && csr.illegal))
        // Translation: loads and stores go through the data TLB, at the privilege MPRV gives them.
        let translation = mmu.data
        let dataPrivilege = Wire(Mux(csr.paging.mprv && privilege == 3, csr.paging.mpp, privilege))
        translation.valid <== m.valid && (c.isLoad || c.isStore) && !m.exception
        translation.va <== m.result
        translation.access <== Mux(c.isStore, MemoryAccess.store.hw, MemoryAccess.load.hw)
        translation.translate <== csr.paging.on && dataPrivilege != 3
        translation.user <== dataPrivilege == 0
        translation.machine <== dataPrivilege == 3
        let translationFault = Wire(translation.valid && translation.done && (translation.pageFault || translation.accessFault))
        let faultCode = Wire(Mux(translation.pageFault, Mux(c.isStore, ExceptionCause.storePageFault.hw, ExceptionCause.loadPageFault.hw),
                                 Mux(c.isStore, ExceptionCause.storeAccessFault.hw, ExceptionCause.loadAccessFault.hw)))
        let exception = Wire(m.valid && (m.exception || c.isEcall || privilegeFault || translationFault))
        // An interrupt waits for a data access in flight and for a page walk, and for a divide to commit:
        // a divide killed by every interrupt could be restarted for ever when interrupts come faster than it ends.
        let interrupt = Wire(m.valid && csr.interrupt.valid && !dataWaiting && !mmu.walking && !p.stall.divider && !c.isDiv)
        let trap = Wire(interrupt || exception)
        let code = Wire(.uint(4))
        let tval = Wire(.uint(xlen))
        code <== 0
        tval <== 0
        When(trap) {        // worked out only when there is a trap to take
            code <== Mux(interrupt, csr.interrupt.bits, Mux(m.exception, m.cause,
                         Mux(c.isEcall, ExceptionCause.ecallFromU.hw | privilege.zeroExtended(to: 4),
                             Mux(translationFault, faultCode, ExceptionCause.illegalInstruction.hw))))
            tval <== Mux(interrupt || c.isEcall, Const(0, .uint(xlen)), Mux(m.exception, m.tval,
                         Mux(translationFault, m.result, inst.zeroExtended(to: xlen))))
        }
        let commits = Wire(m.valid && !trap)
        csr.trap.valid <== trap
        csr.trap.bits.interrupt <== interrupt
        csr.trap.bits.code <== code
        csr.trap.bits.pc <== m.pc
        csr.trap.bits.tval <== tval
        csr.command.valid <== m.valid && c.isCSR            // it writes only if nothing traps
        csr.command.bits.address <== inst[31, 20]
        csr.command.bits.op <== inst[13, 12]
        csr.command.bits.operand <== m.csrOperand
        csr.command.bits.write <== inst[13, 12] == 1 || rs1(inst) != 0
        csr.retired <== commits && !p.stall.memory    // minstret counts at commit (a write to it wins)
        csr.mret <== commits && c.isMret
        csr.sret <== commits && c.isSret
        let xret = Wire(commits && (c.isMret || c.isSret))
        let returnTarget = Wire(Mux(c.isMret, csr.mepc, csr.sepc))
        // sfence.vma and satp writes flush the TLBs and refetch what follows, with the new translation.
        let translationChanged = Wire((commits && c.isSfence) || csr.satpWritten)
        mmu.flush <== translationChanged
        p.redirect.trap.valid <== trap || xret || (commits && c.isFenceI) || translationChanged
        p.redirect.trap.bits <== Mux(trap, csr.trapVector, Mux(xret, returnTarget, m.nextPC))

        // The data access: byte lanes of an XLEN-bit word, selected by the low address bits.
        let access = Wire(commits && (c.isLoad || c.isStore))
        let offset = Wire(m.result[laneBits - 1, 0])
        let bitOffset = Wire(Cat(offset, Const(0, .uint(3))))
        let sizeMask = Wire(Mux(inst[13], Mux(inst[12], Const(0xFF, .uint(8)), Const(0x0F, .uint(8))),
                                Mux(inst[12], Const(0x03, .uint(8)), Const(0x01, .uint(8)))))
        let mask = Wire((sizeMask.resized(to: xlen / 8) << offset))
        dmem.request.valid <== access && translation.done && !dataWaiting
        dmem.request.bits.address <== translation.pa
        dmem.request.bits.write <== c.isStore
        dmem.request.bits.writeData <== m.storeData << bitOffset
        dmem.request.bits.mask <== mask
        // The response is this stage's (not the walker's) once its request is out.
        let issued = Wire(dmem.request.valid && dmem.request.ready)
        let responded = Wire(dmem.response.valid && (dataWaiting || issued))
        p.stall.memory <== access && !responded
        dataWaiting.next <== access && !responded && (dataWaiting || issued)

        let shifted = Wire(dmem.response.bits >> bitOffset)
        let loadValue = Wire(.uint(xlen))
        loadValue <== shifted
        Switch(inst[14, 12]) {
            Is(0) { loadValue <== shifted[7, 0].signExtended(to: xlen) }
            Is(1) { loadValue <== shifted[15, 0].signExtended(to: xlen) }
            Is(4) { loadValue <== shifted[7, 0].zeroExtended(to: xlen) }
            Is(5) { loadValue <== shifted[15, 0].zeroExtended(to: xlen) }
            if xlen == 64 {
                Is(2) { loadValue <== shifted[31, 0].signExtended(to: xlen) }
                Is(6) { loadValue <== shifted[31, 0].zeroExtended(to: xlen) }
            }
        }
        p.memValue <== Mux(c.isMul, p.multiplierResult, Mux(c.isCSR, csr.readValue, m.result))

        // MEM/WB: every instruction that leaves, including those that trap, for the retirement record.
        let order = p.order
        let w = p.memWb
        let r = w.retire
        let writesRd = Wire(commits && c.writesRd && rd(inst) != 0)
        let rdValue = Wire(Mux(c.isLoad, loadValue, p.memValue))
        let leaves = Wire(m.valid && !p.control.memWb.flush)     // to write-back (nothing holds there)
        w.valid.next <== leaves
        When(leaves) { order.next <== order + 1 }
        w.writesRd.next <== writesRd
        w.rd.next <== rd(inst)
        w.rdValue.next <== rdValue
        r.order.next <== order
        r.pc.next <== m.pc
        r.nextPC.next <== Mux(trap || xret, p.redirect.trap.bits, m.nextPC)
        r.instruction.next <== inst
        r.trap.next <== trap
        r.cause.next <== Mux(trap, Cat(interrupt, Const(0, .uint(xlen - 5)), code), Const(0, .uint(xlen)))
        r.tval.next <== Mux(trap, tval, Const(0, .uint(xlen)))
        r.mode.next <== privilege
        r.rd.next <== Mux(writesRd, rd(inst), Const(0, .uint(5)))
        r.rdValue.next <== Mux(writesRd, rdValue, Const(0, .uint(xlen)))
        r.memAddress.next <== Mux(access, m.result, Const(0, .uint(xlen)))
        r.memReadMask.next <== Mux(access && c.isLoad, mask, Const(0, .uint(xlen / 8)))
        r.memWriteMask.next <== Mux(access && c.isStore, mask, Const(0, .uint(xlen / 8)))
        r.memReadData.next <== Mux(access && c.isLoad, dmem.response.bits, Const(0, .uint(xlen)))
        r.memWriteData.next <== Mux(access && c.isStore, m.storeData << bitOffset, Const(0, .uint(xlen)))
    }
}
