/// Disassembles 32-bit RISC-V words (RV32I/RV64I, M, Zicsr, Zifencei, privileged
/// instructions and the GPU custom-0 ops) into the text GNU objdump 2.40 prints
/// (`riscv64-unknown-elf-objdump -d`, default options, objects assembled with
/// `-march=rv{32,64}im_zicsr_zifencei`). Mnemonic and operands are separated by one space
/// (objdump uses a tab); branch/jump targets are printed as bare absolute hex addresses
/// without objdump's ` <symbol+off>` suffix. Unknown encodings print as `.4byte 0x...`.
///
/// objdump also appends `# <address>` comments computed from earlier `lui`/`auipc`
/// instructions. The single-word functions know no history, so they only print the comments
/// objdump prints for `zero`/`tp` bases; use `disassemble(_:origin:xlen:gpu:)` or a
/// `Disassembler.Context` to reproduce objdump's output for a whole instruction stream.
public enum Disassembler {
    public static func disassemble(_ word: UInt32, pc: UInt64, xlen: Int) -> String {
        disassemble(word, pc: pc, xlen: xlen, gpu: false)
    }

    /// - Parameter gpu: print the GPU CSRs 0xCC0...0xCCA by name (`gpu.tid.x`, ...).
    public static func disassemble(_ word: UInt32, pc: UInt64, xlen: Int, gpu: Bool) -> String {
        var context = Context(xlen: xlen, gpu: gpu)
        return context.disassemble(word, pc: pc)
    }

    /// Disassembles consecutive words starting at `origin`, tracking `lui`/`auipc` results
    /// for objdump's address comments. See `Context` for the parameters.
    public static func disassemble(_ words: [UInt32], origin: UInt64, xlen: Int, gpu: Bool = false,
                                   privSpec: AsmPrivSpec = .v1_12, gp: UInt64? = nil) -> [String] {
        var context = Context(xlen: xlen, gpu: gpu, privSpec: privSpec, gp: gp)
        return words.enumerated().map { context.disassemble($1, pc: origin &+ UInt64(4 * $0)) }
    }

    /// Streaming disassembler state (objdump's per-register `lui`/`auipc` tracking).
    public struct Context: Sendable {
        public let xlen: Int
        /// Print GPU CSRs 0xCC0...0xCCA by name.
        public let gpu: Bool
        /// CSR name set: objdump uses 1.12 unless the object's attributes say otherwise.
        public let privSpec: AsmPrivSpec
        /// Value of `__global_pointer$` if the image defines it (objdump then comments gp-relative
        /// accesses with their address).
        public let gp: UInt64?
        var hi: [UInt64?] = Array(repeating: nil, count: 32)

        public init(xlen: Int, gpu: Bool = false, privSpec: AsmPrivSpec = .v1_12, gp: UInt64? = nil) {
            self.xlen = xlen
            self.gpu = gpu
            self.privSpec = privSpec
            self.gp = gp
        }

        public mutating func disassemble(_ word: UInt32, pc: UInt64) -> String {
            Disassembler.decode(word, pc: pc, context: &self) ?? Disassembler.unknown(word)
        }
    }

    static func unknown(_ w: UInt32) -> String { ".4byte 0x" + String(w, radix: 16) }

    private static func hex(_ v: UInt64) -> String { "0x" + String(v, radix: 16) }

    private static func decode(_ w: UInt32, pc: UInt64, context: inout Context) -> String? {
        let rv64 = context.xlen == 64, gpu = context.gpu, gp = context.gp
        guard w & 3 == 3, (w >> 2) & 7 != 7 else { return nil }
        let opcode = w & 0x7F
        let rdN = (w >> 7) & 31, rs1N = (w >> 15) & 31, rs2N = (w >> 20) & 31
        let rd = Register.name(rdN), rs1 = Register.name(rs1N), rs2 = Register.name(rs2N)
        let f3 = (w >> 12) & 7, f7 = w >> 25
        let immI = Int32(bitPattern: w) >> 20
        let immS = (Int32(bitPattern: w & 0xFE00_0000) >> 20) | Int32((w >> 7) & 31)
        let mask: UInt64 = rv64 ? ~0 : 0xFFFF_FFFF
        // objdump (riscv-dis.c maybe_print_address) appends "# <address>" when the base value
        // is known: from an earlier lui/auipc into that register (consumed once used), gp from
        // __global_pointer$, or zero/tp taken as 0. `twice` models the second lookup objdump
        // does for `jalr o(s)`.
        func fallback(_ base: UInt32, _ o: UInt64) -> UInt64? {
            if base == 3, let gp { return gp &+ o }
            if base == 0 || base == 4 { return o }
            return nil
        }
        func addr(_ base: UInt32, _ off: Int32, twice: Bool = false, addiw: Bool = false) -> String {
            let o = UInt64(bitPattern: Int64(off))
            var p: UInt64
            if let h = context.hi[Int(base)] {
                p = (base != 0 ? h : 0) &+ o
                context.hi[Int(base)] = nil
                if twice, let f = fallback(base, o) { p = f }
            } else if let f = fallback(base, o) {
                p = f
            } else {
                return ""
            }
            if addiw { p = UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: p))) }
            return " # " + String(p & mask, radix: 16)
        }
        let uimm = UInt64(bitPattern: Int64(Int32(bitPattern: w & 0xFFFF_F000)))
        func target(_ off: Int32) -> String {
            String((pc &+ UInt64(bitPattern: Int64(off))) & mask, radix: 16)
        }
        switch opcode {
        case 0x37:
            context.hi[Int(rdN)] = uimm
            return "lui \(rd),\(hex(UInt64(w >> 12)))"
        case 0x17:
            context.hi[Int(rdN)] = pc &+ uimm
            return "auipc \(rd),\(hex(UInt64(w >> 12)))"
        case 0x6F:
            let imm = (Int32(bitPattern: w & 0x8000_0000) >> 11) | Int32(w & 0xFF000)
                | Int32((w >> 9) & 0x800) | Int32((w >> 20) & 0x7FE)
            if rdN == 0 { return "j \(target(imm))" }
            if rdN == 1 { return "jal \(target(imm))" }
            return "jal \(rd),\(target(imm))"
        case 0x67:
            guard f3 == 0 else { return nil }
            if rdN == 0 && rs1N == 1 && immI == 0 { return "ret" }
            let a = addr(rs1N, immI, twice: immI != 0)
            if rdN == 0 { return (immI == 0 ? "jr \(rs1)" : "jr \(immI)(\(rs1))") + a }
            if rdN == 1 { return (immI == 0 ? "jalr \(rs1)" : "jalr \(immI)(\(rs1))") + a }
            return (immI == 0 ? "jalr \(rd),\(rs1)" : "jalr \(rd),\(immI)(\(rs1))") + a
        case 0x63:
            let imm = (Int32(bitPattern: w & 0x8000_0000) >> 19) | Int32((w << 4) & 0x800)
                | Int32((w >> 20) & 0x7E0) | Int32((w >> 7) & 0x1E)
            let t = target(imm)
            switch f3 {
            case 0: return rs2N == 0 ? "beqz \(rs1),\(t)" : "beq \(rs1),\(rs2),\(t)"
            case 1: return rs2N == 0 ? "bnez \(rs1),\(t)" : "bne \(rs1),\(rs2),\(t)"
            case 4:
                if rs2N == 0 { return "bltz \(rs1),\(t)" }
                if rs1N == 0 { return "bgtz \(rs2),\(t)" }
                return "blt \(rs1),\(rs2),\(t)"
            case 5:
                if rs1N == 0 { return "blez \(rs2),\(t)" }
                if rs2N == 0 { return "bgez \(rs1),\(t)" }
                return "bge \(rs1),\(rs2),\(t)"
            case 6: return "bltu \(rs1),\(rs2),\(t)"
            case 7: return "bgeu \(rs1),\(rs2),\(t)"
            default: return nil
            }
        case 0x03:
            let names = ["lb", "lh", "lw", "ld", "lbu", "lhu", "lwu", nil]
            guard let n = names[Int(f3)], rv64 || (f3 != 3 && f3 != 6) else { return nil }
            return "\(n) \(rd),\(immI)(\(rs1))" + addr(rs1N, immI)
        case 0x23:
            guard f3 < 4, rv64 || f3 != 3 else { return nil }
            return "\(["sb", "sh", "sw", "sd"][Int(f3)]) \(rs2),\(immS)(\(rs1))" + addr(rs1N, immS)
        case 0x13:
            switch f3 {
            case 0:
                if rdN == 0 && rs1N == 0 && immI == 0 { return "nop" }
                if rs1N == 0 { return "li \(rd),\(immI)" }
                if immI == 0 { return "mv \(rd),\(rs1)" }
                return "add \(rd),\(rs1),\(immI)" + addr(rs1N, immI)
            case 2: return "slti \(rd),\(rs1),\(immI)"
            case 3: return immI == 1 ? "seqz \(rd),\(rs1)" : "sltiu \(rd),\(rs1),\(immI)"
            case 4: return immI == -1 ? "not \(rd),\(rs1)" : "xor \(rd),\(rs1),\(immI)"
            case 6: return "or \(rd),\(rs1),\(immI)"
            case 7: return "and \(rd),\(rs1),\(immI)"
            case 1, 5:
                // objdump 2.40 decodes a 6-bit shamt even for RV32.
                let shamt = (w >> 20) & 63
                let hi = w >> 26
                let name: String
                switch (f3, hi) {
                case (1, 0): name = "sll"
                case (5, 0): name = "srl"
                case (5, 0x10): name = "sra"
                default: return nil
                }
                return "\(name) \(rd),\(rs1),\(hex(UInt64(shamt)))"
            default: return nil
            }
        case 0x1B:
            guard rv64 else { return nil }
            switch (f3, f7) {
            case (0, _): return immI == 0 ? "sext.w \(rd),\(rs1)" : "addw \(rd),\(rs1),\(immI)" + (rs1N == 0 ? "" : addr(rs1N, immI, addiw: true))
            case (1, 0): return "sllw \(rd),\(rs1),\(hex(UInt64(rs2N)))"
            case (5, 0): return "srlw \(rd),\(rs1),\(hex(UInt64(rs2N)))"
            case (5, 0x20): return "sraw \(rd),\(rs1),\(hex(UInt64(rs2N)))"
            default: return nil
            }
        case 0x33:
            let name: String
            switch (f7, f3) {
            case (0, 0): name = "add"
            case (0x20, 0): if rs1N == 0 { return "neg \(rd),\(rs2)" }; name = "sub"
            case (0, 1): name = "sll"
            case (0, 2):
                if rs2N == 0 { return "sltz \(rd),\(rs1)" }
                if rs1N == 0 { return "sgtz \(rd),\(rs2)" }
                name = "slt"
            case (0, 3): if rs1N == 0 { return "snez \(rd),\(rs2)" }; name = "sltu"
            case (0, 4): name = "xor"
            case (0, 5): name = "srl"
            case (0x20, 5): name = "sra"
            case (0, 6): name = "or"
            case (0, 7): name = "and"
            case (1, _): name = ["mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu"][Int(f3)]
            default: return nil
            }
            return "\(name) \(rd),\(rs1),\(rs2)"
        case 0x3B:
            guard rv64 else { return nil }
            let name: String
            switch (f7, f3) {
            case (0, 0): name = "addw"
            case (0x20, 0): if rs1N == 0 { return "negw \(rd),\(rs2)" }; name = "subw"
            case (0, 1): name = "sllw"
            case (0, 5): name = "srlw"
            case (0x20, 5): name = "sraw"
            case (1, 0): name = "mulw"
            case (1, 4): name = "divw"
            case (1, 5): name = "divuw"
            case (1, 6): name = "remw"
            case (1, 7): name = "remuw"
            default: return nil
            }
            return "\(name) \(rd),\(rs1),\(rs2)"
        case 0x0F:
            if f3 == 1 { return w == 0x0000_100F ? "fence.i" : nil }
            guard f3 == 0 else { return nil }
            if w == 0x8330_000F { return "fence.tso" }
            guard rdN == 0, rs1N == 0, w >> 28 == 0 else { return nil }
            let pred = (w >> 24) & 15, succ = (w >> 20) & 15
            if pred == 15 && succ == 15 { return "fence" }
            return "fence \(fenceSet(pred)),\(fenceSet(succ))"
        case 0x73:
            if f3 == 0 {
                switch w {
                case 0x0000_0073: return "ecall"
                case 0x0010_0073: return "ebreak"
                case 0x0020_0073: return "uret"
                case 0x1020_0073: return "sret"
                case 0x3020_0073: return "mret"
                case 0x7B20_0073: return "dret"
                case 0x1050_0073: return "wfi"
                default: break
                }
                guard f7 == 0x09, rdN == 0 else { return nil }
                if rs2N == 0 { return rs1N == 0 ? "sfence.vma" : "sfence.vma \(rs1)" }
                return "sfence.vma \(rs1),\(rs2)"
            }
            guard f3 != 4 else { return nil }
            let csrN = UInt16(w >> 20)
            let csr: String
            if gpu, (0xCC0...0xCCA).contains(csrN) {
                csr = AsmCSR.gpuNames[Int(csrN - 0xCC0)]
            } else if let n = AsmCSR.objdumpName(csrN, privSpec: context.privSpec) {
                csr = n
            } else {
                csr = hex(UInt64(csrN))
            }
            let imm = f3 >= 5
            let src = imm ? String(rs1N) : rs1
            let base = ["", "csrrw", "csrrs", "csrrc", "", "csrrw", "csrrs", "csrrc"][Int(f3)]
            if f3 == 2 && rs1N == 0 {
                switch csrN {
                case 0xC00: return "rdcycle \(rd)"
                case 0xC01: return "rdtime \(rd)"
                case 0xC02: return "rdinstret \(rd)"
                case 0xC80 where !rv64: return "rdcycleh \(rd)"
                case 0xC81 where !rv64: return "rdtimeh \(rd)"
                case 0xC82 where !rv64: return "rdinstreth \(rd)"
                default: return "csrr \(rd),\(csr)"
                }
            }
            if rdN == 0 {
                let short = ["", "csrw", "csrs", "csrc", "", "csrwi", "csrsi", "csrci"][Int(f3)]
                return "\(imm ? String(short.dropLast()) : short) \(csr),\(src)"
            }
            return "\(base) \(rd),\(csr),\(src)"
        case 0x0B:
            if w == 0x0000_100B { return "gpu.bar" }
            if w == 0x0000_200B { return "gpu.exit" }
            if f3 == 0 && f7 == 0 { return "gpu.dp4a \(rd),\(rs1),\(rs2)" }
            return nil
        default:
            return nil
        }
    }

    private static func fenceSet(_ v: UInt32) -> String {
        if v == 0 { return "unknown" }
        var s = ""
        if v & 8 != 0 { s += "i" }
        if v & 4 != 0 { s += "o" }
        if v & 2 != 0 { s += "r" }
        if v & 1 != 0 { s += "w" }
        return s
    }
}
