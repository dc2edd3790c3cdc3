import HDL

// Hazards: the one place that decides, each cycle, which pipeline register holds its value and
// which is flushed (a bubble), from the reasons to wait and the redirects. Results are forwarded
// from the memory and write-back stages, so the only data stall is load-use (a load's value is
// known only at the end of the memory stage). The divider holds execute; a data access that is
// still waiting holds everything up to memory. Each stage writes the register after it as
// `When(flush) { bubble } .elseWhen(!hold) { take the new instruction }`.

/// What the hazard unit says to one pipeline register.
struct StageControl: Bundle {
    var hold = Signal(.bit)       // keeps its value: the stage after it cannot take a new instruction
    var flush = Signal(.bit)      // becomes a bubble (valid = 0); wins over hold
}

/// The hazard unit's decisions, one record per pipeline register.
struct PipelineControl: Bundle {
    var ifId = StageControl()
    var idEx = StageControl()
    var exMem = StageControl()
    var memWb = StageControl()
}

/// Why a stage waits this cycle; each is set by the stage that waits.
struct StallReasons: Bundle {
    var loadUse = Signal(.bit)    // decode needs the value of the load in execute (Hazards.swift)
    var divider = Signal(.bit)    // a divide holds execute (Execute.swift)
    var memory = Signal(.bit)     // a load or store waits for the data port (MemoryStage.swift)
}

/// Where fetch goes instead of where it was going.
struct Redirects: Bundle {
    var trap: Valid<Signal>       // a trap, mret/sret or fence.i commits: the handler or next pc
    var branch: Valid<Signal>     // execute found a misprediction: the real next pc
    init(xlen: Int) { trap = Valid(Signal(.uint(xlen))); branch = Valid(Signal(.uint(xlen))) }
}

/// The source operands of the instruction in execute, after forwarding.
struct Operands: Bundle {
    var rs1: Signal
    var rs2: Signal
    init(xlen: Int) { rs1 = Signal(.uint(xlen)); rs2 = Signal(.uint(xlen)) }
}

extension Core {
    @LogicBuilder func hazards(_ p: Pipeline, _ decoded: Control) -> [Statement] {
        let inst = p.ifId.instruction
        let loadRd = Wire(rd(p.idEx.instruction))
        let stall = p.stall, c = p.control
        stall.loadUse <== p.ifId.valid && p.idEx.valid && p.idEx.control.isLoad && loadRd != 0
            && ((decoded.usesRs1 && rs1(inst) == loadRd) || (decoded.usesRs2 && rs2(inst) == loadRd))
        let redirected = Wire(p.redirect.trap.valid || p.redirect.branch.valid)

        c.ifId.hold <== stall.memory || stall.divider || stall.loadUse
        c.ifId.flush <== redirected
        c.idEx.hold <== stall.memory || stall.divider
        c.idEx.flush <== redirected || (stall.loadUse && !c.idEx.hold)      // a bubble behind the load
        c.exMem.hold <== stall.memory
        c.exMem.flush <== p.redirect.trap.valid || (stall.divider && !c.exMem.hold)
        c.memWb.hold <== 0                                                   // write-back never waits
        c.memWb.flush <== stall.memory
    }

    /// The value of source register `index` for the instruction in execute: the newest of the memory
    /// stage's result, write-back's, and what decode read.
    func forwarded(_ p: Pipeline, _ index: Signal, _ decodeValue: Signal) -> Signal {
        let fromMemory = p.exMem.valid && p.exMem.control.writesRd && rd(p.exMem.instruction) == index && index != 0
        let fromWriteBack = p.memWb.valid && p.memWb.writesRd && p.memWb.rd == index
        return Mux(fromMemory, p.memValue, Mux(fromWriteBack, p.memWb.rdValue, decodeValue))
    }
}
