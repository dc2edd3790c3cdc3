import HDL
import Spec

// GPUDecoder: a lane instruction decoded: the CPU's `Decoder(xlen: 32)` for RV32IM, plus what the
// GPU changes (docs/MACHINE.md): gpu.exit, gpu.bar, gpu.dp4a, CSR reads of 0xCC0-0xCCA only, and what is illegal here.

/// A decoded lane instruction: the CPU decoder's control and immediate, and the GPU's verdict.
public struct GPUControl: Bundle {
    public var word = Signal(.uint(32))                  // the raw bits: ERROR_ADDR if illegal; rd, rs1, rs2, CSR
    public var legal = Signal(.bit), exit = Signal(.bit), bar = Signal(.bit)  // legal on the GPU; gpu.exit, gpu.bar
    public var dp4a = Signal(.bit)                       // gpu.dp4a: rd is read (the accumulator) and written
    public var controlBits = Signal(.uint(Control.width)), imm = Signal(.uint(32))
    public init() {}
    public var control: Control { unpacked(controlBits, as: Control()) }
    public var rd: Signal { word[11, 7] }
    public var rs1: Signal { word[19, 15] }
    public var rs2: Signal { word[24, 20] }
    public var csrIndex: Signal { word[23, 20] }          // the CSR number - 0xCC0, for a legal CSR read
}

public struct GPUDecoder: Module {
    public init() {}
    public struct IO: Bundle {
        public var instruction = Input(.uint(32))
        public var control = Output(GPUControl())
    }
    public var io: IO { IO() }

    public func body(_ io: IO) -> [Statement] {
        let decoder = Instance(Decoder(xlen: 32))
        decoder.instruction <== io.instruction
        let c = unpacked(decoder.control, as: Control())
        let w = io.instruction
        let exit = Wire(w == Const(0x0000_200B, .uint(32))), bar = Wire(w == Const(0x0000_100B, .uint(32)))   // custom-0, funct3 2 / 1
        // CSR instructions are legal only as reads of a GPU CSR: csrrs/csrrc/csrrsi/csrrci (funct3
        // bit 1) with rs1/uimm 0. The CPU's ecall, ebreak, xRET, wfi and sfence.vma are illegal.
        let csr = Wire(w[31, 20])
        let csrRead = Wire(w[13] && w[19, 15] == 0 && csr >= Const(GPUCSR.range.lowerBound, .uint(12))
                           && csr <= Const(GPUCSR.range.upperBound, .uint(12)))
        let system = Wire(c.isEcall || c.isEbreak || c.isMret || c.isSret || c.isWfi || c.isSfence || (c.isCSR && !csrRead))
        // gpu.dp4a: custom-0, funct3 0, funct7 0 (the CPU decoder rejects it): an R-type that also reads rd.
        let dp4a = Wire(w[6, 0] == 0x0B && w[14, 12] == 0 && w[31, 25] == 0)
        var k = c
        for path in [\Control.writesRd, \Control.usesRs1, \Control.usesRs2] { k[keyPath: path] = c[keyPath: path] || dp4a }
        io.control.legal <== (c.legal && !system) || exit || bar || dp4a
        io.control.exit <== exit
        io.control.bar <== bar
        io.control.dp4a <== dp4a
        io.control.word <== w
        io.control.controlBits <== packed(k)
        io.control.imm <== decoder.imm
    }
}
