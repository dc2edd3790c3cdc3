/// Operation codes of the pre-decoded instruction form.
///
/// The decoder maps RV32 operations onto the RV64 "W" operations where the semantics coincide on
/// sign-extended 64-bit registers (e.g. RV32 `add` == RV64 `addw`), so the executor needs no
/// run-time XLEN checks for them. Raw value 0 means "slot not decoded yet" in the decode cache.
public enum Op: UInt8, Sendable {
    case notDecoded = 0
    case illegal
    case lui, auipc, jal, jalr
    case beq, bne, blt, bge, bltu, bgeu
    case lb, lh, lw, ld, lbu, lhu, lwu
    case sb, sh, sw, sd
    case addi, slti, sltiu, xori, ori, andi, slli, srli, srai
    case add, sub, sll, slt, sltu, xor, srl, sra, or, and
    case addiw, slliw, srliw, sraiw, addw, subw, sllw, srlw, sraw
    case mul, mulh, mulhsu, mulhu, div, divu, rem, remu
    case mulw, divw, divuw, remw, remuw
    case mulh32, mulhsu32, mulhu32
    case fence, fenceI, ecall, ebreak, mret, sret, wfi, sfenceVMA
    case csrrw, csrrs, csrrc, csrrwi, csrrsi, csrrci
}

/// A decoded instruction: 8 bytes so that a per-word decode cache over all of RAM stays compact.
///
/// `rd` is 32 ("no destination") when the instruction writes no register or writes x0: the
/// register file has a 33rd scratch slot so x0 never needs special-casing in the hot loop.
/// `imm` holds the immediate, the shift amount, or the CSR number; for `.illegal` it holds the raw
/// instruction bits (used as mtval). For CSR immediates (`csrr?i`) the 5-bit uimm is in `rs1`.
public struct DecodedInstruction: Sendable, Equatable {
    public var op: Op
    public var rd: UInt8
    public var rs1: UInt8
    public var rs2: UInt8
    public var imm: Int32

    @inline(__always)
    public init(op: Op, rd: UInt8 = 32, rs1: UInt8 = 0, rs2: UInt8 = 0, imm: Int32 = 0) {
        self.op = op; self.rd = rd; self.rs1 = rs1; self.rs2 = rs2; self.imm = imm
    }

    /// Destination register number as the architecture sees it (nil when no register is written).
    public var destination: Int? { rd == 32 ? nil : Int(rd) }
}
