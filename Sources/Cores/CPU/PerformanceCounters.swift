import HDL

// Performance counters for `hdlgen sim --stats`: branch mispredictions, and the cycles execute
// did no useful work, each charged to one cause. They are for the simulator, not for software
// (the hpmcounters read zero here, as in the ISA model); it reads them by name when a run ends.

extension Core {
    @LogicBuilder func performanceCounters(_ p: Pipeline) -> [Statement] {
        let mispredictions = Reg(.uint(64), reset: 0)
        let memoryWaitCycles = Reg(.uint(64), reset: 0)      // a load or store waits for the data port
        let dividerCycles = Reg(.uint(64), reset: 0)         // execute holds a divide
        let loadUseCycles = Reg(.uint(64), reset: 0)         // execute got the bubble of a load-use stall
        let refillCycles = Reg(.uint(64), reset: 0)          // execute is empty after a redirect or a late fetch
        let loadUseBubble = Reg(.bit, reset: 0)              // the bubble in ID/EX is a load-use one
        When(p.advanceEX) { loadUseBubble <== p.loadUse }
        When(p.branchRedirect) { mispredictions <== mispredictions + 1 }
        When(p.memBusy) {
            memoryWaitCycles <== memoryWaitCycles + 1
        }.elseWhen(p.exBusy) {
            dividerCycles <== dividerCycles + 1
        }.elseWhen(!p.idEx.valid && loadUseBubble) {
            loadUseCycles <== loadUseCycles + 1
        }.elseWhen(!p.idEx.valid) {
            refillCycles <== refillCycles + 1
        }
    }
}
