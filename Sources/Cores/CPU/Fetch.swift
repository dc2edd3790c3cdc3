import HDL

// Fetch: translates `pc` through the MMU's instruction side (a TLB hit costs nothing; a miss waits
// for the walker), asks the instruction port for the word there, and asks the branch predictor
// where to go next. A fault in translation goes down the pipeline in place of an instruction. With a zero-wait memory the answer comes in the same cycle, so one instruction is fetched
// per cycle; with a slower memory one request is outstanding, and a word that arrives while decode
// is stalled waits in a one-entry buffer. A redirect drops whatever is still in flight. Fetch
// writes IF/ID, which flushes exactly on a redirect.

extension Core {
    @LogicBuilder func fetch(_ p: Pipeline, _ imem: MemoryPort, _ mmu: TranslationPort, _ csr: CSRFile.IO) -> [Statement] {
        let pc = Reg(.uint(xlen), reset: Const(resetPC, .uint(xlen)))
        let fetchWaiting = Reg(.bit, reset: 0)            // a request was accepted, its response is due
        let fetchDiscard = Reg(.bit, reset: 0)            // ... and belongs to a path that was redirected
        let buffered = Reg(.bit, reset: 0)
        let bufferedInstruction = Reg(.uint(32), reset: 0)
        let predictor = Instance(BranchPredictor(xlen: xlen, entries: btbEntries))

        let c = p.control.ifId
        let wantsFetch = Wire(!fetchWaiting && !buffered && !c.hold)
        mmu.valid <== wantsFetch
        mmu.va <== pc
        mmu.access <== MemoryAccess.fetch
        mmu.translate <== csr.paging.on && csr.privilege != 3
        mmu.user <== csr.privilege == 0
        mmu.machine <== csr.privilege == 3
        let faulted = Wire(mmu.done && (mmu.pageFault || mmu.accessFault))
        let accepted = Wire(imem.request.valid && imem.request.ready)
        let arrived = Wire(imem.response.valid && !fetchDiscard)
        let delivered = Wire(arrived || buffered || faulted)
        let instruction = Wire(Mux(faulted, Const(0, .uint(32)), Mux(buffered, bufferedInstruction, imem.response.bits)))
        let outstanding = Wire((fetchWaiting || accepted) && !imem.response.valid)

        imem.request.valid <== wantsFetch && mmu.done && !faulted
        imem.request.bits.address <== mmu.pa
        imem.request.bits.write <== 0
        imem.request.bits.writeData <== 0
        imem.request.bits.mask <== 0
        predictor.fetchPC <== pc
        predictor.fetchAdvance <== delivered && !c.hold && !c.flush
        fetchWaiting.next <== outstanding
        fetchDiscard.next <== outstanding && (fetchDiscard || c.flush)

        When(c.flush) {
            pc.next <== Mux(p.redirect.trap.valid, p.redirect.trap.bits, p.redirect.branch.bits)
            buffered.next <== 0
            p.ifId.valid.next <== 0
        }.elseWhen(!c.hold) {
            p.ifId.valid.next <== delivered
            p.ifId.pc.next <== pc
            p.ifId.instruction.next <== instruction
            p.ifId.predictedNext.next <== predictor.prediction
            p.ifId.fetchFault.next <== Mux(faulted, Mux(mmu.pageFault, FetchFault.pageFault.hw, FetchFault.accessFault.hw), FetchFault.none.hw)
            When(delivered) {
                pc.next <== predictor.prediction
                buffered.next <== 0
            }
        }.elseWhen(arrived) {
            buffered.next <== 1
            bufferedInstruction.next <== imem.response.bits
        }
        predictor.update <== p.branchUpdate
    }
}
