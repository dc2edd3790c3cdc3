import HDL

/// The RISC-V integer ALU for XLEN 32 or 64: the ten OP/OP-IMM operations and, when `xlen` is 64,
/// the *W operations (a 32-bit operation whose result is sign-extended). It also compares `a` and `b`
/// for the branch named by `branch`, so the execute stage needs no second comparator.
public struct ALU: Module {
    public var xlen: Int

    public init(xlen: Int) {
        precondition(xlen == 32 || xlen == 64, "XLEN is 32 or 64")
        self.xlen = xlen
    }

    public struct IO: Bundle {
        public var a: Signal
        public var b: Signal
        public var op = Input(ALUOp.hwType)
        public var result: Signal
        public var branch = Input(BranchOp.hwType)
        public var taken = Output(.bit)
        init(xlen: Int) { a = Input(.uint(xlen)); b = Input(.uint(xlen)); result = Output(.uint(xlen)) }
    }
    public var io: IO { IO(xlen: xlen) }

    public func body(_ io: IO) -> [Statement] {
        let shamt = Wire(io.b[xlen == 64 ? 5 : 4, 0])

        io.result <== 0
        Switch(io.op) {
            Is(ALUOp.add) { io.result <== io.a + io.b }
            Is(ALUOp.sub) { io.result <== io.a - io.b }
            Is(ALUOp.sll) { io.result <== io.a << shamt }
            Is(ALUOp.slt) { io.result <== (io.a.asSigned < io.b.asSigned).zeroExtended(to: xlen) }
            Is(ALUOp.sltu) { io.result <== (io.a < io.b).zeroExtended(to: xlen) }
            Is(ALUOp.xor) { io.result <== io.a ^ io.b }
            Is(ALUOp.srl) { io.result <== io.a >> shamt }
            Is(ALUOp.sra) { io.result <== (io.a.asSigned >> shamt).asUnsigned }
            Is(ALUOp.or) { io.result <== io.a | io.b }
            Is(ALUOp.and) { io.result <== io.a & io.b }
            if xlen == 64 {
                let word = Wire(io.a[31, 0])         // the operands of the *W operations
                let wordB = Wire(io.b[31, 0])
                let wordShamt = Wire(io.b[4, 0])
                Is(ALUOp.addw) { io.result <== (word + wordB).signExtended(to: 64) }
                Is(ALUOp.subw) { io.result <== (word - wordB).signExtended(to: 64) }
                Is(ALUOp.sllw) { io.result <== (word << wordShamt).signExtended(to: 64) }
                Is(ALUOp.srlw) { io.result <== (word >> wordShamt).signExtended(to: 64) }
                Is(ALUOp.sraw) { io.result <== (word.asSigned >> wordShamt).signExtended(to: 64).asUnsigned }
            }
        }

        io.taken <== 0
        Switch(io.branch) {
            Is(BranchOp.eq) { io.taken <== io.a == io.b }
            Is(BranchOp.ne) { io.taken <== io.a != io.b }
            Is(BranchOp.lt) { io.taken <== io.a.asSigned < io.b.asSigned }
            Is(BranchOp.ge) { io.taken <== io.a.asSigned >= io.b.asSigned }
            Is(BranchOp.ltu) { io.taken <== io.a < io.b }
            Is(BranchOp.geu) { io.taken <== io.a >= io.b }
        }
    }
}

/// The ALU operations. Raw values are {word, funct7[5], funct3} of the OP/OP-32 instructions, so a
/// decoder can build the operation from instruction bits. The *W operations exist only for XLEN 64
/// (the 32-bit ALU gives 0 for them).
public enum ALUOp: Int, HardwareEnum, Sendable {
    case add = 0b00000, sll = 0b00001, slt = 0b00010, sltu = 0b00011
    case xor = 0b00100, srl = 0b00101, or = 0b00110, and = 0b00111
    case sub = 0b01000, sra = 0b01101
    case addw = 0b10000, sllw = 0b10001, srlw = 0b10101, subw = 0b11000, sraw = 0b11101
}

/// The branch comparisons; raw values are the funct3 of the branch instructions.
public enum BranchOp: Int, HardwareEnum, Sendable {
    case eq = 0, ne = 1, lt = 4, ge = 5, ltu = 6, geu = 7
}
