// Instruction constructors for use inside `Program { ... }` (names follow GNU assembler mnemonics;
// `.` in a mnemonic becomes `_`, e.g. fence_i, sfence_vma, sext_w).
// Memory operands keep assembly order: lw(rd, imm, rs1) == "lw rd, imm(rs1)"; sw(rs2, imm, rs1).

public func add(_ rd: Register, _ rs1: Register, _ rs2: Register) -> AsmStatement {
    AsmStatement(.r(op: 0x33, f3: 0, f7: 0x0, rd: rd, rs1: rs1, rs2: rs2), "add")
}
public func sub(_ rd: Register, _ rs1: Register, _ rs2: Register) -> AsmStatement {
    AsmStatement(.r(op: 0x33, f3: 0, f7: 0x20, rd: rd, rs1: rs1, rs2: rs2), "sub")
}
public func sll(_ rd: Register, _ rs1: Register, _ rs2: Register) -> AsmStatement {
    AsmStatement(.r(op: 0x33, f3: 1, f7: 0x0, rd: rd, rs1: rs1, rs2: rs2), "sll")
}
public func slt(_ rd: Register, _ rs1: Register, _ rs2: Register) -> AsmStatement {
    AsmStatement(.r(op: 0x33, f3: 2, f7: 0x0, rd: rd, rs1: rs1, rs2: rs2), "slt")
}
public func sltu(_ rd: Register, _ rs1: Register, _ rs2: Register) -> AsmStatement {
    AsmStatement(.r(op: 0x33, f3: 3, f7: 0x0, rd: rd, rs1: rs1, rs2: rs2), "sltu")
}
public func xor(_ rd: Register, _ rs1: Register, _ rs2: Register) -> AsmStatement {
    AsmStatement(.r(op: 0x33, f3: 4, f7: 0x0, rd: rd, rs1: rs1, rs2: rs2), "xor")
}
public func srl(_ rd: Register, _ rs1: Register, _ rs2: Register) -> AsmStatement {
    AsmStatement(.r(op: 0x33, f3: 5, f7: 0x0, rd: rd, rs1: rs1, rs2: rs2), "srl")
}
public func sra(_ rd: Register, _ rs1: Register, _ rs2: Register) -> AsmStatement {
    AsmStatement(.r(op: 0x33, f3: 5, f7: 0x20, rd: rd, rs1: rs1, rs2: rs2), "sra")
}
public func or(_ rd: Register, _ rs1: Register, _ rs2: Register) -> AsmStatement {
    AsmStatement(.r(op: 0x33, f3: 6, f7: 0x0, rd: rd, rs1: rs1, rs2: rs2), "or")
}
public func and(_ rd: Register, _ rs1: Register, _ rs2: Register) -> AsmStatement {
    AsmStatement(.r(op: 0x33, f3: 7, f7: 0x0, rd: rd, rs1: rs1, rs2: rs2), "and")
}
public func mul(_ rd: Register, _ rs1: Register, _ rs2: Register) -> AsmStatement {
    AsmStatement(.r(op: 0x33, f3: 0, f7: 0x1, rd: rd, rs1: rs1, rs2: rs2), "mul")
}
public func mulh(_ rd: Register, _ rs1: Register, _ rs2: Register) -> AsmStatement {
    AsmStatement(.r(op: 0x33, f3: 1, f7: 0x1, rd: rd, rs1: rs1, rs2: rs2), "mulh")
}
public func mulhsu(_ rd: Register, _ rs1: Register, _ rs2: Register) -> AsmStatement {
    AsmStatement(.r(op: 0x33, f3: 2, f7: 0x1, rd: rd, rs1: rs1, rs2: rs2), "mulhsu")
}
public func mulhu(_ rd: Register, _ rs1: Register, _ rs2: Register) -> AsmStatement {
    AsmStatement(.r(op: 0x33, f3: 3, f7: 0x1, rd: rd, rs1: rs1, rs2: rs2), "mulhu")
}
public func div(_ rd: Register, _ rs1: Register, _ rs2: Register) -> AsmStatement {
    AsmStatement(.r(op: 0x33, f3: 4, f7: 0x1, rd: rd, rs1: rs1, rs2: rs2), "div")
}
public func divu(_ rd: Register, _ rs1: Register, _ rs2: Register) -> AsmStatement {
    AsmStatement(.r(op: 0x33, f3: 5, f7: 0x1, rd: rd, rs1: rs1, rs2: rs2), "divu")
}
public func rem(_ rd: Register, _ rs1: Register, _ rs2: Register) -> AsmStatement {
    AsmStatement(.r(op: 0x33, f3: 6, f7: 0x1, rd: rd, rs1: rs1, rs2: rs2), "rem")
}
public func remu(_ rd: Register, _ rs1: Register, _ rs2: Register) -> AsmStatement {
    AsmStatement(.r(op: 0x33, f3: 7, f7: 0x1, rd: rd, rs1: rs1, rs2: rs2), "remu")
}
public func addw(_ rd: Register, _ rs1: Register, _ rs2: Register) -> AsmStatement {
    AsmStatement(.r(op: 0x3b, f3: 0, f7: 0x0, rd: rd, rs1: rs1, rs2: rs2), "addw", rv64Only: true)
}
public func subw(_ rd: Register, _ rs1: Register, _ rs2: Register) -> AsmStatement {
    AsmStatement(.r(op: 0x3b, f3: 0, f7: 0x20, rd: rd, rs1: rs1, rs2: rs2), "subw", rv64Only: true)
}
public func sllw(_ rd: Register, _ rs1: Register, _ rs2: Register) -> AsmStatement {
    AsmStatement(.r(op: 0x3b, f3: 1, f7: 0x0, rd: rd, rs1: rs1, rs2: rs2), "sllw", rv64Only: true)
}
public func srlw(_ rd: Register, _ rs1: Register, _ rs2: Register) -> AsmStatement {
    AsmStatement(.r(op: 0x3b, f3: 5, f7: 0x0, rd: rd, rs1: rs1, rs2: rs2), "srlw", rv64Only: true)
}
public func sraw(_ rd: Register, _ rs1: Register, _ rs2: Register) -> AsmStatement {
    AsmStatement(.r(op: 0x3b, f3: 5, f7: 0x20, rd: rd, rs1: rs1, rs2: rs2), "sraw", rv64Only: true)
}
public func mulw(_ rd: Register, _ rs1: Register, _ rs2: Register) -> AsmStatement {
    AsmStatement(.r(op: 0x3b, f3: 0, f7: 0x1, rd: rd, rs1: rs1, rs2: rs2), "mulw", rv64Only: true)
}
public func divw(_ rd: Register, _ rs1: Register, _ rs2: Register) -> AsmStatement {
    AsmStatement(.r(op: 0x3b, f3: 4, f7: 0x1, rd: rd, rs1: rs1, rs2: rs2), "divw", rv64Only: true)
}
public func divuw(_ rd: Register, _ rs1: Register, _ rs2: Register) -> AsmStatement {
    AsmStatement(.r(op: 0x3b, f3: 5, f7: 0x1, rd: rd, rs1: rs1, rs2: rs2), "divuw", rv64Only: true)
}
public func remw(_ rd: Register, _ rs1: Register, _ rs2: Register) -> AsmStatement {
    AsmStatement(.r(op: 0x3b, f3: 6, f7: 0x1, rd: rd, rs1: rs1, rs2: rs2), "remw", rv64Only: true)
}
public func remuw(_ rd: Register, _ rs1: Register, _ rs2: Register) -> AsmStatement {
    AsmStatement(.r(op: 0x3b, f3: 7, f7: 0x1, rd: rd, rs1: rs1, rs2: rs2), "remuw", rv64Only: true)
}
public func addi(_ rd: Register, _ rs1: Register, _ imm: Int64) -> AsmStatement {
    AsmStatement(.i(op: 0x13, f3: 0, rd: rd, rs1: rs1, imm: imm), "addi")
}
public func slti(_ rd: Register, _ rs1: Register, _ imm: Int64) -> AsmStatement {
    AsmStatement(.i(op: 0x13, f3: 2, rd: rd, rs1: rs1, imm: imm), "slti")
}
public func sltiu(_ rd: Register, _ rs1: Register, _ imm: Int64) -> AsmStatement {
    AsmStatement(.i(op: 0x13, f3: 3, rd: rd, rs1: rs1, imm: imm), "sltiu")
}
public func xori(_ rd: Register, _ rs1: Register, _ imm: Int64) -> AsmStatement {
    AsmStatement(.i(op: 0x13, f3: 4, rd: rd, rs1: rs1, imm: imm), "xori")
}
public func ori(_ rd: Register, _ rs1: Register, _ imm: Int64) -> AsmStatement {
    AsmStatement(.i(op: 0x13, f3: 6, rd: rd, rs1: rs1, imm: imm), "ori")
}
public func andi(_ rd: Register, _ rs1: Register, _ imm: Int64) -> AsmStatement {
    AsmStatement(.i(op: 0x13, f3: 7, rd: rd, rs1: rs1, imm: imm), "andi")
}
public func addiw(_ rd: Register, _ rs1: Register, _ imm: Int64) -> AsmStatement {
    AsmStatement(.i(op: 0x1b, f3: 0, rd: rd, rs1: rs1, imm: imm), "addiw", rv64Only: true)
}
public func slli(_ rd: Register, _ rs1: Register, _ shamt: Int64) -> AsmStatement {
    AsmStatement(.shift(op: 0x13, f3: 1, hi: 0x0, rd: rd, rs1: rs1, shamt: shamt), "slli")
}
public func srli(_ rd: Register, _ rs1: Register, _ shamt: Int64) -> AsmStatement {
    AsmStatement(.shift(op: 0x13, f3: 5, hi: 0x0, rd: rd, rs1: rs1, shamt: shamt), "srli")
}
public func srai(_ rd: Register, _ rs1: Register, _ shamt: Int64) -> AsmStatement {
    AsmStatement(.shift(op: 0x13, f3: 5, hi: 0x20, rd: rd, rs1: rs1, shamt: shamt), "srai")
}
public func slliw(_ rd: Register, _ rs1: Register, _ shamt: Int64) -> AsmStatement {
    AsmStatement(.shift(op: 0x1b, f3: 1, hi: 0x0, rd: rd, rs1: rs1, shamt: shamt), "slliw", rv64Only: true)
}
public func srliw(_ rd: Register, _ rs1: Register, _ shamt: Int64) -> AsmStatement {
    AsmStatement(.shift(op: 0x1b, f3: 5, hi: 0x0, rd: rd, rs1: rs1, shamt: shamt), "srliw", rv64Only: true)
}
public func sraiw(_ rd: Register, _ rs1: Register, _ shamt: Int64) -> AsmStatement {
    AsmStatement(.shift(op: 0x1b, f3: 5, hi: 0x20, rd: rd, rs1: rs1, shamt: shamt), "sraiw", rv64Only: true)
}
public func lb(_ rd: Register, _ imm: Int64, _ rs1: Register) -> AsmStatement {
    AsmStatement(.i(op: 0x03, f3: 0, rd: rd, rs1: rs1, imm: imm), "lb")
}
public func lh(_ rd: Register, _ imm: Int64, _ rs1: Register) -> AsmStatement {
    AsmStatement(.i(op: 0x03, f3: 1, rd: rd, rs1: rs1, imm: imm), "lh")
}
public func lw(_ rd: Register, _ imm: Int64, _ rs1: Register) -> AsmStatement {
    AsmStatement(.i(op: 0x03, f3: 2, rd: rd, rs1: rs1, imm: imm), "lw")
}
public func ld(_ rd: Register, _ imm: Int64, _ rs1: Register) -> AsmStatement {
    AsmStatement(.i(op: 0x03, f3: 3, rd: rd, rs1: rs1, imm: imm), "ld", rv64Only: true)
}
public func lbu(_ rd: Register, _ imm: Int64, _ rs1: Register) -> AsmStatement {
    AsmStatement(.i(op: 0x03, f3: 4, rd: rd, rs1: rs1, imm: imm), "lbu")
}
public func lhu(_ rd: Register, _ imm: Int64, _ rs1: Register) -> AsmStatement {
    AsmStatement(.i(op: 0x03, f3: 5, rd: rd, rs1: rs1, imm: imm), "lhu")
}
public func lwu(_ rd: Register, _ imm: Int64, _ rs1: Register) -> AsmStatement {
    AsmStatement(.i(op: 0x03, f3: 6, rd: rd, rs1: rs1, imm: imm), "lwu", rv64Only: true)
}
public func sb(_ rs2: Register, _ imm: Int64, _ rs1: Register) -> AsmStatement {
    AsmStatement(.s(f3: 0, rs2: rs2, rs1: rs1, imm: imm), "sb")
}
public func sh(_ rs2: Register, _ imm: Int64, _ rs1: Register) -> AsmStatement {
    AsmStatement(.s(f3: 1, rs2: rs2, rs1: rs1, imm: imm), "sh")
}
public func sw(_ rs2: Register, _ imm: Int64, _ rs1: Register) -> AsmStatement {
    AsmStatement(.s(f3: 2, rs2: rs2, rs1: rs1, imm: imm), "sw")
}
public func sd(_ rs2: Register, _ imm: Int64, _ rs1: Register) -> AsmStatement {
    AsmStatement(.s(f3: 3, rs2: rs2, rs1: rs1, imm: imm), "sd", rv64Only: true)
}
public func beq(_ rs1: Register, _ rs2: Register, _ target: AsmTarget) -> AsmStatement {
    AsmStatement(.b(f3: 0, rs1: rs1, rs2: rs2, target: target), "beq")
}
public func bne(_ rs1: Register, _ rs2: Register, _ target: AsmTarget) -> AsmStatement {
    AsmStatement(.b(f3: 1, rs1: rs1, rs2: rs2, target: target), "bne")
}
public func blt(_ rs1: Register, _ rs2: Register, _ target: AsmTarget) -> AsmStatement {
    AsmStatement(.b(f3: 4, rs1: rs1, rs2: rs2, target: target), "blt")
}
public func bge(_ rs1: Register, _ rs2: Register, _ target: AsmTarget) -> AsmStatement {
    AsmStatement(.b(f3: 5, rs1: rs1, rs2: rs2, target: target), "bge")
}
public func bltu(_ rs1: Register, _ rs2: Register, _ target: AsmTarget) -> AsmStatement {
    AsmStatement(.b(f3: 6, rs1: rs1, rs2: rs2, target: target), "bltu")
}
public func bgeu(_ rs1: Register, _ rs2: Register, _ target: AsmTarget) -> AsmStatement {
    AsmStatement(.b(f3: 7, rs1: rs1, rs2: rs2, target: target), "bgeu")
}
public func bgt(_ rs1: Register, _ rs2: Register, _ target: AsmTarget) -> AsmStatement {
    AsmStatement(.b(f3: 4, rs1: rs2, rs2: rs1, target: target), "bgt")
}
public func ble(_ rs1: Register, _ rs2: Register, _ target: AsmTarget) -> AsmStatement {
    AsmStatement(.b(f3: 5, rs1: rs2, rs2: rs1, target: target), "ble")
}
public func bgtu(_ rs1: Register, _ rs2: Register, _ target: AsmTarget) -> AsmStatement {
    AsmStatement(.b(f3: 6, rs1: rs2, rs2: rs1, target: target), "bgtu")
}
public func bleu(_ rs1: Register, _ rs2: Register, _ target: AsmTarget) -> AsmStatement {
    AsmStatement(.b(f3: 7, rs1: rs2, rs2: rs1, target: target), "bleu")
}
public func beqz(_ rs: Register, _ target: AsmTarget) -> AsmStatement {
    AsmStatement(.b(f3: 0, rs1: rs, rs2: .zero, target: target), "beqz")
}
public func bnez(_ rs: Register, _ target: AsmTarget) -> AsmStatement {
    AsmStatement(.b(f3: 1, rs1: rs, rs2: .zero, target: target), "bnez")
}
public func bltz(_ rs: Register, _ target: AsmTarget) -> AsmStatement {
    AsmStatement(.b(f3: 4, rs1: rs, rs2: .zero, target: target), "bltz")
}
public func bgez(_ rs: Register, _ target: AsmTarget) -> AsmStatement {
    AsmStatement(.b(f3: 5, rs1: rs, rs2: .zero, target: target), "bgez")
}
public func blez(_ rs: Register, _ target: AsmTarget) -> AsmStatement {
    AsmStatement(.b(f3: 5, rs1: .zero, rs2: rs, target: target), "blez")
}
public func bgtz(_ rs: Register, _ target: AsmTarget) -> AsmStatement {
    AsmStatement(.b(f3: 4, rs1: .zero, rs2: rs, target: target), "bgtz")
}
public func lui(_ rd: Register, _ imm: Int64) -> AsmStatement { AsmStatement(.u(op: 0x37, rd: rd, imm: imm), "lui") }
public func auipc(_ rd: Register, _ imm: Int64) -> AsmStatement { AsmStatement(.u(op: 0x17, rd: rd, imm: imm), "auipc") }
public func jal(_ rd: Register, _ target: AsmTarget) -> AsmStatement { AsmStatement(.jal(rd: rd, target: target), "jal") }
/// `jal ra, target`
public func jal(_ target: AsmTarget) -> AsmStatement { AsmStatement(.jal(rd: .ra, target: target), "jal") }
public func j(_ target: AsmTarget) -> AsmStatement { AsmStatement(.jal(rd: .zero, target: target), "j") }
/// `call label` assembled as `jal ra, label` (not the auipc+jalr pair GNU as emits).
public func call(_ target: AsmTarget) -> AsmStatement { AsmStatement(.jal(rd: .ra, target: target), "call") }
/// `tail label` assembled as `jal zero, label`.
public func tail(_ target: AsmTarget) -> AsmStatement { AsmStatement(.jal(rd: .zero, target: target), "tail") }
/// `jalr rd, imm(rs1)`
public func jalr(_ rd: Register, _ imm: Int64, _ rs1: Register) -> AsmStatement { AsmStatement(.i(op: 0x67, f3: 0, rd: rd, rs1: rs1, imm: imm), "jalr") }
/// `jalr rs` = `jalr ra, 0(rs)`
public func jalr(_ rs: Register) -> AsmStatement { AsmStatement(.i(op: 0x67, f3: 0, rd: .ra, rs1: rs, imm: 0), "jalr") }
public func jr(_ rs: Register, _ imm: Int64 = 0) -> AsmStatement { AsmStatement(.i(op: 0x67, f3: 0, rd: .zero, rs1: rs, imm: imm), "jr") }
public func ret() -> AsmStatement { AsmStatement(.i(op: 0x67, f3: 0, rd: .zero, rs1: .ra, imm: 0), "ret") }
public func nop() -> AsmStatement { AsmStatement(.i(op: 0x13, f3: 0, rd: .zero, rs1: .zero, imm: 0), "nop") }
/// Load immediate; expands exactly like GNU as (lui/addi(w), and slli/addi chains for 64-bit constants).
public func li(_ rd: Register, _ value: Int64) -> AsmStatement { AsmStatement(.li(rd: rd, value: value), "li") }
/// Load address of a label: `auipc rd, %pcrel_hi(label); addi rd, rd, %pcrel_lo(label)`.
public func la(_ rd: Register, _ label: String) -> AsmStatement { AsmStatement(.la(rd: rd, label: label), "la") }
public func mv(_ rd: Register, _ rs: Register) -> AsmStatement { addi(rd, rs, 0) }
public func not(_ rd: Register, _ rs: Register) -> AsmStatement { xori(rd, rs, -1) }
public func neg(_ rd: Register, _ rs: Register) -> AsmStatement { sub(rd, .zero, rs) }
public func negw(_ rd: Register, _ rs: Register) -> AsmStatement { subw(rd, .zero, rs) }
public func sext_w(_ rd: Register, _ rs: Register) -> AsmStatement { addiw(rd, rs, 0) }
public func seqz(_ rd: Register, _ rs: Register) -> AsmStatement { sltiu(rd, rs, 1) }
public func snez(_ rd: Register, _ rs: Register) -> AsmStatement { sltu(rd, .zero, rs) }
public func sltz(_ rd: Register, _ rs: Register) -> AsmStatement { slt(rd, rs, .zero) }
public func sgtz(_ rd: Register, _ rs: Register) -> AsmStatement { slt(rd, .zero, rs) }
public func csrrw(_ rd: Register, _ csr: AsmCSR, _ rs1: Register) -> AsmStatement {
    AsmStatement(.csr(f3: 1, rd: rd, csr: csr, src: UInt32(rs1.rawValue)), "csrrw")
}
public func csrrs(_ rd: Register, _ csr: AsmCSR, _ rs1: Register) -> AsmStatement {
    AsmStatement(.csr(f3: 2, rd: rd, csr: csr, src: UInt32(rs1.rawValue)), "csrrs")
}
public func csrrc(_ rd: Register, _ csr: AsmCSR, _ rs1: Register) -> AsmStatement {
    AsmStatement(.csr(f3: 3, rd: rd, csr: csr, src: UInt32(rs1.rawValue)), "csrrc")
}
public func csrrwi(_ rd: Register, _ csr: AsmCSR, _ uimm: Int64) -> AsmStatement {
    AsmStatement(.csrImm(f3: 5, rd: rd, csr: csr, uimm: uimm), "csrrwi")
}
public func csrrsi(_ rd: Register, _ csr: AsmCSR, _ uimm: Int64) -> AsmStatement {
    AsmStatement(.csrImm(f3: 6, rd: rd, csr: csr, uimm: uimm), "csrrsi")
}
public func csrrci(_ rd: Register, _ csr: AsmCSR, _ uimm: Int64) -> AsmStatement {
    AsmStatement(.csrImm(f3: 7, rd: rd, csr: csr, uimm: uimm), "csrrci")
}
public func csrr(_ rd: Register, _ csr: AsmCSR) -> AsmStatement { csrrs(rd, csr, .zero) }
public func csrw(_ csr: AsmCSR, _ rs: Register) -> AsmStatement { csrrw(.zero, csr, rs) }
public func csrs(_ csr: AsmCSR, _ rs: Register) -> AsmStatement { csrrs(.zero, csr, rs) }
public func csrc(_ csr: AsmCSR, _ rs: Register) -> AsmStatement { csrrc(.zero, csr, rs) }
public func csrwi(_ csr: AsmCSR, _ uimm: Int64) -> AsmStatement { csrrwi(.zero, csr, uimm) }
public func csrsi(_ csr: AsmCSR, _ uimm: Int64) -> AsmStatement { csrrsi(.zero, csr, uimm) }
public func csrci(_ csr: AsmCSR, _ uimm: Int64) -> AsmStatement { csrrci(.zero, csr, uimm) }
public func rdcycle(_ rd: Register) -> AsmStatement { csrrs(rd, .cycle, .zero) }
public func rdtime(_ rd: Register) -> AsmStatement { csrrs(rd, .time, .zero) }
public func rdinstret(_ rd: Register) -> AsmStatement { csrrs(rd, .instret, .zero) }
public func rdcycleh(_ rd: Register) -> AsmStatement { csrrs(rd, .cycleh, .zero) }
public func rdtimeh(_ rd: Register) -> AsmStatement { csrrs(rd, .timeh, .zero) }
public func rdinstreth(_ rd: Register) -> AsmStatement { csrrs(rd, .instreth, .zero) }
public func ecall() -> AsmStatement { AsmStatement(.fixed(0x00000073), "ecall") }
public func ebreak() -> AsmStatement { AsmStatement(.fixed(0x00100073), "ebreak") }
public func mret() -> AsmStatement { AsmStatement(.fixed(0x30200073), "mret") }
public func sret() -> AsmStatement { AsmStatement(.fixed(0x10200073), "sret") }
public func wfi() -> AsmStatement { AsmStatement(.fixed(0x10500073), "wfi") }
public func fence_i() -> AsmStatement { AsmStatement(.fixed(0x0000100F), "fence.i") }
public func fence_tso() -> AsmStatement { AsmStatement(.fixed(0x8330000F), "fence.tso") }
public func gpu_bar() -> AsmStatement { AsmStatement(.fixed(0x0000100B), "gpu.bar") }
public func gpu_exit() -> AsmStatement { AsmStatement(.fixed(0x0000200B), "gpu.exit") }
public func sfence_vma(_ rs1: Register = .zero, _ rs2: Register = .zero) -> AsmStatement {
    AsmStatement(.r(op: 0x73, f3: 0, f7: 0x09, rd: .zero, rs1: rs1, rs2: rs2), "sfence.vma")
}
public func fence(_ pred: AsmFenceSet = .iorw, _ succ: AsmFenceSet = .iorw) -> AsmStatement {
    AsmStatement(.fixed(0x0F | pred.rawValue << 24 | succ.rawValue << 20), "fence")
}
/// GPU: rd = dot product of the four signed bytes of rs1 and rs2, plus rd (custom-0, funct3 0, funct7 0).
public func gpu_dp4a(_ rd: Register, _ rs1: Register, _ rs2: Register) -> AsmStatement {
    AsmStatement(.r(op: 0x0B, f3: 0, f7: 0, rd: rd, rs1: rs1, rs2: rs2), "gpu.dp4a")
}
/// Raw 32-bit data word.
public func word(_ value: UInt32) -> AsmStatement { AsmStatement(.data(value), ".word") }
