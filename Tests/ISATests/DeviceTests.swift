import Foundation
import Testing
import TestSupport
@testable import ISA

/// UART, test finisher, CLINT and the `tohost` convention on the bare-metal machine.
@Suite struct DeviceTests {
    @Test func uartPrintsAndReportsStatus() throws {
        let sink = BufferSink()
        let prog = Program(xlen: 32, origin: 0x8000_0000) {
            lui(.ra, 0x10000)              // ra = UART base 0x10000000
            addi(.sp, .zero, 0x48)
            sb(.sp, 0, .ra)                // THR <- 'H'
            addi(.sp, .zero, 0x69)
            sb(.sp, 0, .ra)                // THR <- 'i'
            lbu(.gp, 5, .ra)               // LSR
            addi(.sp, .zero, 0x5A)
            sb(.sp, 7, .ra)
            lbu(.tp, 7, .ra)               // SCR round trip
            lbu(.t0, 2, .ra)               // IIR: no interrupt pending
        }
        let (m2, _) = try execute(prog, console: sink)
        #expect(sink.string == "Hi")
        #expect(m2.hart.register(.gp) == 0x60)
        #expect(m2.hart.register(.tp) == 0x5A)
        #expect(m2.hart.register(.t0) == 0x01)
    }

    static let finisherCases: [(UInt32, Int32)] = [(0x5555, 0), (0x3333 | (7 << 16), 7), (0x3333, 1)]

    @Test(arguments: finisherCases)
    func testFinisherExitCodes(value: UInt32, code: Int32) throws {
        let m = Machine(xlen: 64, console: BufferSink())
        let lo = Int32(bitPattern: value << 20) >> 20
        let hi = (value &- UInt32(bitPattern: lo)) >> 12
        let prog = Program(xlen: 64, origin: 0x8000_0000) {
            lui(.ra, 0x100)                // ra = test finisher 0x100000
            lui(.sp, Int64(hi))
            addi(.sp, .sp, Int64(lo))      // sp = value
            sw(.sp, 0, .ra)
            Label("spin")
            j("spin")
        }
        try m.load(prog)
        #expect(m.run(maxInstructions: 100) == .exited(code))
    }

    @Test func clintTimeAdvancesPerInstruction() throws {
        // ld gp, mtime; nop x 5; ld tp, mtime  -> difference 6
        let prog = Program(xlen: 64, origin: 0x8000_0000) {
            lui(.ra, 0x200C)               // ra - 8 = mtime (CLINT 0x200BFF8)
            ld(.gp, -8, .ra)
            for _ in 0..<5 { nop() }
            ld(.tp, -8, .ra)
        }
        let (m, _) = try execute(prog)
        #expect(m.hart.register(.tp) - m.hart.register(.gp) == 6)
    }

    @Test(.enabled(if: Support.hasGCC || Support.isCI, "riscv64-unknown-elf-gcc not installed"),
          arguments: [(1, Int32(0)), (11, Int32(5))] as [(Int, Int32)])
    func tohostEndsTheRun(value: Int, code: Int32) throws {
        guard requireTools("riscv64-unknown-elf-gcc"), let gcc = Support.gcc else { return }
        let dir = Support.tempDir("tohost")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let src = """
                .globl _start
            _start:
                la t0, tohost
                li t1, \(value)
                sd t1, 0(t0)
            1:  j 1b
                .section .tohost, "aw"
                .globl tohost
                .balign 8
            tohost: .dword 0
            """
        try src.write(toFile: "\(dir)/t.S", atomically: false, encoding: .utf8)
        let b = try Support.run(gcc, ["-march=rv64im", "-mabi=lp64", "-nostdlib", "-static", "-T",
                                      "\(Support.repoRoot)/Software/isa-tests/link.ld", "-o", "\(dir)/t.elf", "\(dir)/t.S"])
        try #require(b.status == 0, "\(String(decoding: b.stderr, as: UTF8.self))")
        let (reason, _) = try Support.runBare("\(dir)/t.elf", maxInstructions: 1000)
        #expect(reason == .exited(code))
    }
}
