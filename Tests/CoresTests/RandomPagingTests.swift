import Foundation
import Testing
import TestSupport
import Cores
import ISA
import RTLSim
import SoCSim

// Random programs under virtual memory in lock-step with the ISA model: RandomPagingProgram.swift
// generates, per seed and XLEN, a bare-metal program that builds random Sv32/Sv39 page tables in
// M mode, enters S or U, and runs a random stream of ALU/M operations, loads and stores into a
// test region of random mappings, jumps into its pages, sfence.vma and SUM/MXR toggles, while M
// (and, with a random medeleg, S) trap handlers recover from every fault, fix up Svade's A/D
// faults as a kernel does, and now and then give a page new flags. The SoC runs it under
// Verilator with co-simulation: every retired instruction and every trap's cause and tval must
// match the ISA model's.
//
// CI retires 2 x 10^6 instructions over RV32 and RV64 (about 15 s), and checks that the campaign really
// exercised translation (page faults 12, 13 and 15, translated loads, stores and fetches in the
// test region, A/D fix-ups, ITLB and DTLB misses). Longer campaigns:
// COSIM_PAGING_INSTRUCTIONS=<total retired instructions> (split between the two XLENs),
// COSIM_PAGING_SEED=<seed> for other programs, COSIM_PAGING_LATENCY=<cycles> for a SoC whose
// memories answer after that many cycles (the walker then waits too). A mismatch saves the
// failing program's assembly and names it in the failure.

enum RandomPaging {
    static let environment = ProcessInfo.processInfo.environment
    /// Retired instructions over both XLENs.
    static let totalInstructions = environment["COSIM_PAGING_INSTRUCTIONS"].flatMap { Int($0) } ?? 2_000_000
    static let seed = environment["COSIM_PAGING_SEED"].flatMap { UInt64($0) } ?? 0x9A6E_5EED
    static let latency = environment["COSIM_PAGING_LATENCY"].flatMap { Int($0) } ?? 0

    /// One program of the campaign: its generator (with the windows and tables it chose) and source.
    static func program(xlen: Int, seed: UInt64) -> (RandomPagingProgram, String) {
        var generator = RandomPagingProgram(xlen: xlen, seed: seed)
        let length = 100 + generator.int(500)
        let passes = 3 + generator.int(10)
        let source = generator.generate(length: length, passes: passes)
        return (generator, source)
    }
}

/// What a campaign's retired records show about translation.
struct PagingCoverage {
    var exceptions: [UInt64: Int] = [:]
    var interrupts = 0
    /// Traps that went to the S handler (medeleg).
    var delegated = 0
    /// Loads and stores in the test region that translated and retired, and instructions fetched there.
    var loads = 0, stores = 0, fetches = 0
    /// Stores to the page tables after the prologue: A/D fix-ups and changed flags.
    var pteWrites = 0
    var sfences = 0, statusToggles = 0
    var byMode: [String: Int] = [:]
    /// Sequential fetches from the end of a test-region page into the next (retired or faulted).
    var pageCrossings = 0
    var lastPC: UInt64 = 0

    mutating func add(_ r: RetirementRecord, _ program: RandomPagingProgram, sTrap: UInt64, prologueEnd: UInt64) {
        defer { lastPC = r.pc }
        if program.inTestRegion(r.pc), lastPC & 0xFFF == 0xFFC, r.pc == lastPC &+ 4 { pageCrossings += 1 }
        if let trap = r.trap {
            if trap.isInterrupt { interrupts += 1 } else { exceptions[trap.cause, default: 0] += 1 }
            if r.nextPC == sTrap { delegated += 1 }
            return
        }
        byMode[r.privilege.description, default: 0] += 1
        if r.privilege != .machine {
            if let address = r.memAddress, program.inTestRegion(address) {
                if r.memIsWrite { stores += 1 } else { loads += 1 }
            }
            if program.inTestRegion(r.pc) { fetches += 1 }
        }
        if r.memIsWrite, let address = r.memAddress, r.pc >= prologueEnd,
           address >= RandomPagingProgram.root, address < RandomPagingProgram.dataPages[0] { pteWrites += 1 }
        if r.instruction & 0xFE00_7FFF == 0x1200_0073 { sfences += 1 }
        if r.instruction & 0x7F == 0x73, r.instruction >> 20 == 0x100, (r.instruction >> 12) & 3 >= 2 { statusToggles += 1 }
    }

    var summary: String {
        let causes = exceptions.keys.sorted().map { "\($0): \(exceptions[$0]!)" }.joined(separator: ", ")
        return "exceptions by cause [\(causes)], \(delegated) delegated to S, \(interrupts) timer interrupts; in the test region \(loads) loads, \(stores) stores, "
            + "\(fetches) fetches translated, \(pageCrossings) page crossings; \(pteWrites) PTE writes by the handlers; \(sfences) sfence.vma, "
            + "\(statusToggles) SUM/MXR writes; retired by mode \(byMode)"
    }

    /// The campaign reached every kind of outcome it is meant to test.
    func expectExercised(_ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for cause: UInt64 in [12, 13, 15, 2] {
            #expect(exceptions[cause, default: 0] > 0, "\(what): no exception with cause \(cause): \(summary)", sourceLocation: sourceLocation)
        }
        #expect(loads > 0 && stores > 0 && fetches > 0 && pageCrossings > 0, "\(what): \(summary)", sourceLocation: sourceLocation)
        #expect(pteWrites > 0 && delegated > 0 && statusToggles > 0, "\(what): \(summary)", sourceLocation: sourceLocation)
        #expect((byMode["S"] ?? 0) > 0 && (byMode["U"] ?? 0) > 0, "\(what): \(summary)", sourceLocation: sourceLocation)
    }
}

@Suite struct RandomPagingTests {
    static func symbols(_ elf: ELFFile) throws -> (sTrap: UInt64, prologueEnd: UInt64) {
        guard let sTrap = elf.symbol("s_trap"), let mTrap = elf.symbol("m_trap") else {
            throw SimulationError("the random paging program has no m_trap or s_trap")
        }
        return (sTrap, mTrap)
    }

    @Test(.enabled(if: (findTool("verilator") != nil) || runningInCI), arguments: [32, 64])
    func randomPagingInLockStep(xlen: Int) throws {
        let target = UInt64(RandomPaging.totalInstructions / 2)
        let ramBytes = RandomPagingProgram.ramBytes
        let bench = try SoCBench(xlen: xlen, memoryLatency: RandomPaging.latency, ramBytes: ramBytes, backend: .verilator)
        var rng = SeededRNG(seed: RandomPaging.seed ^ UInt64(xlen))
        var coverage = PagingCoverage()
        var retired: UInt64 = 0, traps: UInt64 = 0, cycles: UInt64 = 0, programs = 0
        var itlbMisses: UInt64 = 0, dtlbMisses: UInt64 = 0, walkCycles: UInt64 = 0
        let start = Date()
        while retired < target {
            let programSeed = rng.next()
            let (program, source) = RandomPaging.program(xlen: xlen, seed: programSeed)
            let elf = try ELFFile(bytes: try assembleFiles(["test.S": source], xlen: xlen))
            let (sTrap, prologueEnd) = try Self.symbols(elf)
            try bench.sim.loadMemory(SoC.ramName, at: 0, words: [UInt64](repeating: 0, count: ramBytes * 8 / xlen))
            let runner = bench.runner()
            runner.output = { _ in }
            runner.onRetire = { record, _ in coverage.add(record, program, sTrap: sTrap, prologueEnd: prologueEnd) }
            try runner.load(elf)
            try runner.enableCosimulation(elf)
            let outcome = runner.run(maxCycles: 20_000_000)
            retired += runner.statistics.retired
            traps += runner.statistics.traps
            cycles += runner.statistics.cycles
            itlbMisses += runner.statistics.itlbMisses
            dtlbMisses += runner.statistics.dtlbMisses
            walkCycles += runner.statistics.walkCycles
            programs += 1
            guard outcome == .exited(0) else {
                let saved = FileManager.default.temporaryDirectory
                    .appendingPathComponent("random-paging-rv\(xlen)-\(String(programSeed, radix: 16)).S")
                try? source.write(to: saved, atomically: true, encoding: .utf8)
                Issue.record("""
                    RV\(xlen) random paging program (seed 0x\(String(programSeed, radix: 16)); campaign seed \
                    \(RandomPaging.seed), latency \(RandomPaging.latency)) saved to \(saved.path): \(outcome)
                    """)
                return
            }
        }
        let seconds = Date().timeIntervalSince(start)
        print("RV\(xlen) random paging lock-step (seed \(RandomPaging.seed), latency \(RandomPaging.latency)): \(programs) programs, "
              + "\(retired) instructions and \(traps) traps in lock-step, \(cycles) cycles, "
              + String(format: "%.1f s (%.0f instructions/s); ", seconds, Double(retired) / seconds)
              + "ITLB misses \(itlbMisses), DTLB misses \(dtlbMisses), walk cycles \(walkCycles); " + coverage.summary)
        #expect(retired >= target)
        #expect(itlbMisses > 0 && dtlbMisses > 0, "ITLB misses \(itlbMisses), DTLB misses \(dtlbMisses)")
        coverage.expectExercised("RV\(xlen)")
        #expect(coverage.interrupts > 0, "RV\(xlen): no timer interrupt: \(coverage.summary)")
    }

    /// The generator's programs end (every fault is recovered from) and reach every outcome on the
    /// ISA model alone: a quick check of the generator without Verilator.
    @Test(arguments: [32, 64]) func programsFinishOnTheModel(xlen: Int) throws {
        guard requireTools("riscv64-unknown-elf-gcc") else { return }
        var coverage = PagingCoverage()
        for n in 0..<6 {
            let seed = 0xC0FFEE + UInt64(n)
            let (program, source) = RandomPaging.program(xlen: xlen, seed: seed)
            let elf = try ELFFile(bytes: try assembleFiles(["test.S": source], xlen: xlen))
            let (sTrap, prologueEnd) = try Self.symbols(elf)
            let machine = try Machine.bareMetal(elf, xlen: xlen, ramSize: UInt64(RandomPagingProgram.ramBytes), console: BufferSink())
            var steps = 0
            while steps < 5_000_000, let record = machine.step() {
                coverage.add(record, program, sTrap: sTrap, prologueEnd: prologueEnd)
                steps += 1
            }
            #expect(machine.stopReason == .exited(0), "RV\(xlen) seed 0x\(String(seed, radix: 16)): \(String(describing: machine.stopReason)) after \(steps) steps")
        }
        print("RV\(xlen) random paging programs on the ISA model: " + coverage.summary)
        coverage.expectExercised("RV\(xlen) on the model")
    }
}
