import Foundation
@testable import ISA

/// Pairs of (our statement, equivalent GNU assembler text) used by the round-trip test.
struct AsmPairs {
    var statements: [AsmStatement] = []
    var gnu: [String] = []
    mutating func pair(_ s: AsmStatement, _ text: String) { statements.append(s); gnu.append(text) }
    mutating func label(_ name: String) { statements.append(Label(name).statement); gnu.append("\(name):") }

    /// Builds a varied program for the given xlen (deterministic).
    static func corpus(xlen: Int, seed: UInt64) -> AsmPairs {
        var rng = AsmRNG(seed: seed)
        var p = AsmPairs()
        func r() -> Register { Register.allCases.randomElement(using: &rng)! }
        func imm() -> Int64 { [0, 1, -1, 2047, -2048, Int64.random(in: -2048...2047, using: &rng)].randomElement(using: &rng)! }
        let rOps: [(String, (Register, Register, Register) -> AsmStatement)] = [
            ("add", add), ("sub", sub), ("sll", sll), ("slt", slt), ("sltu", sltu), ("xor", xor),
            ("srl", srl), ("sra", sra), ("or", or), ("and", and), ("mul", mul), ("mulh", mulh),
            ("mulhsu", mulhsu), ("mulhu", mulhu), ("div", div), ("divu", divu), ("rem", rem), ("remu", remu),
        ]
        let r64Ops: [(String, (Register, Register, Register) -> AsmStatement)] = [
            ("addw", addw), ("subw", subw), ("sllw", sllw), ("srlw", srlw), ("sraw", sraw), ("mulw", mulw),
            ("divw", divw), ("divuw", divuw), ("remw", remw), ("remuw", remuw),
        ]
        let iOps: [(String, (Register, Register, Int64) -> AsmStatement)] = [
            ("addi", addi), ("slti", slti), ("sltiu", sltiu), ("xori", xori), ("ori", ori), ("andi", andi),
        ]
        let loads: [(String, (Register, Int64, Register) -> AsmStatement)] = [
            ("lb", lb), ("lh", lh), ("lw", lw), ("lbu", lbu), ("lhu", lhu),
        ] + (xlen == 64 ? [("ld", ld), ("lwu", lwu)] : [])
        let stores: [(String, (Register, Int64, Register) -> AsmStatement)] = [
            ("sb", sb), ("sh", sh), ("sw", sw),
        ] + (xlen == 64 ? [("sd", sd)] : [])
        let shifts: [(String, (Register, Register, Int64) -> AsmStatement)] = [("slli", slli), ("srli", srli), ("srai", srai)]
        let shiftsW: [(String, (Register, Register, Int64) -> AsmStatement)] = [("slliw", slliw), ("srliw", srliw), ("sraiw", sraiw)]
        let branches: [(String, (Register, Register, AsmTarget) -> AsmStatement)] = [
            ("beq", beq), ("bne", bne), ("blt", blt), ("bge", bge), ("bltu", bltu), ("bgeu", bgeu),
            ("bgt", bgt), ("ble", ble), ("bgtu", bgtu), ("bleu", bleu),
        ]
        let zBranches: [(String, (Register, AsmTarget) -> AsmStatement)] = [
            ("beqz", beqz), ("bnez", bnez), ("bltz", bltz), ("bgez", bgez), ("blez", blez), ("bgtz", bgtz),
        ]
        p.label("start")
        for round in 0..<6 {
            p.label("l\(round)")
            for (n, f) in rOps + (xlen == 64 ? r64Ops : []) {
                let (a, b, c) = (r(), r(), r()); p.pair(f(a, b, c), "\(n) \(a.abiName),\(b.abiName),\(c.abiName)")
            }
            for (n, f) in iOps + (xlen == 64 ? [("addiw", addiw)] : []) {
                let (a, b, i) = (r(), r(), imm()); p.pair(f(a, b, i), "\(n) \(a.abiName),\(b.abiName),\(i)")
            }
            for (n, f) in shifts + (xlen == 64 ? shiftsW : []) {
                let maxS: Int64 = (xlen == 32 || n.hasSuffix("w")) ? 31 : 63
                let (a, b, i) = (r(), r(), Int64.random(in: 0...maxS, using: &rng))
                p.pair(f(a, b, i), "\(n) \(a.abiName),\(b.abiName),\(i)")
            }
            for (n, f) in loads + stores {
                let (a, b, i) = (r(), r(), imm()); p.pair(f(a, i, b), "\(n) \(a.abiName),\(i)(\(b.abiName))")
            }
            for (n, f) in branches {
                let (a, b) = (r(), r()); let t = "l\(Int.random(in: 0..<6, using: &rng))"
                p.pair(f(a, b, .label(t)), "\(n) \(a.abiName),\(b.abiName),\(t)")
            }
            for (n, f) in zBranches {
                let a = r(); p.pair(f(a, .label("start")), "\(n) \(a.abiName),start")
            }
            let (a, b) = (r(), r())
            let u = Int64.random(in: 0...0xFFFFF, using: &rng)
            p.pair(lui(a, u), "lui \(a.abiName),\(u)")
            p.pair(auipc(b, u), "auipc \(b.abiName),\(u)")
            p.pair(jal(a, .label("l0")), "jal \(a.abiName),l0")
            p.pair(jal(.label("start")), "jal start")
            p.pair(j(.label("start")), "j start")
            p.pair(call(.label("l1")), "jal ra,l1")
            p.pair(jalr(a, imm(), b), "")
            if case let .i(_, _, _, _, i) = p.statements.last!.kind { p.gnu[p.gnu.count - 1] = "jalr \(a.abiName),\(i)(\(b.abiName))" }
            p.pair(jalr(b), "jalr \(b.abiName)")
            p.pair(jr(a), "jr \(a.abiName)")
            p.pair(ret(), "ret")
            p.pair(nop(), "nop")
            p.pair(mv(a, b), "mv \(a.abiName),\(b.abiName)")
            p.pair(not(a, b), "not \(a.abiName),\(b.abiName)")
            p.pair(neg(a, b), "neg \(a.abiName),\(b.abiName)")
            p.pair(seqz(a, b), "seqz \(a.abiName),\(b.abiName)")
            p.pair(snez(a, b), "snez \(a.abiName),\(b.abiName)")
            p.pair(sltz(a, b), "sltz \(a.abiName),\(b.abiName)")
            p.pair(sgtz(a, b), "sgtz \(a.abiName),\(b.abiName)")
            if xlen == 64 {
                p.pair(negw(a, b), "negw \(a.abiName),\(b.abiName)")
                p.pair(sext_w(a, b), "sext.w \(a.abiName),\(b.abiName)")
            }
            p.pair(la(a, "l\(Int.random(in: 0..<6, using: &rng))"), "")
            if case let .la(_, l) = p.statements.last!.kind { p.gnu[p.gnu.count - 1] = "la \(a.abiName),\(l)" }
        }
        // CSRs by name and number
        let csrList: [(AsmCSR, String)] = [
            (.mstatus, "mstatus"), (.mtvec, "mtvec"), (.mepc, "mepc"), (.mcause, "mcause"), (.mtval, "mtval"),
            (.mie, "mie"), (.mip, "mip"), (.satp, "satp"), (.sstatus, "sstatus"), (.stvec, "stvec"),
            (.sepc, "sepc"), (.scause, "scause"), (.stval, "stval"), (.sie, "sie"), (.sip, "sip"),
            (.mscratch, "mscratch"), (.sscratch, "sscratch"), (.medeleg, "medeleg"), (.mideleg, "mideleg"),
            (.misa, "misa"), (.mhartid, "mhartid"), (.cycle, "cycle"), (.time, "time"), (.instret, "instret"),
            (.cycleh, "cycleh"), (.fcsr, "fcsr"), (0xCC0, "0xcc0"), (.gpuUnit, "0xcca"), (AsmCSR(name: "pmpaddr3")!, "pmpaddr3"),
        ]
        for (c, n) in csrList {
            let (a, b) = (r(), r()); let u = Int64.random(in: 0...31, using: &rng)
            p.pair(csrrw(a, c, b), "csrrw \(a.abiName),\(n),\(b.abiName)")
            p.pair(csrrs(a, c, b), "csrrs \(a.abiName),\(n),\(b.abiName)")
            p.pair(csrrc(a, c, b), "csrrc \(a.abiName),\(n),\(b.abiName)")
            p.pair(csrrwi(a, c, u), "csrrwi \(a.abiName),\(n),\(u)")
            p.pair(csrrsi(a, c, u), "csrrsi \(a.abiName),\(n),\(u)")
            p.pair(csrrci(a, c, u), "csrrci \(a.abiName),\(n),\(u)")
            p.pair(csrr(a, c), "csrr \(a.abiName),\(n)")
            p.pair(csrw(c, b), "csrw \(n),\(b.abiName)")
            p.pair(csrs(c, b), "csrs \(n),\(b.abiName)")
            p.pair(csrc(c, b), "csrc \(n),\(b.abiName)")
            p.pair(csrwi(c, u), "csrwi \(n),\(u)")
            p.pair(csrsi(c, u), "csrsi \(n),\(u)")
            p.pair(csrci(c, u), "csrci \(n),\(u)")
        }
        // Every CSR name objdump knows, looked up by name.
        let only1_11 = AsmCSR.objdumpNames1_11.filter { old in !AsmCSR.objdumpNames.contains { $0.1 == old.1 } }
        for (_, name) in AsmCSR.objdumpNames + only1_11 {
            if xlen == 64 && ["cycleh", "timeh", "instreth"].contains(name) { continue }
            p.pair(csrr(.a0, AsmCSR(name: name)!), "csrr a0,\(name)")
        }
        p.pair(rdcycle(.a0), "rdcycle a0")
        p.pair(rdtime(.a1), "rdtime a1")
        p.pair(rdinstret(.a2), "rdinstret a2")
        if xlen == 32 {
            p.pair(rdcycleh(.a0), "rdcycleh a0")
            p.pair(rdtimeh(.a1), "rdtimeh a1")
            p.pair(rdinstreth(.a2), "rdinstreth a2")
        }
        // System / fences
        p.pair(ecall(), "ecall"); p.pair(ebreak(), "ebreak"); p.pair(mret(), "mret"); p.pair(sret(), "sret")
        p.pair(wfi(), "wfi"); p.pair(fence(), "fence"); p.pair(fence(.r, .w), "fence r,w")
        p.pair(fence(.rw, .iorw), "fence rw,iorw"); p.pair(fence([.i, .w], .o), "fence iw,o")
        p.pair(fence_tso(), "fence.tso"); p.pair(fence_i(), "fence.i")
        p.pair(sfence_vma(), "sfence.vma"); p.pair(sfence_vma(.a0), "sfence.vma a0")
        p.pair(sfence_vma(.a0, .a1), "sfence.vma a0,a1"); p.pair(sfence_vma(.zero, .t6), "sfence.vma zero,t6")
        // GPU custom-0
        p.pair(gpu_dp4a(.a0, .a1, .a2), ".insn r 0x0b, 0, 0, a0, a1, a2")
        p.pair(gpu_bar(), ".insn i 0x0b, 1, zero, zero, 0")
        p.pair(gpu_exit(), ".insn i 0x0b, 2, zero, zero, 0")
        p.pair(word(0xDEAD_BEEF), ".word 0xdeadbeef")
        // li: edge and random values
        var values: [Int64] = [0, 1, -1, 2047, -2048, 2048, -2049, 0x7FF, 0x800, 0xFFF, 0x1000, 0x12345678,
                               0x7FFF_F800, 0x7FFF_FFFF, -0x8000_0000, -0x7FFF_F801, 0x8000_0000, 0xFFFF_FFFF, 0xFFFF_F800]
        if xlen == 64 {
            values += [0x1_0000_0000, 0x1234_5678_9ABC_DEF0, -0x1234_5678_9ABC_DEF0, Int64.max, Int64.min,
                       0x7FFF_FFFF_FFFF_F800, -0x7FFF_FFFF_FFFF_F800, 0xFFF_FFFF_FFFF, -0x8000_0001, 0x1_0000_0800]
            for _ in 0..<120 {
                let bits = Int.random(in: 1...64, using: &rng)
                let v = Int64(bitPattern: UInt64.random(in: 0...UInt64.max, using: &rng) >> UInt64(64 - bits))
                values.append(Bool.random(using: &rng) || v == .min ? v : -v)
            }
        } else {
            for _ in 0..<80 { values.append(Int64(Int32.random(in: Int32.min...Int32.max, using: &rng))) }
        }
        for v in values {
            let a = r()
            p.pair(li(a, v), "li \(a.abiName),\(v)")
        }
        p.label("end")
        p.pair(la(.t0, "end"), "la t0,end")
        p.pair(la(.t1, "start"), "la t1,start")
        return p
    }
}
