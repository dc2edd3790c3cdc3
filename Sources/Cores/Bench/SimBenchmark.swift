import HDL

/// A self-stimulating design of a few thousand gates for simulator benchmarks: two LFSRs feed an
/// ALU, a multiplier and a FIFO, whose results fold into a checksum. It has no inputs, so both
/// backends run it free and must end with the same checksum.
public struct SimBenchmark: Module {
    public init() {}

    public struct IO: Bundle {
        public var checksum = Output(.uint(32))
    }
    public var io: IO { IO() }

    public func body(_ io: IO) -> [Statement] {
        let a = Instance(LFSR(seed: 0xACE1_2468))
        let b = Instance(LFSR(seed: 0x1357_9BDF))
        let x = a.value, y = b.value

        // ALU: the operation comes from the random bits too.
        let op = Wire(x[31, 29])
        let aluResult = Wire(.uint(32))
        Switch(op) {
            Is(0) { aluResult <== x + y }
            Is(1) { aluResult <== x - y }
            Is(2) { aluResult <== x ^ y }
            Is(3) { aluResult <== x & y }
            Is(4) { aluResult <== x | y }
            Is(5) { aluResult <== x << y[4, 0] }
            Is(6) { aluResult <== x.asSigned >> y[4, 0] }
            Default { aluResult <== (x.asSigned < y.asSigned).zeroExtended(to: 32) }
        }

        // Multiplier, registered.
        let product = Reg(.uint(64), reset: 0)
        product <== x.asSigned * y

        // FIFO of 16 words on a memory.
        let fifo = Memory(.uint(32), depth: 16)
        let head = Reg(.uint(4), reset: 0)
        let tail = Reg(.uint(4), reset: 0)
        let count = Reg(.uint(5), reset: 0)
        let push = Wire(y[0] & (count != 16))
        let pop = Wire(y[1] & (count != 0))
        let popped = Wire(fifo.read(head))
        When(push) {
            fifo.write(tail, aluResult)
            tail <== tail + 1
        }
        When(pop) { head <== head + 1 }
        count <== count + push.zeroExtended(to: 5) - pop.zeroExtended(to: 5)

        // Checksum: rotate and fold everything in.
        let checksum = Reg(.uint(32), reset: 0)
        let rotated = Cat(checksum[26, 0], checksum[31, 27])
        let folded = rotated ^ aluResult ^ product[63, 32] ^ product[31, 0] ^ Mux(pop, popped, Const(0, .uint(32)))
        checksum <== folded
        io.checksum <== checksum
    }
}
