import Foundation
import Testing
import TestSupport
import HDL
import Cores
@testable import RTLSim

// The SoC as software sees it: UART output, slow memories, the pipeline's CPI on a simple loop,
// and clean Verilog.

@Suite struct SystemTests {
    @Test(arguments: [32, 64]) func uartHello(xlen: Int) throws {
        let r = try expectPass("""
            main:
                li t0, 0x10000000
                li t1, 0x80
                sb t1, 3(t0)              # LCR.DLAB: the next writes set the divisor, not THR
                li t1, 1
                sb t1, 0(t0)
                li t1, 3
                sb t1, 3(t0)              # 8N1, DLAB off
                la t1, message
            next:
                lbu t2, 0(t1)
                beqz t2, done
            busy:
                lbu t3, 5(t0)             # LSR: wait for THR empty
                andi t3, t3, 0x20
                beqz t3, busy
                sb t2, 0(t0)
                addi t1, t1, 1
                j next
            done:
                j pass
            .data
            message: .string "Hello, RISC-V!\\n"
            """, xlen: xlen)
        #expect(r.uart == "Hello, RISC-V!\n")
    }

    /// The same programs with memories that answer 1 and 2 cycles late.
    @Test(arguments: [(32, 1), (32, 2), (64, 2)]) func slowMemory(xlen: Int, latency: Int) throws {
        let r = try expectPass("""
            main:
                la a0, buffer
                li t0, 0
                li t1, 20
            loop:
                sw t0, 0(a0)
                lw t2, 0(a0)
                add t3, t3, t2
                addi a0, a0, 4
                addi t0, t0, 1
                bne t0, t1, loop
                CHECK t3, 190, 1
                li t4, 1000
                li t5, 7
                div t6, t4, t5
                CHECK t6, 142, 2
                call function
                CHECK s1, 5, 3
                j pass
            function:
                li s1, 5
                ret
            .data
            buffer: .space 128
            """, xlen: xlen, memoryLatency: latency)
        #expect(r.cycles > 150)
    }

    /// A zero-wait fetch and a slow data port, so that instructions queue up behind a waiting
    /// access: a value forwarded from write-back to a held execute stage must not be lost.
    @Test(arguments: [(32, 1), (32, 3), (64, 2)]) func slowDataFastFetch(xlen: Int, latency: Int) throws {
        try expectPass("""
            main:
                la a2, buffer
                li a0, 5
                sw zero, 0(a2)        # waits while add's operand comes from write-back
                add a1, a0, a0
                CHECK a1, 10, 1
                li a3, 7
                lw a4, 0(a2)
                mul a5, a3, a3        # a multiply held behind a waiting load
                sub a6, a5, a3
                CHECK a6, 42, 2
                li a3, 100
                sw a3, 4(a2)
                lw a4, 4(a2)
                li a5, 3
                divu a6, a3, a5       # a divide behind a store and a load
                add a7, a6, a4
                CHECK a7, 133, 3
                addi t0, zero, 1
                sw t0, 8(a2)
                sw t0, 12(a2)
                bne t0, zero, 1f      # a branch behind waiting stores
                li a0, 4
                j fail
            1:  j pass
            .data
            buffer: .space 64
            """, xlen: xlen, dataLatency: latency)
    }

    /// CPI of a simple counted loop with a zero-wait memory: the loop branch is predicted by the BTB.
    @Test(arguments: [32, 64]) func loopCPI(xlen: Int) throws {
        let r = try expectPass("""
            main:
                li t0, 0
                li t1, 1000
                li t2, 0
            loop:
                addi t0, t0, 1
                add t2, t2, t0
                xor t3, t2, t0
                bne t0, t1, loop
                CHECK t2, 500500, 1
                j pass
            """, xlen: xlen)
        let loop = r.retired
        guard let first = loop.firstIndex(where: { $0.instruction & 0x7F == 0x63 }),
              let last = loop.lastIndex(where: { $0.instruction & 0x7F == 0x63 && $0.pc == loop[first].pc }) else {
            Issue.record("no loop branch retired"); return
        }
        let cpi = Double(loop[last].cycle - loop[first].cycle) / Double(last - first)
        print("RV\(xlen) loop CPI: \(String(format: "%.3f", cpi)) (\(last - first) instructions, \(loop[last].cycle - loop[first].cycle) cycles); whole program \(r.cycles) cycles, \(r.retired.count) retired")
        #expect(cpi < 1.05)
    }

    /// Calls and returns in a loop: the BTB predicts the calls, the return-address stack the returns.
    @Test(arguments: [32, 64]) func callReturnCPI(xlen: Int) throws {
        let r = try expectPass("""
            main:
                li s0, 0
                li s1, 200
            loop:
                call first
                addi s0, s0, 1
                bne s0, s1, loop
                CHECK s2, 400, 1
                j pass
            first:
                mv s3, ra
                call second
                mv ra, s3
                addi s2, s2, 1
                ret
            second:
                addi s2, s2, 1
                ret
            """, xlen: xlen)
        let body = r.retired.drop { $0.cycle < 50 }
        let cpi = Double(body.last!.cycle - body.first!.cycle) / Double(body.count - 1)
        print("RV\(xlen) call/return loop CPI: \(String(format: "%.3f", cpi))")
        #expect(cpi < 1.1)
    }

    /// The default 16 MiB RAM, and the simulator's speed on a long loop (no trace).
    @Test func fullSizeRAMAndSpeed() throws {
        let start = Date()
        let bench = try SoCBench(xlen: 32, ramBytes: 16 << 20)
        let built = Date()
        let image = try assemble("""
            main:
                li t0, 0
                li t1, 20000
            loop:
                addi t0, t0, 1
                bne t0, t1, loop
                li t2, 0x80FFFFF0
                sw t1, 0(t2)          # the top of the 16 MiB RAM
                lw t3, 0(t2)
                CHECK t3, 20000, 1
                j pass
            """, xlen: 32)
        let run = Date()
        let r = try bench.run(image, maxCycles: 100_000, trace: false)
        let seconds = Date().timeIntervalSince(run)
        print("SoC RV32 16 MiB: elaborate+compile \(String(format: "%.2f", built.timeIntervalSince(start))) s, \(r.cycles) cycles in \(String(format: "%.2f", seconds)) s = \(Int(Double(r.cycles) / seconds)) cycles/s")
        #expect(r.finished && r.exitCode == 0)
    }

    /// The core's and the SoC's Verilog is clean under `verilator --lint-only -Wall` and `iverilog -Wall`.
    @Test(arguments: ["core32", "core64", "soc32", "soc64"]) func verilogIsLintClean(_ name: String) throws {
        let xlen = name.hasSuffix("64") ? 64 : 32
        let design = name.hasPrefix("core") ? try Elaborator.elaborate(Core(xlen: xlen))
                                            : try Elaborator.elaborate(SoC(xlen: xlen, ramBytes: 64 << 10))
        #expect(design.warnings.isEmpty, "\(design.warnings)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lint-\(name)-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("\(design.top).v")
        try Data(VerilogEmitter().emit(design).utf8).write(to: file)
        try? Data(VerilogEmitter().emit(design).utf8).write(to: URL(fileURLWithPath: "/tmp/\(design.top).v"))
        if requireTools("verilator") {
            let (status, output) = try runTool("verilator", ["--lint-only", "-Wall", "--top-module", design.top, file.path], in: folder)
            #expect(status == 0 && output.isEmpty, "verilator:\n\(output.prefix(3000))")
        }
        if requireTools("iverilog") {
            let (status, output) = try runTool("iverilog", ["-Wall", "-g2005", "-o", "/dev/null", file.path], in: folder)
            #expect(status == 0 && output.isEmpty, "iverilog:\n\(output.prefix(3000))")
        }
    }
}

/// The emitted Verilog, run by Verilator, behaves as the Swift simulator does (cycle by cycle).
@Suite struct VerilatorTests {
    @Test(arguments: [32, 64]) func lockstepWithVerilator(xlen: Int) throws {
        guard requireTools("verilator") else { return }
        let bench = try SoCBench(xlen: xlen, backend: .lockstep)
        let image = try assemble("""
            main:
                li t0, 0x10000000
                li t1, 'O'
                sb t1, 0(t0)
                li t1, 'K'
                sb t1, 0(t0)
                la t0, handler
                csrw mtvec, t0
                li a1, 1000
                li a2, 7
                div a3, a1, a2
                mul a4, a3, a2
                .word 0
                ecall
                CHECK a4, 994, 1
                j pass
            \(skippingHandler)
            """, xlen: xlen)
        let r = try bench.run(image, maxCycles: 2000)
        #expect(r.finished && r.exitCode == 0)
        #expect(r.uart == "OK")
        print("lockstep RV\(xlen): \(type(of: bench.sim)) \(r.cycles) cycles, uart \(r.uart)")
        if let lockstep = bench.sim as? LockstepSimulator, let mismatch = lockstep.firstMismatch {
            Issue.record("\(mismatch)")
        }
    }
}
