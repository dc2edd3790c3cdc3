import Foundation
import Testing
@testable import ISA

@Suite("Assembler")
struct AssemblerTests {
    /// Assembles GNU text with riscv64-unknown-elf-as, links it at `origin` with ld and returns
    /// objdump's lines for the linked executable.
    static func gnuLines(_ lines: [String], xlen: Int, origin: UInt64) throws
        -> (lines: [(pc: UInt64, word: UInt32, text: String)], gp: UInt64?) {
        let dir = try AsmToolchain.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let src = ".option norelax\n.text\n.globl _start\n_start:\n" + lines.joined(separator: "\n") + "\n"
        let obj = try AsmToolchain.assemble(src, xlen: xlen, in: dir, name: "rt")
        let elf = dir.appendingPathComponent("rt.elf").path
        try AsmToolchain.run(AsmToolchain.ldPath!, ["-m", xlen == 32 ? "elf32lriscv" : "elf64lriscv",
                                                   "-Ttext=0x" + String(origin, radix: 16), "-o", elf, obj])
        let symbols = try AsmToolchain.run(AsmToolchain.objdumpPath!, ["-t", elf])
        let gp = symbols.split(separator: "\n").first { $0.hasSuffix(" __global_pointer$") }
            .flatMap { UInt64($0.prefix { $0 != " " }, radix: 16) }
        return (try AsmToolchain.objdump(elf), gp)
    }

    @Test("round trip against GNU as", arguments: [32, 64])
    func roundTrip(xlen: Int) throws {
        guard AsmToolchain.available(needLinker: true) else { return }
        let pairs = AsmPairs.corpus(xlen: xlen, seed: 42 + UInt64(xlen))
        let origin: UInt64 = 0x8000_0000
        let program = Program(xlen: xlen, origin: origin, statements: pairs.statements)
        let ours = try program.assemble()
        let (gnuLines, gp) = try Self.gnuLines(pairs.gnu, xlen: xlen, origin: origin)
        let gnu = gnuLines.map(\.word)
        #expect(ours.count == gnu.count)
        // Report the statements whose words differ.
        var index = 0
        var reported = 0
        for (i, st) in pairs.statements.enumerated() {
            let n = try program.wordCount(of: st)
            for k in index..<min(index + n, ours.count, gnu.count) where ours[k] != gnu[k] && reported < 20 {
                reported += 1
                Issue.record("rv\(xlen) '\(pairs.gnu[i])': ours \(String(ours[k], radix: 16)) gnu \(String(gnu[k], radix: 16))")
            }
            index += n
        }
        #expect(ours == gnu, "word streams differ")

        // Disassembling the linked program must reproduce objdump's text (including the
        // lui/auipc/gp-based "# address" comments); data words and GPU ops are excluded.
        // GNU as records priv spec 1.11 when the source uses CSRs, so objdump uses 1.11 names.
        #expect(gp != nil)
        let text = Disassembler.disassemble(ours, origin: origin, xlen: xlen, privSpec: .v1_11, gp: gp)
        var compared = 0
        for (k, line) in gnuLines.enumerated() where k < text.count {
            if line.text.hasPrefix(".word") || line.word & 0x7F == 0x0B { continue }
            compared += 1
            #expect(text[k] == line.text, "rv\(xlen) @\(String(line.pc, radix: 16))")
        }
        print("rv\(xlen): round trip compared \(ours.count) words (\(pairs.statements.count) statements), "
              + "disassembly of \(compared) linked words matched objdump")
    }

    @Test func exampleFromSpec() throws {
        let program = Program(xlen: 32, origin: 0x8000_0000) {
            Label("loop")
            addi(.a0, .a0, 1)
            bne(.a0, .a1, "loop")
            li(.t0, 0x12345678)
            csrrw(.zero, .mstatus, .t0)
            lw(.a2, 8, .sp)
            sw(.a2, 8, .sp)
            ecall(); ebreak(); mret(); sret(); wfi(); sfence_vma(.zero, .zero); fence(); fence_i()
            gpu_dp4a(.a0, .a1, .a2); gpu_bar(); gpu_exit()
            word(0xdeadbeef)
        }
        let words = try program.assemble()
        #expect(words == [0x00150513, 0xfeb51ee3, 0x123452b7, 0x67828293, 0x30029073, 0x00812603,
                          0x00c12423, 0x00000073, 0x00100073, 0x30200073, 0x10200073, 0x10500073,
                          0x12000073, 0x0ff0000f, 0x0000100f, 0x00c5850b, 0x0000100b, 0x0000200b, 0xdeadbeef])
        #expect(try program.assembleBytes().prefix(4) == [0x13, 0x05, 0x15, 0x00])
        #expect(try program.labels() == ["loop": 0x8000_0000])
        let text = words.enumerated().map { Disassembler.disassemble($1, pc: 0x8000_0000 + UInt64(4 * $0), xlen: 32) }
        #expect(text[1] == "bnez a0,80000000" || text[1] == "bne a0,a1,80000000")
        #expect(text[15...17] == ["gpu.dp4a a0,a1,a2", "gpu.bar", "gpu.exit"])
    }

    @Test func builderControlFlowAndRegisters() throws {
        let unroll = 3
        let p = Program(xlen: 64) {
            for i in 0..<unroll { addi(.x(10 + i), .zero, Int64(i)) }
            if unroll > 2 { nop() } else { ebreak() }
            mv(.fp, .sp)
        }
        #expect(try p.assemble() == [0x00000513, 0x00100593, 0x00200613, 0x00000013, 0x00010413])
        #expect(Register.fp == .s0 && Register.x(31) == .t6 && Register.a0.abiName == "a0")
        #expect(Register.allCases.count == 32 && Register.t6.rawValue == 31)
        #expect(AsmCSR(name: "mstatus") == .mstatus && AsmCSR(name: "gpu.lane") == .gpuLane)
    }

    // MARK: - Errors

    static func error(_ p: Program) -> AssemblerError? {
        do { _ = try p.assemble(); return nil } catch let e as AssemblerError { return e } catch { return nil }
    }

    @Test func undefinedLabel() {
        let e = Self.error(Program { beq(.a0, .a1, "nowhere") })
        #expect(e == .undefinedLabel("nowhere", instruction: "beq"))
        #expect(e?.description == "undefined label 'nowhere' referenced by beq")
        #expect(Self.error(Program { la(.a0, "missing") }) == .undefinedLabel("missing", instruction: "la"))
        #expect(Self.error(Program { jal(.ra, "f") }) == .undefinedLabel("f", instruction: "jal"))
    }

    @Test func duplicateLabel() {
        let e = Self.error(Program { Label("a"); nop(); Label("a") })
        #expect(e == .duplicateLabel("a"))
        #expect(e?.description == "duplicate label 'a'")
    }

    @Test func immediateOutOfRange() {
        #expect(Self.error(Program { addi(.a0, .a0, 2048) })
                == .immediateOutOfRange(instruction: "addi", value: 2048, range: -2048...2047))
        #expect(Self.error(Program { lw(.a0, -2049, .sp) })
                == .immediateOutOfRange(instruction: "lw", value: -2049, range: -2048...2047))
        #expect(Self.error(Program { sw(.a0, 4096, .sp) }) != nil)
        #expect(Self.error(Program(xlen: 32) { slli(.a0, .a0, 32) })
                == .immediateOutOfRange(instruction: "slli", value: 32, range: 0...31))
        #expect(Self.error(Program(xlen: 64) { slli(.a0, .a0, 63) }) == nil)
        #expect(Self.error(Program(xlen: 64) { slliw(.a0, .a0, 32) }) != nil)
        #expect(Self.error(Program { csrrwi(.a0, .mstatus, 32) }) != nil)
        #expect(Self.error(Program { lui(.a0, 0x100000) }) != nil)
        #expect(Self.error(Program(xlen: 32) { li(.a0, 0x1_0000_0000) }) != nil)
        let e = Self.error(Program { addi(.a0, .a0, 5000) })
        #expect(e?.description == "immediate 5000 out of range -2048...2047 in addi")
    }

    @Test func branchOutOfRange() {
        let far = Program {
            beq(.a0, .a1, "far")
            for _ in 0..<1100 { nop() }
            Label("far")
        }
        let e = Self.error(far)
        #expect(e == .targetOutOfRange(instruction: "beq", target: "far", offset: 4404, range: -4096...4094))
        #expect(e?.description.contains("far") == true)
        #expect(Self.error(Program { beq(.a0, .a1, 3) }) == .misalignedTarget(instruction: "beq", target: ".+3", offset: 3))
        #expect(Self.error(Program { jal(.ra, 0x10_0000) }) != nil)
        #expect(Self.error(Program { jal(.ra, -0x10_0000) }) == nil)
    }

    @Test func rv64OnlyUnderXlen32() {
        for st in [ld(.a0, 0, .sp), sd(.a0, 0, .sp), lwu(.a0, 0, .sp), addiw(.a0, .a0, 1), slliw(.a0, .a0, 1),
                   addw(.a0, .a0, .a1), mulw(.a0, .a0, .a1), remuw(.a0, .a0, .a1), sext_w(.a0, .a1)] {
            let e = Self.error(Program(xlen: 32, statements: [st]))
            #expect(e == .requiresRV64(instruction: st.mnemonic))
            #expect(Self.error(Program(xlen: 64, statements: [st])) == nil)
        }
        #expect(Self.error(Program(xlen: 32) { ld(.a0, 0, .sp) })?.description == "ld requires xlen 64 (RV64 only)")
        #expect(Self.error(Program(xlen: 16) { nop() }) == .unsupportedXlen(16))
    }
}

extension Program {
    /// Number of words one statement occupies in this program (xlen-dependent for `li`).
    func wordCount(of st: AsmStatement) throws -> Int {
        switch st.kind {
        case .label: return 0
        case .la: return 2
        case .b, .jal: return 1
        default: return try Program(xlen: xlen, origin: origin, statements: [st]).assemble().count
        }
    }
}
