import Foundation
import Testing
@testable import ISA

/// UART, test finisher, CLINT and the `tohost` convention on the bare-metal machine.
@Suite struct DeviceTests {
    @Test func uartPrintsAndReportsStatus() {
        let sink = BufferSink()
        let m2 = Machine(xlen: 32, console: sink)
        let prog: [UInt32] = [
            Enc.lui(1, 0x10000), Enc.addi(2, 0, 0x48), Enc.store(0, 2, 1, 0), Enc.addi(2, 0, 0x69), Enc.store(0, 2, 1, 0),
            Enc.load(4, 3, 1, 5),                               // LSR
            Enc.addi(2, 0, 0x5A), Enc.store(0, 2, 1, 7), Enc.load(4, 4, 1, 7),   // SCR round trip
            Enc.load(4, 5, 1, 2),                               // IIR: no interrupt pending
        ]
        var bytes: [UInt8] = []
        for w in prog { for k in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: w >> (8 * UInt32(k)))) } }
        m2.memory.write(bytes, at: 0x8000_0000)
        for _ in prog { _ = m2.step() }
        #expect(sink.string == "Hi")
        #expect(m2.hart.register(3) == 0x60)
        #expect(m2.hart.register(4) == 0x5A)
        #expect(m2.hart.register(5) == 0x01)
    }

    static let finisherCases: [(UInt32, Int32)] = [(0x5555, 0), (0x3333 | (7 << 16), 7), (0x3333, 1)]

    @Test(arguments: finisherCases)
    func testFinisherExitCodes(value: UInt32, code: Int32) {
        let m = Machine(xlen: 64, console: BufferSink())
        let lo = Int32(bitPattern: value << 20) >> 20
        let hi = (value &- UInt32(bitPattern: lo)) >> 12
        let prog: [UInt32] = [Enc.lui(1, 0x100), Enc.lui(2, hi), Enc.addi(2, 2, lo), Enc.store(2, 2, 1, 0), Enc.jal(0, 0)]
        var bytes: [UInt8] = []
        for w in prog { for k in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: w >> (8 * UInt32(k)))) } }
        m.memory.write(bytes, at: 0x8000_0000)
        #expect(m.run(maxInstructions: 100) == .exited(code))
    }

    @Test func clintTimeAdvancesPerInstruction() {
        // ld x3, mtime; nop x 5; ld x4, mtime  -> difference 6
        let prog: [UInt32] = [Enc.lui(1, 0x200C), Enc.load(3, 3, 1, -8)] + Array(repeating: Enc.addi(0, 0, 0), count: 5) + [Enc.load(3, 4, 1, -8)]
        let (m, _) = execute(64, prog)
        #expect(m.hart.register(4) - m.hart.register(3) == 6)
    }

    @Test(.enabled(if: Support.hasGCC || Support.isCI, "riscv64-unknown-elf-gcc not installed"),
          arguments: [(1, Int32(0)), (11, Int32(5))] as [(Int, Int32)])
    func tohostEndsTheRun(value: Int, code: Int32) throws {
        guard Support.requireTools(Support.hasGCC, "riscv64-unknown-elf-gcc"), let gcc = Support.gcc else { return }
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
