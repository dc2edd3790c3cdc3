import HDL

// The decoder: one row per instruction, written as in the spec's opcode tables (bit patterns with
// `-` for operand fields), each producing a `Control` bundle. An instruction that matches no row
// is illegal; RV64-only rows exist only when XLEN is 64, and shifts take a 6-bit shamt there.
// In hardware the table becomes two parts: a decode tree that finds the matching row (a case on
// the opcode, then on funct3, then a compare of the row's remaining fixed bits), and a ROM that
// holds each row's packed Control bundle and format (row 0: the illegal instruction, all zero).

/// What the later stages need to know about an instruction.
public struct Control: Bundle {
    public var legal = Signal(.bit)
    public var aluOp = Signal(ALUOp.hwType)
    public var branchOp = Signal(BranchOp.hwType)
    public var isBranch = Signal(.bit)
    public var isJal = Signal(.bit)
    public var isJalr = Signal(.bit)
    public var aIsPC = Signal(.bit)       // operand a: pc instead of rs1 (auipc)
    public var aIsZero = Signal(.bit)     // operand a: zero (lui)
    public var bIsImm = Signal(.bit)      // operand b: the immediate instead of rs2
    public var writesRd = Signal(.bit)
    public var usesRs1 = Signal(.bit)
    public var usesRs2 = Signal(.bit)
    public var isLoad = Signal(.bit)
    public var isStore = Signal(.bit)
    public var isMul = Signal(.bit)
    public var mulOp = Signal(MulOp.hwType)
    public var isDiv = Signal(.bit)
    public var isCSR = Signal(.bit)
    public var isEcall = Signal(.bit)
    public var isEbreak = Signal(.bit)
    public var isMret = Signal(.bit)
    public var isSret = Signal(.bit)
    public var isWfi = Signal(.bit)
    public var isFenceI = Signal(.bit)
    public var isSfence = Signal(.bit)
    public init() {}
    /// The width of the packed bundle (see `packed`).
    public static let width = packedWidth(Control())
}

/// Instruction formats: which registers a row reads and writes, and how its immediate is built.
enum Format: Int, HardwareEnum { case r, i, s, b, u, j, csr, csrImm, none }

/// What a row does, beyond its format.
enum Kind {
    case alu(ALUOp), lui, auipc, jal, jalr, branch(BranchOp), load, store, mul(MulOp), div
    case csr, ecall, ebreak, mret, sret, wfi, fence, fenceI, sfence
}

struct Row {
    let name: String
    let pattern: String
    let format: Format
    let kind: Kind
    init(_ name: String, _ pattern: String, _ format: Format, _ kind: Kind) {
        self.name = name; self.pattern = pattern.filter { $0 != " " }; self.format = format; self.kind = kind
        precondition(self.pattern.count == 32, "\(name): a pattern has 32 bits")
    }
    /// The bits that must match, and their values.
    var mask: Int { pattern.reduce(0) { $0 << 1 | ($1 == "-" ? 0 : 1) } }
    var match: Int { pattern.reduce(0) { $0 << 1 | ($1 == "1" ? 1 : 0) } }
}

/// The instruction table of RV32IM/RV64IM, Zicsr, Zifencei and the privileged instructions.
func instructionTable(xlen: Int) -> [Row] {
    let shift = xlen == 64 ? "000000 ------" : "0000000 -----"     // funct6/7 and shamt of slli/srli
    let shiftA = xlen == 64 ? "010000 ------" : "0100000 -----"
    var rows = [
        Row("lui",    "-------------------- ----- 0110111", .u, .lui),
        Row("auipc",  "-------------------- ----- 0010111", .u, .auipc),
        Row("jal",    "-------------------- ----- 1101111", .j, .jal),
        Row("jalr",   "------------ ----- 000 ----- 1100111", .i, .jalr),
        Row("beq",    "------- ----- ----- 000 ----- 1100011", .b, .branch(.eq)),
        Row("bne",    "------- ----- ----- 001 ----- 1100011", .b, .branch(.ne)),
        Row("blt",    "------- ----- ----- 100 ----- 1100011", .b, .branch(.lt)),
        Row("bge",    "------- ----- ----- 101 ----- 1100011", .b, .branch(.ge)),
        Row("bltu",   "------- ----- ----- 110 ----- 1100011", .b, .branch(.ltu)),
        Row("bgeu",   "------- ----- ----- 111 ----- 1100011", .b, .branch(.geu)),
        Row("lb",     "------------ ----- 000 ----- 0000011", .i, .load),
        Row("lh",     "------------ ----- 001 ----- 0000011", .i, .load),
        Row("lw",     "------------ ----- 010 ----- 0000011", .i, .load),
        Row("lbu",    "------------ ----- 100 ----- 0000011", .i, .load),
        Row("lhu",    "------------ ----- 101 ----- 0000011", .i, .load),
        Row("sb",     "------- ----- ----- 000 ----- 0100011", .s, .store),
        Row("sh",     "------- ----- ----- 001 ----- 0100011", .s, .store),
        Row("sw",     "------- ----- ----- 010 ----- 0100011", .s, .store),
        Row("addi",   "------------ ----- 000 ----- 0010011", .i, .alu(.add)),
        Row("slti",   "------------ ----- 010 ----- 0010011", .i, .alu(.slt)),
        Row("sltiu",  "------------ ----- 011 ----- 0010011", .i, .alu(.sltu)),
        Row("xori",   "------------ ----- 100 ----- 0010011", .i, .alu(.xor)),
        Row("ori",    "------------ ----- 110 ----- 0010011", .i, .alu(.or)),
        Row("andi",   "------------ ----- 111 ----- 0010011", .i, .alu(.and)),
        Row("slli",   "\(shift) ----- 001 ----- 0010011", .i, .alu(.sll)),
        Row("srli",   "\(shift) ----- 101 ----- 0010011", .i, .alu(.srl)),
        Row("srai",   "\(shiftA) ----- 101 ----- 0010011", .i, .alu(.sra)),
        Row("add",    "0000000 ----- ----- 000 ----- 0110011", .r, .alu(.add)),
        Row("sub",    "0100000 ----- ----- 000 ----- 0110011", .r, .alu(.sub)),
        Row("sll",    "0000000 ----- ----- 001 ----- 0110011", .r, .alu(.sll)),
        Row("slt",    "0000000 ----- ----- 010 ----- 0110011", .r, .alu(.slt)),
        Row("sltu",   "0000000 ----- ----- 011 ----- 0110011", .r, .alu(.sltu)),
        Row("xor",    "0000000 ----- ----- 100 ----- 0110011", .r, .alu(.xor)),
        Row("srl",    "0000000 ----- ----- 101 ----- 0110011", .r, .alu(.srl)),
        Row("sra",    "0100000 ----- ----- 101 ----- 0110011", .r, .alu(.sra)),
        Row("or",     "0000000 ----- ----- 110 ----- 0110011", .r, .alu(.or)),
        Row("and",    "0000000 ----- ----- 111 ----- 0110011", .r, .alu(.and)),
        Row("fence",  "------------ ----- 000 ----- 0001111", .none, .fence),
        Row("fence.i", "------------ ----- 001 ----- 0001111", .none, .fenceI),
        Row("ecall",  "000000000000 00000 000 00000 1110011", .none, .ecall),
        Row("ebreak", "000000000001 00000 000 00000 1110011", .none, .ebreak),
        Row("sret",   "0001000 00010 00000 000 00000 1110011", .none, .sret),
        Row("mret",   "0011000 00010 00000 000 00000 1110011", .none, .mret),
        Row("wfi",    "0001000 00101 00000 000 00000 1110011", .none, .wfi),
        Row("sfence.vma", "0001001 ----- ----- 000 00000 1110011", .none, .sfence),
        Row("csrrw",  "------------ ----- 001 ----- 1110011", .csr, .csr),
        Row("csrrs",  "------------ ----- 010 ----- 1110011", .csr, .csr),
        Row("csrrc",  "------------ ----- 011 ----- 1110011", .csr, .csr),
        Row("csrrwi", "------------ ----- 101 ----- 1110011", .csrImm, .csr),
        Row("csrrsi", "------------ ----- 110 ----- 1110011", .csrImm, .csr),
        Row("csrrci", "------------ ----- 111 ----- 1110011", .csrImm, .csr),
        Row("mul",    "0000001 ----- ----- 000 ----- 0110011", .r, .mul(.mul)),
        Row("mulh",   "0000001 ----- ----- 001 ----- 0110011", .r, .mul(.mulh)),
        Row("mulhsu", "0000001 ----- ----- 010 ----- 0110011", .r, .mul(.mulhsu)),
        Row("mulhu",  "0000001 ----- ----- 011 ----- 0110011", .r, .mul(.mulhu)),
        Row("div",    "0000001 ----- ----- 100 ----- 0110011", .r, .div),
        Row("divu",   "0000001 ----- ----- 101 ----- 0110011", .r, .div),
        Row("rem",    "0000001 ----- ----- 110 ----- 0110011", .r, .div),
        Row("remu",   "0000001 ----- ----- 111 ----- 0110011", .r, .div),
    ]
    if xlen == 64 {
        rows += [
            Row("ld",     "------------ ----- 011 ----- 0000011", .i, .load),
            Row("lwu",    "------------ ----- 110 ----- 0000011", .i, .load),
            Row("sd",     "------- ----- ----- 011 ----- 0100011", .s, .store),
            Row("addiw",  "------------ ----- 000 ----- 0011011", .i, .alu(.addw)),
            Row("slliw",  "0000000 ----- ----- 001 ----- 0011011", .i, .alu(.sllw)),
            Row("srliw",  "0000000 ----- ----- 101 ----- 0011011", .i, .alu(.srlw)),
            Row("sraiw",  "0100000 ----- ----- 101 ----- 0011011", .i, .alu(.sraw)),
            Row("addw",   "0000000 ----- ----- 000 ----- 0111011", .r, .alu(.addw)),
            Row("subw",   "0100000 ----- ----- 000 ----- 0111011", .r, .alu(.subw)),
            Row("sllw",   "0000000 ----- ----- 001 ----- 0111011", .r, .alu(.sllw)),
            Row("srlw",   "0000000 ----- ----- 101 ----- 0111011", .r, .alu(.srlw)),
            Row("sraw",   "0100000 ----- ----- 101 ----- 0111011", .r, .alu(.sraw)),
            Row("mulw",   "0000001 ----- ----- 000 ----- 0111011", .r, .mul(.mulw)),
            Row("divw",   "0000001 ----- ----- 100 ----- 0111011", .r, .div),
            Row("divuw",  "0000001 ----- ----- 101 ----- 0111011", .r, .div),
            Row("remw",   "0000001 ----- ----- 110 ----- 0111011", .r, .div),
            Row("remuw",  "0000001 ----- ----- 111 ----- 0111011", .r, .div),
        ]
    }
    return rows
}

public struct Decoder: Module {
    public var xlen: Int
    public init(xlen: Int) { self.xlen = xlen }

    public struct IO: Bundle {
        public var instruction = Input(.uint(32))
        public var control = Output(.uint(Control.width))     // a packed Control
        public var imm: Signal
        init(xlen: Int) { imm = Output(.uint(xlen)) }
    }
    public var io: IO { IO(xlen: xlen) }

    public func body(_ io: IO) -> [Statement] {
        let inst = io.instruction
        let rows = instructionTable(xlen: xlen)
        let row = Wire(.uint(bitsToRepresent(count: rows.count + 1)))
        let format = Wire(Format.hwType)

        // The decode tree: row i + 1 of the ROM for table row i; 0 when nothing matches.
        let opcodeMask = 0x7f, funct3Mask = 0x7000
        let byOpcode = Dictionary(grouping: rows.indices) { rows[$0].match & opcodeMask }
        row <== 0
        Switch(inst[6, 0]) {
            for opcode in byOpcode.keys.sorted() {
                let group = byOpcode[opcode]!
                let byFunct3 = Dictionary(grouping: group) { rows[$0].mask & funct3Mask == funct3Mask ? rows[$0].match >> 12 & 7 : -1 }
                let _ = precondition(byFunct3[-1] == nil || byFunct3.count == 1, "an opcode's rows all fix funct3 or none does")
                Is(Const(opcode, .uint(7))) {
                    if let anyFunct3 = byFunct3[-1] {
                        matchRows(anyFunct3, rows, inst, row, checked: opcodeMask)
                    } else {
                        Switch(inst[14, 12]) {
                            for funct3 in byFunct3.keys.sorted() {
                                Is(Const(funct3, .uint(3))) { matchRows(byFunct3[funct3]!, rows, inst, row, checked: opcodeMask | funct3Mask) }
                            }
                        }
                    }
                }
            }
        }

        // The ROM: each row's packed Control in the low bits, its format above.
        let layout = ControlLayout()
        let rom = Memory(.uint(Control.width + Format.hwType.width), depth: rows.count + 1,
                         initial: [layout.romWord(legal: false, format: .none, effects: [])]
                            + rows.map { layout.romWord(legal: true, format: $0.format, effects: effects(of: $0)) },
                         backdoor: false)
        let word = Wire(rom.read(row))
        io.control <== word[Control.width - 1, 0]
        format <== word[word.width - 1, Control.width]

        // Immediates of each format, sign-extended to XLEN (the spec's figure 2.4).
        let sign = inst[31]
        let immI = Wire(inst[31, 20].signExtended(to: xlen))
        let immS = Wire(Cat(inst[31, 25], inst[11, 7]).signExtended(to: xlen))
        let immB = Wire(Cat(sign, inst[7], inst[30, 25], inst[11, 8], Const(0, .bit)).signExtended(to: xlen))
        let immU = Wire(Cat(inst[31, 12], Const(0, .uint(12))).signExtended(to: xlen))
        let immJ = Wire(Cat(sign, inst[19, 12], inst[20], inst[30, 21], Const(0, .bit)).signExtended(to: xlen))
        let immZ = Wire(inst[19, 15].zeroExtended(to: xlen))       // the CSR instructions' uimm
        io.imm <== 0
        Switch(format) {
            Is(Format.i) { io.imm <== immI }
            Is(Format.s) { io.imm <== immS }
            Is(Format.b) { io.imm <== immB }
            Is(Format.u) { io.imm <== immU }
            Is(Format.j) { io.imm <== immJ }
            Is(Format.csrImm) { io.imm <== immZ }
        }
    }

    /// Within one opcode (and funct3) the rows left to tell apart: each compares the fixed bits
    /// not `checked` yet (none for most rows).
    @LogicBuilder func matchRows(_ indices: [Int], _ rows: [Row], _ inst: Signal, _ row: Signal, checked: Int) -> [Statement] {
        for i in indices {
            let rest = rows[i].mask & ~checked
            if rest == 0 {
                row <== Const(i + 1, row.type)
            } else {
                When((inst & Const(rest, .uint(32))) == Const(rows[i].match & rest, .uint(32))) { row <== Const(i + 1, row.type) }
            }
        }
    }

    /// The control fields a row sets (all others are 0), as values.
    func effects(of row: Row) -> [(KeyPath<Control, Signal>, Int)] {
        var e: [(KeyPath<Control, Signal>, Int)]
        switch row.format {
        case .r: e = [(\.usesRs1, 1), (\.usesRs2, 1), (\.writesRd, 1)]
        case .i: e = [(\.usesRs1, 1), (\.writesRd, 1), (\.bIsImm, 1)]
        case .s: e = [(\.usesRs1, 1), (\.usesRs2, 1), (\.bIsImm, 1)]
        case .b: e = [(\.usesRs1, 1), (\.usesRs2, 1)]
        case .u, .j: e = [(\.writesRd, 1), (\.bIsImm, 1)]
        case .csr: e = [(\.usesRs1, 1), (\.writesRd, 1)]
        case .csrImm: e = [(\.writesRd, 1)]
        case .none: e = []
        }
        switch row.kind {
        case .alu(let op): e.append((\.aluOp, op.rawValue))
        case .lui: e.append((\.aIsZero, 1))
        case .auipc: e.append((\.aIsPC, 1))
        case .jal: e.append((\.isJal, 1))
        case .jalr: e.append((\.isJalr, 1))
        case .branch(let op): e += [(\.isBranch, 1), (\.branchOp, op.rawValue)]
        case .load: e.append((\.isLoad, 1))
        case .store: e.append((\.isStore, 1))
        case .mul(let op): e += [(\.isMul, 1), (\.mulOp, op.rawValue)]
        case .div: e.append((\.isDiv, 1))
        case .csr: e.append((\.isCSR, 1))
        case .ecall: e.append((\.isEcall, 1))
        case .ebreak: e.append((\.isEbreak, 1))
        case .mret: e.append((\.isMret, 1))
        case .sret: e.append((\.isSret, 1))
        case .wfi: e.append((\.isWfi, 1))
        case .fence: break
        case .fenceI: e.append((\.isFenceI, 1))
        case .sfence: e.append((\.isSfence, 1))
        }
        return e
    }
}

/// Where each Control field sits in the packed word (as `packed` lays it out), by key path.
struct ControlLayout {
    let template = Control()
    let offsets: [ObjectIdentifier: Int]
    init() { offsets = Dictionary(uniqueKeysWithValues: packedFields(template).map { (ObjectIdentifier($0.signal), $0.offset) }) }

    /// A row's ROM word: its Control bundle packed with the fields it sets, and its format above.
    func romWord(legal: Bool, format: Format, effects: [(KeyPath<Control, Signal>, Int)]) -> Int {
        var word = format.rawValue << Control.width
        for (path, value) in effects + (legal ? [(\Control.legal, 1)] : []) {
            word |= value << offsets[ObjectIdentifier(template[keyPath: path])]!
        }
        return word
    }
}
