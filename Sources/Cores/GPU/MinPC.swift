import HDL
import Spec

// MinPC: a warp's next pc, chosen from its running threads by the divergence policy: the smallest
// pc, or the smallest pc among the deepest calls (docs/GPU.md rule 3), and the threads at it.

public struct MinPC: Module {
    public var lanes: Int
    public var policy: DivergencePolicy
    public init(lanes: Int, policy: DivergencePolicy) { self.lanes = lanes; self.policy = policy }

    public struct IO: Bundle {
        public var running: Signal, pcs: [Signal], depths: [Signal]    // per lane: live, not waiting; pc; call depth (depth policy)
        public var any = Output(.bit), pc = Output(.uint(32)), mask: Signal   // mask: the running threads at `pc` (and its depth)
        init(lanes: Int, depth: Bool) {
            running = Input(.uint(lanes)); mask = Output(.uint(lanes))
            pcs = (0..<lanes).map { _ in Input(.uint(32)) }
            depths = depth ? (0..<lanes).map { _ in Input(.sint(32)) } : []
        }
    }
    public var io: IO { IO(lanes: lanes, depth: policy == .depthThenMinPC) }

    public func body(_ io: IO) -> [Statement] {
        io.any <== io.running.orR()
        Gated(io.running.orR()) {                                    // no thread runs: outputs 0, the trees rest
            let best = smallest((0..<lanes).map { [io.running[$0], io.pcs[$0]] + (io.depths.isEmpty ? [] : [io.depths[$0]]) }[...])
            let pc = Wire(best[1])
            let depth = io.depths.isEmpty ? nil : Wire(best[2], named: "depth")
            io.pc <== pc
            io.mask <== Cat((0..<lanes).reversed().map { l in
                io.running[l] && io.pcs[l] == pc && (depth.map { io.depths[l] == $0 } ?? Const(1, .bit))
            })
        }
    }

    /// The first of the candidates [running, pc, depth?] in the policy's order, by a tree of
    /// compare-selects (deeper first, then the smaller pc; equal pcs are one pc, so no tie matters).
    func smallest(_ c: ArraySlice<[Signal]>) -> [Signal] {
        guard c.count > 1 else { return c.first! }
        let a = smallest(c.prefix(c.count / 2)), b = smallest(c.suffix(c.count - c.count / 2))
        let before = a.count == 3 ? a[2] > b[2] || (a[2] == b[2] && a[1] <= b[1]) : a[1] <= b[1]
        let takeA = a[0] && (!b[0] || before)
        return [a[0] || b[0]] + zip(a, b).dropFirst().map { Mux(takeA, $0, $1) }
    }
}
