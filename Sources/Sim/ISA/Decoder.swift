/// Pure RV32I/RV64I + M + Zicsr + Zifencei decoder (instruction bits -> `DecodedInstruction`).
///
/// It has no machine state so the GPU model can reuse it for its RV32IM lanes. Anything it does
/// not recognise (including custom-0, opcode 0b0001011) decodes to `.illegal` carrying the raw bits.
public enum Decoder {
    @inline(__always) static func bits(_ w: UInt32, _ hi: Int, _ lo: Int) -> UInt32 {
        (w >> UInt32(lo)) & ((1 << UInt32(hi - lo + 1)) - 1)
    }

    /// Decodes one 32-bit instruction for the given XLEN (32 or 64).
    public static func decode(_ w: UInt32, xlen: Int) -> DecodedInstruction {
        let rv64 = xlen == 64
        let illegal = DecodedInstruction(op: .illegal, imm: Int32(bitPattern: w))
        if w & 3 != 3 { return illegal }
        let opcode = w & 0x7F
        let rdRaw = UInt8(bits(w, 11, 7))
        let rd: UInt8 = rdRaw == 0 ? 32 : rdRaw
        let rs1 = UInt8(bits(w, 19, 15))
        let rs2 = UInt8(bits(w, 24, 20))
        let f3 = bits(w, 14, 12)
        let f7 = bits(w, 31, 25)
        let immI = Int32(bitPattern: w) >> 20
        let immS = (Int32(bitPattern: w & 0xFE00_0000) >> 20) | Int32(bits(w, 11, 7))
        let immB = (Int32(bitPattern: w & 0x8000_0000) >> 19) | Int32(bits(w, 7, 7) << 11)
            | Int32(bits(w, 30, 25) << 5) | Int32(bits(w, 11, 8) << 1)
        let immU = Int32(bitPattern: w & 0xFFFF_F000)
        let immJ = (Int32(bitPattern: w & 0x8000_0000) >> 11) | Int32(bits(w, 19, 12) << 12)
            | Int32(bits(w, 20, 20) << 11) | Int32(bits(w, 30, 21) << 1)
        func make(_ op: Op, rd: UInt8 = 32, rs1: UInt8 = 0, rs2: UInt8 = 0, imm: Int32 = 0) -> DecodedInstruction {
            DecodedInstruction(op: op, rd: rd, rs1: rs1, rs2: rs2, imm: imm)
        }
        switch opcode {
        case 0x37: return make(.lui, rd: rd, imm: immU)
        case 0x17: return make(.auipc, rd: rd, imm: immU)
        case 0x6F: return make(.jal, rd: rd, imm: immJ)
        case 0x67:
            return f3 == 0 ? make(.jalr, rd: rd, rs1: rs1, imm: immI) : illegal
        case 0x63:
            let op: Op
            switch f3 {
            case 0: op = .beq
            case 1: op = .bne
            case 4: op = .blt
            case 5: op = .bge
            case 6: op = .bltu
            case 7: op = .bgeu
            default: return illegal
            }
            return make(op, rs1: rs1, rs2: rs2, imm: immB)
        case 0x03:
            let op: Op
            switch f3 {
            case 0: op = .lb
            case 1: op = .lh
            case 2: op = .lw
            case 3 where rv64: op = .ld
            case 4: op = .lbu
            case 5: op = .lhu
            case 6 where rv64: op = .lwu
            default: return illegal
            }
            return make(op, rd: rd, rs1: rs1, imm: immI)
        case 0x23:
            let op: Op
            switch f3 {
            case 0: op = .sb
            case 1: op = .sh
            case 2: op = .sw
            case 3 where rv64: op = .sd
            default: return illegal
            }
            return make(op, rs1: rs1, rs2: rs2, imm: immS)
        case 0x13:
            switch f3 {
            case 0: return make(rv64 ? .addi : .addiw, rd: rd, rs1: rs1, imm: immI)
            case 2: return make(.slti, rd: rd, rs1: rs1, imm: immI)
            case 3: return make(.sltiu, rd: rd, rs1: rs1, imm: immI)
            case 4: return make(.xori, rd: rd, rs1: rs1, imm: immI)
            case 6: return make(.ori, rd: rd, rs1: rs1, imm: immI)
            case 7: return make(.andi, rd: rd, rs1: rs1, imm: immI)
            case 1, 5:
                let shamt = Int32(bits(w, 25, 20))
                let top = bits(w, 31, 26)
                if !rv64 && shamt >= 32 { return illegal }
                if f3 == 1 {
                    guard top == 0 else { return illegal }
                    return make(rv64 ? .slli : .slliw, rd: rd, rs1: rs1, imm: shamt)
                }
                if top == 0 { return make(rv64 ? .srli : .srliw, rd: rd, rs1: rs1, imm: shamt) }
                if top == 0x10 { return make(rv64 ? .srai : .sraiw, rd: rd, rs1: rs1, imm: shamt) }
                return illegal
            default: return illegal
            }
        case 0x1B:
            guard rv64 else { return illegal }
            switch f3 {
            case 0: return make(.addiw, rd: rd, rs1: rs1, imm: immI)
            case 1: return f7 == 0 ? make(.slliw, rd: rd, rs1: rs1, imm: Int32(rs2)) : illegal
            case 5:
                if f7 == 0 { return make(.srliw, rd: rd, rs1: rs1, imm: Int32(rs2)) }
                if f7 == 0x20 { return make(.sraiw, rd: rd, rs1: rs1, imm: Int32(rs2)) }
                return illegal
            default: return illegal
            }
        case 0x33:
            let op: Op?
            switch (f7, f3) {
            case (0, 0): op = rv64 ? .add : .addw
            case (0x20, 0): op = rv64 ? .sub : .subw
            case (0, 1): op = rv64 ? .sll : .sllw
            case (0, 2): op = .slt
            case (0, 3): op = .sltu
            case (0, 4): op = .xor
            case (0, 5): op = rv64 ? .srl : .srlw
            case (0x20, 5): op = rv64 ? .sra : .sraw
            case (0, 6): op = .or
            case (0, 7): op = .and
            case (1, 0): op = rv64 ? .mul : .mulw
            case (1, 1): op = rv64 ? .mulh : .mulh32
            case (1, 2): op = rv64 ? .mulhsu : .mulhsu32
            case (1, 3): op = rv64 ? .mulhu : .mulhu32
            case (1, 4): op = rv64 ? .div : .divw
            case (1, 5): op = rv64 ? .divu : .divuw
            case (1, 6): op = rv64 ? .rem : .remw
            case (1, 7): op = rv64 ? .remu : .remuw
            default: op = nil
            }
            guard let op else { return illegal }
            return make(op, rd: rd, rs1: rs1, rs2: rs2)
        case 0x3B:
            guard rv64 else { return illegal }
            let op: Op?
            switch (f7, f3) {
            case (0, 0): op = .addw
            case (0x20, 0): op = .subw
            case (0, 1): op = .sllw
            case (0, 5): op = .srlw
            case (0x20, 5): op = .sraw
            case (1, 0): op = .mulw
            case (1, 4): op = .divw
            case (1, 5): op = .divuw
            case (1, 6): op = .remw
            case (1, 7): op = .remuw
            default: op = nil
            }
            guard let op else { return illegal }
            return make(op, rd: rd, rs1: rs1, rs2: rs2)
        case 0x0F:
            if f3 == 0 { return make(.fence) }
            if f3 == 1 { return make(.fenceI) }
            return illegal
        case 0x73:
            let csr = Int32(bits(w, 31, 20))
            switch f3 {
            case 0:
                if w == 0x0000_0073 { return make(.ecall) }
                if w == 0x0010_0073 { return make(.ebreak) }
                if w == 0x3020_0073 { return make(.mret) }
                if w == 0x1020_0073 { return make(.sret) }
                if w == 0x1050_0073 { return make(.wfi) }
                if f7 == 0x09 && rdRaw == 0 { return make(.sfenceVMA, rs1: rs1, rs2: rs2) }
                return illegal
            case 1: return make(.csrrw, rd: rd, rs1: rs1, imm: csr)
            case 2: return make(.csrrs, rd: rd, rs1: rs1, imm: csr)
            case 3: return make(.csrrc, rd: rd, rs1: rs1, imm: csr)
            case 5: return make(.csrrwi, rd: rd, rs1: rs1, imm: csr)
            case 6: return make(.csrrsi, rd: rd, rs1: rs1, imm: csr)
            case 7: return make(.csrrci, rd: rd, rs1: rs1, imm: csr)
            default: return illegal
            }
        default:
            return illegal
        }
    }
}
