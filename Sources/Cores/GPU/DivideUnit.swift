import HDL

// DivideUnit: a unit's divider for div/divu/rem/remu (docs/GPU.md, rules changed for the RTL): T of
// the CPU's iterative `Divider`s, one per lane, one warp-instruction at a time. Its result goes to
// the lanes' register files at the end of cycle issue + divLatency - 1 (the CPU divider is done by
// issue + 33), so rd reads it from issue + divLatency, when the model makes it ready. A new block
// abandons a divide in flight (`cancel`), as the model frees the divider at dispatch.

public struct DivideUnit: Module {
    public var lanes: Int, warps: Int, latency: Int
    public init(lanes: Int, warps: Int, latency: Int) { self.lanes = lanes; self.warps = warps; self.latency = latency }

    public struct IO: Bundle {
        public var start = Input(.bit), cancel = Input(.bit), op = Input(.uint(2))   // funct3[1:0]
        public var a: [Signal], b: [Signal], warp: Signal, rd = Input(.uint(5)), lanes: Signal   // the lanes that divide
        public var result: RegisterWrite
        init(lanes: Int, warps: Int) {
            a = (0..<lanes).map { _ in Input(.uint(32)) }; b = (0..<lanes).map { _ in Input(.uint(32)) }
            warp = Input(.uint(bitsToRepresent(count: warps))); self.lanes = Input(.uint(lanes))
            result = Output(RegisterWrite(lanes: lanes, warps: warps))
        }
    }
    public var io: IO { IO(lanes: lanes, warps: warps) }

    public func body(_ io: IO) -> [Statement] {
        let left = Reg(.uint(bitsToRepresent(count: latency)))   // cycles until the write; 1: it is now
        let warp = Reg(io.warp.type), rd = Reg(.uint(5)), active = Reg(.uint(lanes))
        When(left != 0) { left.next <== left - 1 }
        When(io.start) {
            left.next <== Const(latency - 1, left.type)
            for (r, v) in [(warp, io.warp), (rd, io.rd), (active, io.lanes)] { r.next <== v }
        }
        When(io.cancel) { left.next <== 0 }
        for l in 0..<lanes {
            let divider = Instance(Divider(xlen: 32), named: "divider\(l)")
            for (port, value) in [(divider.start, io.start), (divider.a, io.a[l]), (divider.b, io.b[l]), (divider.op, io.op),
                                  (divider.word, Const(0, .bit))] { port <== value }
            io.result.data[l] <== divider.result
        }
        for (port, value) in [(io.result.valid, left == 1 && rd != 0), (io.result.warp, warp), (io.result.rd, rd), (io.result.lanes, active)] {
            port <== value
        }
    }
}
