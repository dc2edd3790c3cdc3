import Foundation
import Testing
import TestSupport
import HDL
import Cores
import ISA
@testable import RTLSim
import SoCSim

// Random programs in lock-step with the ISA model: the ISA tests' generator of random valid
// RV32IM/RV64IM programs (RandomProgramGenerator.swift here is a symbolic link to
// Tests/ISATests/RandomProgramGenerator.swift, so the generator is shared, not copied) is turned
// into a bare-metal program and run on the SoC under Verilator by SoCRunner with co-simulation:
// every retired instruction (pc, instruction, next pc, trap, privilege, rd and value, memory
// address and data) is compared with the ISA model's.
//
// Bare-metal variant of the generator's Linux-user program: the same body (`la s0, buf`, random
// initial registers, random ALU/M/load/store/forward-branch/jal body, register dump into the
// buffer), then instead of the `write`/`exit` syscalls an epilogue that decrements a counter in
// RAM and, while it is not zero, loops back to just after the register initialisation (so each
// pass starts from the previous pass's registers and buffer), and at the end stores 0x5555 to the
// test finisher at 0x0010_0000. Linked at 0x8000_0000 by the harness's linker script (text, then
// the buffer in .data), all inside the SoC's 64 KiB of RAM.
//
// CI runs at least 10^6 retired instructions in total over RV32 and RV64. Longer campaigns:
// COSIM_RANDOM_INSTRUCTIONS=<total retired instructions> (split between the two XLENs) and
// COSIM_RANDOM_SEED=<seed> for different programs, COSIM_RANDOM_LATENCY=<cycles> for a SoC whose
// memories answer after that many cycles. A mismatch saves the failing program's
// assembly and names it in the failure.


enum RandomBareMetal {
    static let environment = ProcessInfo.processInfo.environment
    /// Retired instructions over both XLENs.
    static let totalInstructions = environment["COSIM_RANDOM_INSTRUCTIONS"].flatMap { Int($0) } ?? 1_000_000
    static let seed = environment["COSIM_RANDOM_SEED"].flatMap { UInt64($0) } ?? 0x5EED_CAFE
    static let ramBytes = 64 << 10
    /// Memory latency of the SoC in cycles (0: zero-wait), for campaigns against stalls.
    static let latency = environment["COSIM_RANDOM_LATENCY"].flatMap { Int($0) } ?? 0

    /// The bare-metal program of the generator's Linux-user `source`, running the body `passes` times.
    static func program(_ source: String, passes: Int) throws -> String {
        var lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let lastInit = lines.lastIndex(where: { $0.hasPrefix("    li x31,") }),
              let exit = lines.firstIndex(of: "    li a0, 1"), lines[exit + 1] == "    mv a1, s0",
              let data = lines.firstIndex(of: "    .data"), lastInit < exit, exit < data else {
            throw SimulationError("the generator's output no longer has the expected shape:\n\(source)")
        }
        lines.replaceSubrange(exit..<data, with: [
            "    la t0, random_passes",
            "    lw t1, 0(t0)",
            "    addi t1, t1, -1",
            "    sw t1, 0(t0)",
            "    bnez t1, random_loop",
            "    li t0, 0x100000",
            "    li t1, 0x5555",
            "    sw t1, 0(t0)",
            "random_halt:",
            "    j random_halt",
        ])
        lines.insert("random_loop:", at: lastInit + 1)
        if lines.last == "" { lines.removeLast() }
        lines += ["    .balign 8", "random_passes:", "    .word \(passes)", ""]
        return lines.joined(separator: "\n")
    }
}

@Suite struct RandomLockstepTests {
    @Test(.enabled(if: (findTool("verilator") != nil) || runningInCI), arguments: [32, 64])
    func randomPrograms(xlen: Int) throws {
        let target = UInt64(RandomBareMetal.totalInstructions / 2)
        let bench = try SoCBench(xlen: xlen, memoryLatency: RandomBareMetal.latency, ramBytes: RandomBareMetal.ramBytes,
                                 backend: .verilator)
        var rng = SeededRNG(seed: RandomBareMetal.seed ^ UInt64(xlen))
        var retired: UInt64 = 0, cycles: UInt64 = 0, programs = 0
        let start = Date()
        while retired < target {
            let programSeed = rng.next()
            var generator = RandomProgramGenerator(xlen: xlen, seed: programSeed)
            let length = 200 + Int(rng.next() % 400)
            let passes = 20 + Int(rng.next() % 100)
            let source = try RandomBareMetal.program(generator.generate(length: length), passes: passes)
            let built = try assembleFiles(["test.S": source], xlen: xlen)
            let elf = try ELFFile(bytes: built)
            try bench.sim.loadMemory(SoC.ramName, at: 0, words: [UInt64](repeating: 0, count: RandomBareMetal.ramBytes * 8 / xlen))
            let runner = bench.runner()
            runner.output = { _ in }
            try runner.load(elf)
            try runner.enableCosimulation(elf)
            let outcome = runner.run(maxCycles: 50_000_000)
            retired += runner.statistics.retired
            cycles += runner.statistics.cycles
            programs += 1
            guard outcome == .exited(0) else {
                let saved = FileManager.default.temporaryDirectory
                    .appendingPathComponent("random-lockstep-rv\(xlen)-\(String(programSeed, radix: 16)).S")
                try? source.write(to: saved, atomically: true, encoding: .utf8)
                Issue.record("""
                    RV\(xlen) random program (generator seed 0x\(String(programSeed, radix: 16)), length \(length), \
                    \(passes) passes; campaign seed \(RandomBareMetal.seed)) saved to \(saved.path): \(outcome)
                    """)
                break
            }
        }
        let seconds = Date().timeIntervalSince(start)
        print("RV\(xlen) random lock-step (seed \(RandomBareMetal.seed), latency \(RandomBareMetal.latency)): \(programs) programs, \(retired) instructions retired in lock-step, \(cycles) cycles, "
              + String(format: "%.1f s (%.0f instructions/s)", seconds, Double(retired) / seconds))
        #expect(retired >= target)
    }

    /// The lock-step comparison sees a difference: the model runs the same program with a different
    /// pass count in RAM, so the first load of the counter differs.
    @Test(.enabled(if: (findTool("verilator") != nil) || runningInCI)) func divergenceIsReported() throws {
        var generator = RandomProgramGenerator(xlen: 32, seed: 7)
        let source = generator.generate(length: 40)
        let rtlProgram = try assembleFiles(["test.S": try RandomBareMetal.program(source, passes: 3)], xlen: 32)
        let modelProgram = try assembleFiles(["test.S": try RandomBareMetal.program(source, passes: 4)], xlen: 32)
        let bench = try SoCBench(xlen: 32, ramBytes: RandomBareMetal.ramBytes, backend: .verilator)
        try bench.sim.loadMemory(SoC.ramName, at: 0, words: [UInt64](repeating: 0, count: RandomBareMetal.ramBytes / 4))
        let runner = bench.runner()
        runner.output = { _ in }
        try runner.load(try ELFFile(bytes: rtlProgram))
        try runner.enableCosimulation(try ELFFile(bytes: modelProgram))
        guard case .mismatch(let report) = runner.run(maxCycles: 1_000_000) else {
            Issue.record("co-simulation did not notice the different pass count"); return
        }
        #expect(report.contains("rd: RTL x6 = 0x3, ISA model x6 = 0x4"), "\(report)")
    }

    /// The bare-metal variant keeps the generator's body and replaces only its ending.
    @Test func bareMetalVariant() throws {
        var generator = RandomProgramGenerator(xlen: 32, seed: 1)
        let source = generator.generate(length: 30)
        let program = try RandomBareMetal.program(source, passes: 3)
        #expect(!program.contains("ecall"))
        #expect(program.contains("random_loop:") && program.contains("li t0, 0x100000"))
        let body = source.split(separator: "\n").filter { !$0.contains("ecall") && !$0.contains(" a0, ") && !$0.contains(" a7, ")
                                                          && !$0.contains("a1, s0") && !$0.contains("li a2,") }
        let kept = Set(program.split(separator: "\n"))
        #expect(body.allSatisfy { kept.contains($0) })
    }
}
