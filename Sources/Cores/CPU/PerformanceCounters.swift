import HDL

// Performance counters for `hdlgen sim --stats`: branch mispredictions, TLB misses and page-walk
// cycles, and the cycles lost to
// each kind of stall, each cycle charged to one cause. The cycles left after these and the
// retired instructions went to refilling the pipeline after a redirect (the simulator works
// them out). For the simulator, not for software: the hpmcounters read zero here, as in the ISA
// model; the core's `counters` port carries them to the SoC's, where the runner reads them.

extension Core {
    @LogicBuilder func performanceCounters(_ p: Pipeline, _ counters: PerformanceCounterBundle, instret: Signal, mmu: MMU.IO) -> [Statement] {
        let mispredictions = Reg(.uint(64), reset: 0)
        let memoryWaitCycles = Reg(.uint(64), reset: 0)      // a load or store waits for the data port
        let dividerCycles = Reg(.uint(64), reset: 0)         // execute holds a divide
        let loadUseCycles = Reg(.uint(64), reset: 0)         // decode waits for a load's value
        let itlbMisses = Reg(.uint(64), reset: 0)
        let dtlbMisses = Reg(.uint(64), reset: 0)
        let walkCycles = Reg(.uint(64), reset: 0)
        When(p.redirect.branch.valid) { mispredictions.next <== mispredictions + 1 }
        When(mmu.fetchMiss) { itlbMisses.next <== itlbMisses + 1 }
        When(mmu.dataMiss) { dtlbMisses.next <== dtlbMisses + 1 }
        When(mmu.walking) { walkCycles.next <== walkCycles + 1 }
        When(p.stall.memory) {
            memoryWaitCycles.next <== memoryWaitCycles + 1
        }.elseWhen(p.stall.divider) {
            dividerCycles.next <== dividerCycles + 1
        }.elseWhen(p.stall.loadUse) {
            loadUseCycles.next <== loadUseCycles + 1
        }
        counters.left <== p.order
        counters.retired <== instret
        counters.mispredictions <== mispredictions
        counters.memoryWaitCycles <== memoryWaitCycles
        counters.dividerCycles <== dividerCycles
        counters.loadUseCycles <== loadUseCycles
        counters.itlbMisses <== itlbMisses
        counters.dtlbMisses <== dtlbMisses
        counters.walkCycles <== walkCycles
    }
}
