import HDL

// WarpScheduler: a unit's round-robin over its eligible warps (running threads, scoreboard ready):
// the first one after the last warp that issued, wrapping, as the model scans them (docs/GPU.md rule 2).

public struct WarpScheduler: Module {
    public var warps: Int
    public init(warps: Int) { self.warps = warps }

    public struct IO: Bundle {
        public var eligible: Signal, last: Signal, any = Output(.bit), chosen: Signal   // per warp; the last issued; some warp may; which
        init(warps: Int) {
            eligible = Input(.uint(warps))
            last = Input(.uint(bitsToRepresent(count: warps)))
            chosen = Output(.uint(bitsToRepresent(count: warps)))
        }
    }
    public var io: IO { IO(warps: warps) }

    public func body(_ io: IO) -> [Statement] {
        let above = ~((Const(2, .uint(warps + 1)) << io.last) - 1)           // the warps after `last`
        let after = Wire(io.eligible & above[warps - 1, 0])
        let pick = Wire(Mux(after.orR(), after, io.eligible).lowestOne())      // one-hot
        io.any <== io.eligible.orR()
        io.chosen <== Cat((0..<io.chosen.width).reversed().map { b in
            Cat((0..<warps).filter { $0 >> b & 1 == 1 }.map { pick[$0] } + [Const(0, .bit)]).orR()
        })
    }
}
