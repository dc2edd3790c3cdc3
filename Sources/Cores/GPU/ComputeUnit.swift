import HDL
import Spec

// ComputeUnit: one unit: its warps' thread state (pc, live, waiting at a barrier, call depth) and,
// each cycle, the issue of one warp-instruction (round-robin over the ready warps) on the threads at
// the warp's selected pc: fetch, decode, register read, execute, write-back and the state update all
// in that cycle (docs/GPU.md rules 2, 3, 6 and 7).

public struct ComputeUnit: Module {
    public var config: GPUConfig
    public var ramBytes: Int
    public init(config: GPUConfig, ramBytes: Int) { self.config = config; self.ramBytes = ramBytes }
    public var name: String { "ComputeUnit_\(config.moduleTag)_ram\(ramBytes >> 10)k" }

    public struct IO: Bundle {
        public var now = Input(.uint(32)), start = Input(.bit), running = Input(.bit)   // launch cycle; a launch starts; it runs
        public var issueEnable = Input(.bit), unit = Input(.uint(8))                    // no lower unit faults now; this unit's index
        public var entry = Input(.uint(32)), arg = Input(.uint(32)), shape = Input(LaunchShape())
        public var dispatch = Input(.bit), block = Input(BlockStart()), table: SlotTable  // take `block` (the unit is free)
        public var fetch: [FetchPort]                                                   // per warp: its pc, its instruction
        public var memory: MemoryIssue, grant = Input(.uint(32)), load: RegisterWrite   // to the port; its slot for it; a load's values
        public var fault = Output(GPUFault()), trace: Valid<GPUTraceRecord>
        public var free = Output(.bit)                                                  // no live thread: ready for a block
        init(config: GPUConfig) {
            table = Input(SlotTable(slots: config.maxBlockThreads))
            fetch = (0..<config.warps).map { _ in FetchPort() }
            trace = Valid(GPUTraceRecord(lanes: config.lanes))
            memory = Output(MemoryIssue(lanes: config.lanes, warps: config.warps))
            load = Input(RegisterWrite(lanes: config.lanes, warps: config.warps))
        }
    }
    public var io: IO { IO(config: config) }

    public func body(_ io: IO) -> [Statement] {
        let W = config.warps, T = config.lanes, byDepth = config.policy == .depthThenMinPC
        // Thread state: pc and call depth per thread (warp w, lane l at w x T + l), live lanes per warp.
        let pcs = Regs(W * T, .uint(32))
        let depths = byDepth ? Regs(W * T, .sint(32), named: "depths") : []
        let live = Regs(W, .uint(T)), waiting = Regs(W, .uint(T))
        let block = Reg(BlockStart())
        // The unit's logic rests while no launch runs and its pipelines have drained (ends of divides included).
        let drain = Reg(.uint(8), reset: 0)
        drain.next <== Mux(io.running || io.dispatch, Const(config.divLatency + 4, .uint(8)), Mux(drain == 0, drain, drain - 1))
        io.free <== !Cat(live).orR()
        Gated(io.running || io.dispatch || io.start || drain != 0) {
            // 1. Per warp: its pc and lanes (MinPC over its running threads), its instruction, decoded, and
            // whether the scoreboard lets it issue.
            let scoreboard = Instance(Scoreboard(warps: W))
            let selects = (0..<W).map { Instance(MinPC(lanes: T, policy: config.policy), named: "minpc\($0)") }
            let decoders = (0..<W).map { Instance(GPUDecoder(), named: "decoder\($0)") }
            for w in 0..<W {
                selects[w].running <== live[w] & ~waiting[w]
                for l in 0..<T { selects[w].pcs[l] <== pcs[w * T + l] }
                for (l, d) in selects[w].depths.enumerated() { d <== depths[w * T + l] }
                io.fetch[w].address <== Mux(io.running, selects[w].pc, Const(0, .uint(32)))
                decoders[w].instruction <== io.fetch[w].word
                scoreboard.words[w] <== decoders[w].control.word
                scoreboard.controls[w] <== decoders[w].control.controlBits
                scoreboard.check[w] <== decoders[w].control.legal && !fetchFault(selects[w].pc)
            }
            // 2. The warp to issue: the first ready one after the last that issued (WarpScheduler).
            let scheduler = Instance(WarpScheduler(warps: W))
            let last = Reg(.uint(bitsToRepresent(count: W)))
            scheduler.eligible <== Cat((0..<W).reversed().map { selects[$0].any && scoreboard.ready[$0] })
            scheduler.last <== last
            let warp = Wire(scheduler.chosen)
            let c = select(decoders.map(\.control), at: warp, as: GPUControl())
            let pc = Wire(selects.map(\.pc)[warp]), mask = Wire(selects.map(\.mask)[warp])
            let fire = Wire(scheduler.any && io.issueEnable && io.running)
            When(fire) { last.next <== warp }
            // 3. A fault: the pc misaligned, or outside RAM, or an illegal instruction (docs/GPU.md, errors).
            let misaligned = Wire(pc[1, 0] != 0), outside = Wire(!inRAM(pc, ramBytes: ramBytes))
            let faults = Wire(misaligned || outside || !c.legal)
            let cause = Mux(misaligned, Const(Int(GPUCause.misalignedFetch), .uint(5)),
                            Mux(outside, Const(Int(GPUCause.fetchAccess), .uint(5)), Const(Int(GPUCause.illegalInstruction), .uint(5))))
            // A load or store (LoadStoreUnit) may fault on a lane; the lanes before it execute.
            let lsu = Instance(LoadStoreUnit(config: config, ramBytes: ramBytes))
            let memory = Wire(c.control.isLoad || c.control.isStore)
            for (port, value) in [(lsu.enable, fire && !faults && memory), (lsu.isLoad, c.control.isLoad), (lsu.funct3, c.word[14, 12]),
                                  (lsu.mask, mask)] { port <== value }
            for (port, value) in [(io.fault.valid, fire && faults || lsu.fault.valid), (io.fault.cause, Mux(faults, cause, lsu.fault.cause)),
                                  (io.fault.pc, pc), (io.fault.address, Mux(misaligned || outside, pc, Mux(faults, c.word, lsu.fault.address)))] { port <== value }
            let ok = Wire(fire && !faults && !lsu.fault.valid)                 // it issues and does not fault
            let exec = Wire(Mux(fire && !faults, Mux(memory, lsu.exec, mask), Const(0, .uint(T))))   // the lanes that execute
            let writes = Wire(c.control.writesRd && c.rd != 0)                 // to a register (not x0)
            // A global op books lines on the port: the warp waits for its last slot, a load's rd for the data.
            let global = Wire(lsu.lines != 0), booked = Wire(io.grant + lsu.lines.zeroExtended(to: 32))
            for (port, value) in [(io.memory.valid, global), (io.memory.isLoad, c.control.isLoad), (io.memory.funct3, c.word[14, 12]),
                                  (io.memory.rd, c.rd), (io.memory.warp, warp), (io.memory.lanes, lsu.global), (io.memory.lines, lsu.lines)] { port <== value }
            let latency = Mux(c.control.isDiv, Const(config.divLatency, .uint(32)), Mux(c.control.isMul, Const(config.mulLatency, .uint(32)),
                              Mux(c.control.isLoad, Const(config.sharedLatency, .uint(32)), Const(config.aluLatency, .uint(32)))))
            let loading = Wire(io.load.valid && (W > 1 ? Const(1, .bit) : io.load.warp == 0))   // a load's values come (one warp: always warp 0)
            // The multiplier's (warp, rd) through its mulLatency - 1 stages, the first loaded by a mul.
            let mulStages = (0..<config.mulLatency - 1).map { _ in Reg(.uint(address(warp, c.rd).width), named: "mulRd") }
            When(ok && c.control.isMul) { mulStages[0].next <== address(warp, c.rd) }
            for i in 1..<mulStages.count { mulStages[i].next <== mulStages[i - 1] }

            // The divider (DivideUnit): a div/rem starts it; its result comes divLatency - 1 cycles later.
            let divider = Instance(DivideUnit(lanes: T, warps: W, latency: config.divLatency))
            for (port, value) in [(divider.start, ok && c.control.isDiv), (divider.cancel, io.dispatch), (divider.op, c.word[13, 12]),
                                  (divider.warp, warp), (divider.rd, c.rd), (divider.lanes, exec)] { port <== value }
            let quotient = divider.result

            // 4. The lanes: read, execute, write back; the thread state.
            let csrs = Instance(GPUCSRs(lanes: T, warps: W))
            for (port, value) in [(csrs.index, c.csrIndex), (csrs.warp, warp), (csrs.unit, io.unit), (csrs.bidX, block.bidX), (csrs.bidY, block.bidY)] {
                port <== value
            }
            csrs.shape <== io.shape
            let call = Wire((c.control.isJal || c.control.isJalr) && c.rd == 1)     // jal/jalr ra: one deeper
            let ret = Wire(c.control.isJalr && c.rd == 0 && c.rs1 == 1)             // jalr x0, ra: one less deep
            for l in 0..<T {
                let slot = (0..<W).map { $0 * T + l }
                csrs.tidX[l] <== slot.map { io.table.tidX[$0] }[warp]
                csrs.tidY[l] <== slot.map { io.table.tidY[$0] }[warp]
                let registers = Instance(LaneRegisterFile(warps: W), named: "registers\(l)")
                let lane = Instance(LaneExecute(mulLatency: config.mulLatency), named: "lane\(l)")
                let last = mulStages[mulStages.count - 1]
                for (port, value) in [(registers.rs1, address(warp, c.rs1)), (registers.rs2, address(warp, c.rs2)), (registers.arg, io.arg),
                                      (registers.rd, address(warp, c.rd)), (lane.acc, registers.rdValue), (lane.dp4a, c.dp4a),
                                      (registers.write[3], quotient.valid && quotient.lanes[l]), (registers.writeRd[3], address(quotient.warp, quotient.rd)),
                                      (registers.data[3], quotient.data[l]), (divider.a[l], registers.rs1Value), (divider.b[l], registers.rs2Value),
                                      (registers.active, io.running), (registers.sp, block.sp + slot.map { io.table.spOffset[$0] }[warp]), (registers.clear, io.dispatch),
                                      (registers.write[0], exec[l] && writes && !lsu.global[l]), (registers.writeRd[0], address(warp, c.rd)),
                                      (registers.data[0], lane.rdValue), (registers.write[1], lane.product.valid && last[4, 0] != 0),
                                      (registers.writeRd[1], last), (registers.data[1], lane.product.bits),
                                      (registers.write[2], loading && io.load.lanes[l]), (registers.writeRd[2], address(io.load.warp, io.load.rd)),
                                      (registers.data[2], io.load.data[l]), (lane.control, c.controlBits), (lane.imm, c.imm), (lane.pc, pc),
                                      (lane.rs1, registers.rs1Value), (lane.rs2, registers.rs2Value), (lane.csr, csrs.value[l]),
                                      (lane.loaded, lsu.loaded[l]), (lane.mul, exec[l] && c.control.isMul && !faults), (lsu.address[l], lane.address),
                                      (lsu.data[l], registers.rs2Value), (io.memory.address[l], lane.address), (io.memory.data[l], registers.rs2Value)] {
                    port <== value
                }
                for w in 0..<W {
                    When(exec[l] && warp == Const(w, warp.type)) {
                        pcs[w * T + l].next <== lane.nextPC
                        for d in byDepth ? [depths[w * T + l]] : [] { d.next <== Mux(call, d + 1, Mux(ret, d - 1, d)) }
                    }
                }
            }
            for (port, value) in [(scoreboard.now, io.now), (scoreboard.running, io.running), (scoreboard.dispatch, io.dispatch),
                                  (scoreboard.issue, ok), (scoreboard.warp, warp), (scoreboard.writes, writes), (scoreboard.rd, c.rd),
                                  (scoreboard.readyAt, Mux(global, booked + Const(config.globalLatency - 1, .uint(32)), io.now + latency)),
                                  (scoreboard.warpReadyAt, Mux(global, booked, io.now + 1)), (scoreboard.divides, c.control.isDiv)] { port <== value }
            // Barrier: the issued threads of gpu.bar wait, those of gpu.exit die; once every live thread
            // of the unit waits, all are released and run from the next cycle (docs/GPU.md rule 7).
            let issued = { (w: Int) in warp == Const(w, warp.type) }
            let liveNext = (0..<W).map { w in Mux(issued(w) && c.exit, live[w] & ~mask, live[w]) }
            let waitingNext = (0..<W).map { w in Mux(issued(w) && c.bar, waiting[w] | mask, waiting[w]) }
            let release = Cat(liveNext).orR() && (Cat(liveNext) & ~Cat(waitingNext)) == 0
            When(ok && (c.bar || c.exit)) {
                for w in 0..<W { live[w].next <== liveNext[w]; waiting[w].next <== Mux(release, Const(0, .uint(T)), waitingNext[w]) }
            }

            // 5. A new block (the unit is free: nothing issues), or a new launch: no thread lives.
            When(io.dispatch) {
                for w in 0..<W { live[w].next <== io.table.present[(w + 1) * T - 1, w * T]; waiting[w].next <== 0 }
                last.next <== Const(W - 1, last.type)
                for p in pcs { p.next <== io.entry }
                for d in depths { d.next <== 0 }
                for (r, v) in [(block.bidX, io.block.bidX), (block.bidY, io.block.bidY), (block.sp, io.block.sp)] { r.next <== v }
            }
            When(io.start) { for w in live { w.next <== 0 } }
            io.trace.valid <== fire
            for (port, value) in [(io.trace.bits.cycle, io.now), (io.trace.bits.unit, io.unit), (io.trace.bits.warp, warp.zeroExtended(to: 8)),
                                  (io.trace.bits.pc, pc), (io.trace.bits.mask, mask)] { port <== value }
        }
    }

    /// A fetch from `pc` faults: misaligned, or outside RAM.
    func fetchFault(_ pc: Signal) -> Signal { pc[1, 0] != 0 || !inRAM(pc, ramBytes: ramBytes) }

    /// A lane register file's address of register `number` of `warp`.
    func address(_ warp: Signal, _ number: Signal) -> Signal { config.warps == 1 ? number : Cat(warp, number) }
}
