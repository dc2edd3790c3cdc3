// RandomKernel: random GPU kernels for differential tests. Every thread runs one random rv32im
// program (divergent ifs, loops with per-thread trip counts, calls to leaf functions placed above
// and below the caller, mul/div, dp4a, loads of a shared input, loads and stores of the thread's own
// global and shared slots, uniform barriers) whose results depend only on the thread's global index:
// so any machine shape and either divergence policy, SIMT or one lane at a time, must leave the
// same memory behind. Assembled with riscv64-unknown-elf-gcc. With `racing` (for the RTL against the
// model, on one shape) threads also load and store bytes, halfwords and words of one global and one
// shared area they all share (racing: the result depends on issue order), in one instruction both
// (lanes split by a register bit), x0 is sometimes a source or destination, some threads exit early,
// and a few kernels fault (a misaligned load, a store outside RAM or shared memory) in a
// data-dependent thread.
import Foundation
import TestSupport

struct RandomKernel {
    static let slots = 16               // words per thread: its global output slot and its shared slot
    static let inputWords = 64          // the shared read-only input
    static let work = ["a1", "a2", "a3", "a4", "a5", "a6", "a7", "t0", "t1", "t2", "t3", "t4"]
    // Reserved: s0 the thread's output slot, s1 the input, s2 its shared slot, s3 its global index,
    // t5 an address or condition, t6 a loop counter, ra calls; with racing, s4 the global racing
    // area (the third word at a0), s5 the shared one.
    static let sharedRacingArea: UInt32 = 0x7000_2000

    private var rng: SeededRNG
    private let racing: Bool
    private var labels = 0
    private var functions: [(name: String, below: Bool, lines: [String])] = []
    private(set) var counts: [String: Int] = [:]

    init(seed: UInt64, racing: Bool = false) { rng = SeededRNG(seed: seed); self.racing = racing }

    private mutating func int(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
    private mutating func chance(_ percent: Int) -> Bool { int(100) < percent }
    /// A working register; with racing, now and then x0 (reads 0, writes are dropped).
    private mutating func reg() -> String { racing && int(40) == 0 ? "zero" : Self.work[int(Self.work.count)] }
    private mutating func label(_ kind: String) -> String { labels += 1; return "\(kind)\(labels)" }
    private mutating func note(_ what: String) { counts[what, default: 0] += 1 }

    /// The assembly source; the kernel starts at `kernel_entry` with a0 = &{out, in}.
    mutating func source() -> String {
        var main = prologue()
        main += block(depth: 0, length: 30 + int(30), inLoop: false)
        main += Self.work.enumerated().map { "    sw \($0.element), \(4 * $0.offset)(s0)" }
        main.append("    .insn r CUSTOM_0, 2, 0, x0, x0, x0        # exit")
        let above = functions.filter { !$0.below }.flatMap(\.lines), below = functions.filter(\.below).flatMap(\.lines)
        return (["    .text", "    .globl kernel_entry"] + above + ["kernel_entry:"] + main + below).joined(separator: "\n") + "\n"
    }

    /// Bases and the global index from the CSRs; working registers seeded from it; the shared slot written.
    private mutating func prologue() -> [String] {
        var lines = [
            "    lw s0, 0(a0)", "    lw s1, 4(a0)", "    lw s4, 8(a0)", "    li s5, \(Self.sharedRacingArea)",
            "    csrr t0, 0xCC0", "    csrr t1, 0xCC1", "    csrr t2, 0xCC4", "    csrr t3, 0xCC5",
            "    mul t1, t1, t2", "    add t1, t1, t0",                      // flat index in the block
            "    slli t4, t1, \((Self.slots * 4).trailingZeroBitCount)", "    li s2, 0x70000000", "    add s2, s2, t4",
            "    mul t3, t3, t2",                                            // threads per block
            "    csrr t0, 0xCC2", "    csrr t2, 0xCC3", "    csrr t4, 0xCC6",
            "    mul t2, t2, t4", "    add t2, t2, t0",                      // block index
            "    mul s3, t2, t3", "    add s3, s3, t1",                      // global index
            "    slli t4, s3, \((Self.slots * 4).trailingZeroBitCount)", "    add s0, s0, t4",
        ]
        for r in Self.work { lines += ["    li \(r), \(Int32(bitPattern: UInt32(truncatingIfNeeded: rng.next())))", "    xor \(r), \(r), s3"] }
        lines += (0..<Self.slots).map { "    sw \(Self.work[$0 % Self.work.count]), \(4 * $0)(s2)" }
        return lines
    }

    private mutating func block(depth: Int, length: Int, inLoop: Bool) -> [String] {
        var lines: [String] = []
        for _ in 0..<length {
            if racing && chance(12) { lines += [racingAccess()]; continue }
            if racing && !inLoop && chance(3) { lines += mixedAccess(); continue }
            if racing && int(300) == 0 { lines += fault(); continue }
            if racing && int(150) == 0 { lines += earlyExit(); continue }
            let roll = int(100)
            switch roll {
            case 0..<32: lines += [alu()]
            case 32..<40: note("mul"); lines += ["    \(["mul", "mulh", "mulhsu", "mulhu"][int(4)]) \(reg()), \(reg()), \(reg())"]
            case 40..<44: note("div"); lines += ["    \(["div", "divu", "rem", "remu"][int(4)]) \(reg()), \(reg()), \(reg())"]
            case 44..<50: note("dp4a"); lines += ["    .insn r CUSTOM_0, 0, 0, \(reg()), \(reg()), \(reg())"]
            case 50..<58:
                note("input load")
                lines += ["    andi t5, \(reg()), \((Self.inputWords - 1) * 4)", "    add t5, t5, s1", "    lw \(reg()), 0(t5)"]
            case 58..<64: note("global store"); lines += ["    sw \(reg()), \(4 * int(Self.slots))(s0)"]
            case 64..<68: note("global load"); lines += ["    lw \(reg()), \(4 * int(Self.slots))(s0)"]
            case 68..<72: note("shared store"); lines += ["    sw \(reg()), \(4 * int(Self.slots))(s2)"]
            case 72..<76: note("shared load"); lines += ["    lw \(reg()), \(4 * int(Self.slots))(s2)"]
            case 76..<84 where depth < 2:
                note("if")
                let skip = label("skip"), other = label("else")
                lines += ["    andi t5, \(reg()), \(1 << int(4))", "    beqz t5, \(other)"] + block(depth: depth + 1, length: 1 + int(5), inLoop: inLoop)
                if chance(50) {
                    lines += ["    j \(skip)", "\(other):"] + block(depth: depth + 1, length: 1 + int(5), inLoop: inLoop) + ["\(skip):"]
                } else {
                    lines += ["\(other):"]
                }
            case 84..<89 where depth < 2 && !inLoop:
                note("loop")
                let top = label("loop")
                lines += ["    andi t6, \(reg()), 3", "    addi t6, t6, 1", "\(top):"] + block(depth: depth + 1, length: 1 + int(6), inLoop: true)
                lines += ["    addi t6, t6, -1", "    bnez t6, \(top)"]
            case 89..<94:
                note("call")
                lines += ["    jal ra, \(function())"]
            case 94..<97 where depth == 0:
                note("barrier"); lines += ["    .insn r CUSTOM_0, 1, 0, x0, x0, x0"]
            default: lines += [alu()]
            }
        }
        return lines
    }

    /// A load or store of 1, 2 or 4 bytes somewhere in the global or shared racing area (256 bytes).
    private mutating func racingAccess() -> String {
        let width = int(3), base = chance(50) ? "s4" : "s5"
        let offset = 4 * int(64) + (width == 0 ? int(4) : width == 1 ? 2 * int(2) : 0)
        if chance(50) {
            note("racing store")
            return "    \(["sb", "sh", "sw"][width]) \(reg()), \(offset)(\(base))"
        }
        note("racing load")
        let loads = [["lb", "lbu"], ["lh", "lhu"], ["lw"]][width]
        return "    \(loads[int(loads.count)]) \(reg()), \(offset)(\(base))"
    }

    /// A word access whose lanes go to the global or the shared racing area by a register's bit
    /// (one instruction, both kinds of lanes). Uses t6: not inside a loop.
    private mutating func mixedAccess() -> [String] {
        note("mixed access")
        let access = chance(50) ? "sw \(reg()), \(4 * int(64))(t5)" : "lw \(reg()), \(4 * int(64))(t5)"
        return ["    andi t5, \(reg()), 1", "    neg t5, t5", "    sub t6, s4, s5", "    and t5, t5, t6", "    add t5, t5, s5", "    " + access]
    }

    /// The threads where a working register has some bit set exit here.
    private mutating func earlyExit() -> [String] {
        note("early exit")
        let skip = label("stay")
        return ["    andi t5, \(reg()), \(1 << int(8))", "    beqz t5, \(skip)", "    .insn r CUSTOM_0, 2, 0, x0, x0, x0", "\(skip):"]
    }

    /// A fault in the threads where a working register has some bit set.
    private mutating func fault() -> [String] {
        note("fault")
        let skip = label("nofault")
        let bad = [["    lw \(reg()), 2(s4)"], ["    sw \(reg()), 0(zero)"], ["    lui t5, 0x70004", "    sh \(reg()), 0(t5)"],
                   ["    lh \(reg()), 1(s5)"]][int(4)]
        return ["    andi t5, \(reg()), \(1 << int(8))", "    beqz t5, \(skip)"] + bad + ["\(skip):"]
    }

    private mutating func alu() -> String {
        if chance(40) {
            let op = ["addi", "xori", "ori", "andi", "slti", "sltiu"][int(6)]
            return "    \(op) \(reg()), \(reg()), \(int(4096) - 2048)"
        }
        if chance(15) { return "    \(["slli", "srli", "srai"][int(3)]) \(reg()), \(reg()), \(int(32))" }
        if chance(5) { return "    lui \(reg()), \(int(1 << 20))" }
        return "    \(["add", "sub", "and", "or", "xor", "sll", "srl", "sra", "slt", "sltu"][int(10)]) \(reg()), \(reg()), \(reg())"
    }

    /// A leaf function (a new one, or one made before), placed above or below the kernel's code.
    private mutating func function() -> String {
        if !functions.isEmpty && chance(40) { return functions[int(functions.count)].name }
        let name = label("function")
        var lines = ["\(name):"]
        for _ in 0..<(1 + int(6)) { lines.append(chance(20) ? "    .insn r CUSTOM_0, 0, 0, \(reg()), \(reg()), \(reg())" : alu()) }
        let skip = label("fskip")
        lines += ["    andi t5, \(reg()), 2", "    beqz t5, \(skip)", alu(), "\(skip):", "    ret"]
        functions.append((name, chance(50), lines))
        return name
    }
}
