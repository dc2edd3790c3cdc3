/// Tiny RISC-V instruction encoder for unit tests (until the Swift assembler is merged).
/// Registers are plain numbers (x0...x31).
enum Enc {
    static func r(_ f7: UInt32, _ rs2: Int, _ rs1: Int, _ f3: UInt32, _ rd: Int, _ op: UInt32) -> UInt32 {
        f7 << 25 | UInt32(rs2) << 20 | UInt32(rs1) << 15 | f3 << 12 | UInt32(rd) << 7 | op
    }
    static func i(_ imm: Int32, _ rs1: Int, _ f3: UInt32, _ rd: Int, _ op: UInt32) -> UInt32 {
        UInt32(bitPattern: imm & 0xFFF) << 20 | UInt32(rs1) << 15 | f3 << 12 | UInt32(rd) << 7 | op
    }
    static func s(_ imm: Int32, _ rs2: Int, _ rs1: Int, _ f3: UInt32) -> UInt32 {
        let u = UInt32(bitPattern: imm)
        return (u >> 5 & 0x7F) << 25 | UInt32(rs2) << 20 | UInt32(rs1) << 15 | f3 << 12 | (u & 0x1F) << 7 | 0x23
    }
    static func b(_ imm: Int32, _ rs2: Int, _ rs1: Int, _ f3: UInt32) -> UInt32 {
        let u = UInt32(bitPattern: imm)
        return (u >> 12 & 1) << 31 | (u >> 5 & 0x3F) << 25 | UInt32(rs2) << 20 | UInt32(rs1) << 15
            | f3 << 12 | (u >> 1 & 0xF) << 8 | (u >> 11 & 1) << 7 | 0x63
    }
    // RV32I/RV64I
    static func lui(_ rd: Int, _ imm20: UInt32) -> UInt32 { imm20 << 12 | UInt32(rd) << 7 | 0x37 }
    static func addi(_ rd: Int, _ rs1: Int, _ imm: Int32) -> UInt32 { i(imm, rs1, 0, rd, 0x13) }
    static func slli(_ rd: Int, _ rs1: Int, _ sh: Int32) -> UInt32 { i(sh, rs1, 1, rd, 0x13) }
    static func srai(_ rd: Int, _ rs1: Int, _ sh: Int32) -> UInt32 { i(sh | 0x400, rs1, 5, rd, 0x13) }
    static func add(_ rd: Int, _ a: Int, _ b: Int) -> UInt32 { r(0, b, a, 0, rd, 0x33) }
    static func sub(_ rd: Int, _ a: Int, _ b: Int) -> UInt32 { r(0x20, b, a, 0, rd, 0x33) }
    static func sll(_ rd: Int, _ a: Int, _ b: Int) -> UInt32 { r(0, b, a, 1, rd, 0x33) }
    static func srl(_ rd: Int, _ a: Int, _ b: Int) -> UInt32 { r(0, b, a, 5, rd, 0x33) }
    static func sra(_ rd: Int, _ a: Int, _ b: Int) -> UInt32 { r(0x20, b, a, 5, rd, 0x33) }
    static func slt(_ rd: Int, _ a: Int, _ b: Int) -> UInt32 { r(0, b, a, 2, rd, 0x33) }
    static func sltu(_ rd: Int, _ a: Int, _ b: Int) -> UInt32 { r(0, b, a, 3, rd, 0x33) }
    static func addw(_ rd: Int, _ a: Int, _ b: Int) -> UInt32 { r(0, b, a, 0, rd, 0x3B) }
    static func sllw(_ rd: Int, _ a: Int, _ b: Int) -> UInt32 { r(0, b, a, 1, rd, 0x3B) }
    static func srlw(_ rd: Int, _ a: Int, _ b: Int) -> UInt32 { r(0, b, a, 5, rd, 0x3B) }
    static func sraw(_ rd: Int, _ a: Int, _ b: Int) -> UInt32 { r(0x20, b, a, 5, rd, 0x3B) }
    static func addiw(_ rd: Int, _ rs1: Int, _ imm: Int32) -> UInt32 { i(imm, rs1, 0, rd, 0x1B) }
    static func slliw(_ rd: Int, _ rs1: Int, _ sh: Int32) -> UInt32 { i(sh, rs1, 1, rd, 0x1B) }
    static func sraiw(_ rd: Int, _ rs1: Int, _ sh: Int32) -> UInt32 { i(sh | 0x400, rs1, 5, rd, 0x1B) }
    static func load(_ f3: UInt32, _ rd: Int, _ rs1: Int, _ off: Int32) -> UInt32 { i(off, rs1, f3, rd, 0x03) }
    static func store(_ f3: UInt32, _ rs2: Int, _ rs1: Int, _ off: Int32) -> UInt32 { s(off, rs2, rs1, f3) }
    static func beq(_ a: Int, _ b: Int, _ off: Int32) -> UInt32 { Enc.b(off, b, a, 0) }
    static func jal(_ rd: Int, _ off: Int32) -> UInt32 {
        let u = UInt32(bitPattern: off)
        return (u >> 20 & 1) << 31 | (u >> 1 & 0x3FF) << 21 | (u >> 11 & 1) << 20 | (u >> 12 & 0xFF) << 12 | UInt32(rd) << 7 | 0x6F
    }
    static func jalr(_ rd: Int, _ rs1: Int, _ off: Int32) -> UInt32 { i(off, rs1, 0, rd, 0x67) }
    // M
    static func m(_ f3: UInt32, _ rd: Int, _ a: Int, _ b: Int, w: Bool = false) -> UInt32 { r(1, b, a, f3, rd, w ? 0x3B : 0x33) }
    // System
    static func csr(_ f3: UInt32, _ rd: Int, _ csr: UInt32, _ rs1: Int) -> UInt32 { csr << 20 | UInt32(rs1) << 15 | f3 << 12 | UInt32(rd) << 7 | 0x73 }
    static let ecall: UInt32 = 0x73, ebreak: UInt32 = 0x0010_0073, mret: UInt32 = 0x3020_0073
    static let sret: UInt32 = 0x1020_0073, wfi: UInt32 = 0x1050_0073
}
