/// Generates random but valid RV32IM/RV64IM user programs as GNU assembly: ALU and M operations,
/// loads/stores into a 256-byte buffer, forward branches and jumps (so they always terminate),
/// no traps. The program ends by writing the buffer and all registers with the `write` syscall,
/// so comparing stdout compares the complete final state.
public struct RandomProgramGenerator {
    let xlen: Int
    var rng: SeededRNG

    public init(xlen: Int, seed: UInt64) {
        self.xlen = xlen
        rng = SeededRNG(seed: seed)
    }

    mutating func int(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }

    /// Destination registers: everything except x0 and s0 (x8, the buffer base).
    mutating func rd() -> String { var r = 8; while r == 8 { r = 1 + int(31) }; return "x\(r)" }
    mutating func rs() -> String { "x\(int(32))" }

    mutating func interesting() -> String {
        let specials: [String] = ["0", "1", "-1", "0x7fffffff", "-0x80000000", "0xffffffff", "0x80", "-2048", "2047", "31", "32", "63", "64"]
        if xlen == 64 && int(4) == 0 {
            return ["0x7fffffffffffffff", "-0x8000000000000000", "0xffffffff00000000", "0x100000000"][int(4)]
        }
        if int(2) == 0 { return specials[int(specials.count)] }
        return xlen == 64 ? String(Int64(bitPattern: rng.next())) : String(Int32(truncatingIfNeeded: rng.next()))
    }

    public mutating func generate(length: Int = 60) -> String {
        let w = xlen / 8
        var lines: [String] = [
            "    .text", "    .globl _start", "_start:", "    la s0, buf",
        ]
        for r in 1..<32 where r != 8 { lines.append("    li x\(r), \(interesting())") }
        var rr = ["add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra", "or", "and",
                  "mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu"]
        var ri = ["addi", "slti", "sltiu", "xori", "ori", "andi"]
        var loads = ["lb", "lh", "lw", "lbu", "lhu"]
        var stores = ["sb", "sh", "sw"]
        if xlen == 64 {
            rr += ["addw", "subw", "sllw", "srlw", "sraw", "mulw", "divw", "divuw", "remw", "remuw"]
            ri += ["addiw"]
            loads += ["ld", "lwu"]
            stores += ["sd"]
        }
        let branches = ["beq", "bne", "blt", "bge", "bltu", "bgeu"]
        var pendingLabels: [(at: Int, name: String)] = []
        var label = 0
        for i in 0..<length {
            for l in pendingLabels where l.at == i { lines.append("\(l.name):") }
            pendingLabels.removeAll { $0.at == i }
            switch int(20) {
            case 0...6: lines.append("    \(rr[int(rr.count)]) \(rd()), \(rs()), \(rs())")
            case 7...9: lines.append("    \(ri[int(ri.count)]) \(rd()), \(rs()), \(int(4096) - 2048)")
            case 10:
                let ops = xlen == 64 ? ["slli", "srli", "srai", "slliw", "srliw", "sraiw"] : ["slli", "srli", "srai"]
                let op = ops[int(ops.count)]
                let max = op.hasSuffix("w") || xlen == 32 ? 32 : 64
                lines.append("    \(op) \(rd()), \(rs()), \(int(max))")
            case 11: lines.append("    lui \(rd()), \(int(1 << 20))")
            case 12...13:
                let op = loads[int(loads.count)]
                let size = ["lb": 1, "lbu": 1, "lh": 2, "lhu": 2, "lw": 4, "lwu": 4, "ld": 8][op]!
                lines.append("    \(op) \(rd()), \(int(256 / size) * size)(s0)")
            case 14...15:
                let op = stores[int(stores.count)]
                let size = ["sb": 1, "sh": 2, "sw": 4, "sd": 8][op]!
                lines.append("    \(op) \(rs()), \(int(256 / size) * size)(s0)")
            case 16...17:
                let name = "L\(label)"; label += 1
                pendingLabels.append((i + 1 + int(5), name))
                lines.append("    \(branches[int(branches.count)]) \(rs()), \(rs()), \(name)")
            case 18:
                let name = "L\(label)"; label += 1
                pendingLabels.append((i + 1 + int(4), name))
                lines.append("    jal \(rd()), \(name)")
            default:
                lines.append("    auipc \(rd()), \(int(1 << 20))")
            }
        }
        for l in pendingLabels { lines.append("\(l.name):") }
        // Dump registers after the buffer, then write(1, buf, 256 + 32*w) and exit(0).
        let st = xlen == 64 ? "sd" : "sw"
        for r in 1..<32 { lines.append("    \(st) x\(r), \(256 + r * w)(s0)") }
        lines += [
            "    li a0, 1", "    mv a1, s0", "    li a2, \(256 + 32 * w)", "    li a7, 64", "    ecall",
            "    li a0, 0", "    li a7, 93", "    ecall",
            "    .data", "    .balign 8", "buf:",
        ]
        for _ in 0..<32 { lines.append("    .dword \(rng.next())") }
        lines.append("    .space \(32 * w)")
        return lines.joined(separator: "\n") + "\n"
    }
}
