import HDL

// Scoreboard: per warp, the launch cycle from which it may issue again (warpReady) and, per
// register, the cycle its pending result is ready: the model's `earliestIssue` (docs/GPU.md rule 2).
// A warp is ready when warpReady <= now and its next instruction's rs1, rs2 and rd (those it uses;
// x0 never waits) are, and for div/rem the unit's divider is free (divFree <= now); a fetch fault or
// an illegal instruction (`check` low) waits for warpReady only.

public struct Scoreboard: Module {
    public var warps: Int
    public init(warps: Int) { self.warps = warps }

    public struct IO: Bundle {
        public var now = Input(.uint(32)), running = Input(.bit), dispatch = Input(.bit)   // dispatch: a new block, nothing pending
        public var words: [Signal], controls: [Signal]                   // per warp: its next instruction and its (packed) Control
        public var check: [Signal], ready: [Signal]                      // per warp: its registers count; it may issue
        public var issue = Input(.bit), warp: Signal                     // an instruction issues (and executes)
        public var writes = Input(.bit), rd = Input(.uint(5)), readyAt = Input(.uint(32))   // it writes rd (not x0), ready then
        public var warpReadyAt = Input(.uint(32)), divides = Input(.bit)  // the warp's next issue; a div/rem (the divider is busy until readyAt)
        init(warps: Int) {
            words = (0..<warps).map { _ in Input(.uint(32)) }
            controls = (0..<warps).map { _ in Input(.uint(Control.width)) }
            check = (0..<warps).map { _ in Input(.bit) }
            ready = (0..<warps).map { _ in Output(.bit) }
            warp = Input(.uint(bitsToRepresent(count: warps)))
        }
    }
    public var io: IO { IO(warps: warps) }

    public func body(_ io: IO) -> [Statement] {
        let readyAt = Memory(.uint(32), depth: warps * 32)
        let pending = Regs(warps, .uint(32))              // per warp, bit r: xr has a ready cycle since dispatch
        let warpReady = Regs(warps, .uint(32)), divFree = Reg(.uint(32))
        let address = { (warp: Signal, r: Signal) -> Signal in self.warps == 1 ? r : Cat(warp, r) }
        for w in 0..<warps {
            let word = io.words[w], k = unpacked(io.controls[w], as: Control()), warp = Const(w, io.warp.type)
            let waits = [(word[19, 15], k.usesRs1), (word[24, 20], k.usesRs2), (word[11, 7], k.writesRd)].map { r, used in
                used && (pending[w] >> r)[0] && readyAt.read(address(warp, r)) > io.now
            }
            io.ready[w] <== 0
            When(io.running) { io.ready[w] <== warpReady[w] <= io.now && !(io.check[w] && (Cat(waits).orR() || (k.isDiv && divFree > io.now))) }
        }
        When(io.issue) {
            assign(warpReady.map(\.next), at: io.warp, io.warpReadyAt)
            When(io.divides) { divFree.next <== io.readyAt }
            When(io.writes) {
                readyAt.write(address(io.warp, io.rd), io.readyAt)
                assign(pending.map(\.next), at: io.warp, (warps == 1 ? pending[0] : pending[io.warp]) | (Const(1, .uint(32)) << io.rd))
            }
        }
        When(io.dispatch) {
            for w in 0..<warps { warpReady[w].next <== io.now + 1; pending[w].next <== 0 }
            divFree.next <== 0
        }
    }
}
