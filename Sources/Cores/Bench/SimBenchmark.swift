import HDL

/// A self-stimulating design of a few thousand gates for simulator benchmarks: two LFSRs feed the
/// reference blocks — a 32-bit ALU, a two-stage 32-bit multiplier and a FIFO — whose results fold
/// into a checksum. It has no inputs, so both backends run it free and must end with the same sum.
public struct SimBenchmark: Module {
    public init() {}

    public struct IO: Bundle {
        public var checksum = Output(.uint(32))
    }
    public var io: IO { IO() }

    public func body(_ io: IO) -> [Statement] {
        let x = Instance(LFSR(seed: 0xACE1_2468)).value
        let y = Instance(LFSR(seed: 0x1357_9BDF)).value
        let operandA = Wire(x ^ (y << 3))
        let operandB = Wire(x + y)

        let alu = Instance(ALU(xlen: 32))
        alu.a <== operandA
        alu.b <== operandB
        alu.op <== Cat(x[31], y[30], x[2, 0])          // a random operation (unused codes give 0)
        alu.branch <== y[31, 29]

        let multiplier = Instance(Multiplier(xlen: 32, latency: 2))
        multiplier.request.valid <== x[5]
        multiplier.request.bits.a <== operandA
        multiplier.request.bits.b <== alu.result
        multiplier.request.bits.op <== y[8, 6]

        let fifo = Instance(FIFO(width: 32, depth: 16))
        fifo.enq.valid <== y[0]
        fifo.enq.bits <== alu.result
        fifo.deq.ready <== y[1]

        // Checksum: rotate and fold everything in.
        let checksum = Reg(.uint(32), reset: 0, named: "sum")
        let product = multiplier.result.bits
        let popped = Mux(fifo.deq.valid & y[1], fifo.deq.bits, Const(0, .uint(32)))
        let folded = Cat(checksum[26, 0], checksum[31, 27]) ^ product
            ^ popped ^ fifo.count.zeroExtended(to: 32) ^ alu.taken.zeroExtended(to: 32)
        checksum.next <== folded
        io.checksum <== checksum
    }
}
