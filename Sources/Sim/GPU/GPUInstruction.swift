// GPUInstruction: one pre-decoded lane instruction. The RV32IM part comes from the ISA model's
// `Decoder` (no second decoder here); this file only classifies it for issue timing and decodes
// the three custom-0 GPU ops, which the ISA decoder leaves as `.illegal` with the raw bits.
import ISA
import Spec

enum GPUKind: UInt8 {
    case alu, mul, div, load, store, branch, jal, jalr, auipc, csr, nop, dp4a, bar, exit, illegal
}

struct GPUInstruction {
    var d: DecodedInstruction
    var kind: GPUKind
    /// Bytes accessed by a load/store; for loads, whether the value is sign-extended.
    var size: UInt8 = 0
    var signed: Bool = false
    var raw: UInt32

    init(word: UInt32) {
        raw = word
        d = Decoder.decode(word, xlen: 32)
        switch d.op {
        case .lui, .addi, .slti, .sltiu, .xori, .ori, .andi, .slli, .srli, .srai,
             .add, .sub, .sll, .slt, .sltu, .xor, .srl, .sra, .or, .and,
             .addiw, .slliw, .srliw, .sraiw, .addw, .subw, .sllw, .srlw, .sraw:
            kind = .alu
        case .mul, .mulh, .mulhsu, .mulhu, .mulw, .mulh32, .mulhsu32, .mulhu32: kind = .mul
        case .div, .divu, .rem, .remu, .divw, .divuw, .remw, .remuw: kind = .div
        case .lb: kind = .load; size = 1; signed = true
        case .lh: kind = .load; size = 2; signed = true
        case .lw: kind = .load; size = 4; signed = true
        case .lbu: kind = .load; size = 1
        case .lhu: kind = .load; size = 2
        case .sb: kind = .store; size = 1
        case .sh: kind = .store; size = 2
        case .sw: kind = .store; size = 4
        case .beq, .bne, .blt, .bge, .bltu, .bgeu: kind = .branch
        case .jal: kind = .jal
        case .jalr: kind = .jalr
        case .auipc: kind = .auipc
        case .fence, .fenceI: kind = .nop
        case .csrrs, .csrrc:
            // A read-only access (rs1 = x0) of a GPU CSR; anything else would write: illegal.
            kind = d.rs1 == 0 && GPUCSR.range.contains(UInt16(truncatingIfNeeded: d.imm)) ? .csr : .illegal
        case .csrrsi, .csrrci:
            kind = d.rs1 == 0 && GPUCSR.range.contains(UInt16(truncatingIfNeeded: d.imm)) ? .csr : .illegal
        case .illegal:
            kind = .illegal
            if word & 0x7F == 0x0B {   // custom-0
                let f3 = (word >> 12) & 7, f7 = word >> 25
                if f3 == 0 && f7 == 0 {
                    kind = .dp4a
                    let rd = UInt8((word >> 7) & 31)
                    d = DecodedInstruction(op: .illegal, rd: rd == 0 ? 32 : rd,
                                           rs1: UInt8((word >> 15) & 31), rs2: UInt8((word >> 20) & 31), imm: Int32(rd))
                } else if word == 0x0000_100B {
                    kind = .bar
                } else if word == 0x0000_200B {
                    kind = .exit
                }
            }
        default: kind = .illegal   // ecall, ebreak, xRET, wfi, sfence.vma, CSR writes, RV64-only ops
        }
    }
}

/// gpu.dp4a: acc + sum over the four byte pairs of int8(a byte i) x int8(b byte i), wrapping.
@inline(__always)
public func dp4a(_ acc: UInt32, _ a: UInt32, _ b: UInt32) -> UInt32 {
    var s = Int32(bitPattern: acc)
    for i in 0..<4 {
        let x = Int32(Int8(truncatingIfNeeded: a >> UInt32(8 * i)))
        let y = Int32(Int8(truncatingIfNeeded: b >> UInt32(8 * i)))
        s = s &+ x &* y
    }
    return UInt32(bitPattern: s)
}
