import HDL

// LaneExecute: one lane's part of an issued instruction: the CPU's ALU (a = pc, 0 or rs1; b = imm
// or rs2) with its branch compare, the link of jal/jalr, a CSR value, a shared load's value, the
// lane's next pc and a load's or store's address; gpu.dp4a (`dotProduct4`); and the CPU's
// Multiplier, its result mulLatency - 1 cycles after `mul`.

public struct LaneExecute: Module {
    public var mulLatency: Int
    public init(mulLatency: Int) { self.mulLatency = mulLatency }
    public struct IO: Bundle {
        public var control = Input(.uint(Control.width)), imm = Input(.uint(32))   // the CPU decoder's (packed Control)
        public var pc = Input(.uint(32)), rs1 = Input(.uint(32)), rs2 = Input(.uint(32))
        public var csr = Input(.uint(32))                 // the lane's value of the CSR read (GPUCSRs)
        public var loaded = Input(.uint(32)), mul = Input(.bit)   // a shared load's value; a multiply starts
        public var dp4a = Input(.bit), acc = Input(.uint(32))     // gpu.dp4a; its accumulator (rd)
        public var rdValue = Output(.uint(32)), nextPC = Output(.uint(32)), address = Output(.uint(32))
        public var product = Output(Valid(Signal(.uint(32))))
    }
    public var io: IO { IO() }

    public func body(_ io: IO) -> [Statement] {
        let c = unpacked(io.control, as: Control())
        let alu = Instance(ALU(xlen: 32))
        alu.a <== Mux(c.aIsPC, io.pc, Mux(c.aIsZero, Const(0, .uint(32)), io.rs1))
        alu.b <== Mux(c.bIsImm, io.imm, io.rs2)
        alu.op <== c.aluOp
        alu.branch <== c.branchOp
        let link = Wire(io.pc + 4)
        io.rdValue <== Mux(c.isJal || c.isJalr, link, Mux(c.isCSR, io.csr, Mux(c.isLoad, io.loaded,
                         Mux(io.dp4a, dotProduct4(io.acc, io.rs1, io.rs2), alu.result))))
        io.address <== alu.result
        let multiplier = Instance(Multiplier(xlen: 32, latency: mulLatency - 1))
        for (port, value) in [(multiplier.request.valid, io.mul), (multiplier.request.bits.a, io.rs1), (multiplier.request.bits.b, io.rs2),
                              (multiplier.request.bits.op, c.mulOp)] { port <== value }
        io.product <== multiplier.result
        io.nextPC <== Mux(c.isJalr, Cat(alu.result[31, 1], Const(0, .bit)),
                          Mux(c.isJal || (c.isBranch && alu.taken), io.pc + io.imm, link))
    }

    /// gpu.dp4a: acc + the sum of the four products of int8 bytes of a and b, wrapping at 32 bits.
    func dotProduct4(_ acc: Signal, _ a: Signal, _ b: Signal) -> Signal {
        (0..<4).reduce(acc) { sum, i in
            sum + (a[8 * i + 7, 8 * i].signExtended(to: 32) * b[8 * i + 7, 8 * i].signExtended(to: 32)).truncated(to: 32)
        }
    }
}
