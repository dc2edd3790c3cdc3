import Foundation
import Testing
import TestSupport
import HDL
import Cores
import ISA
@testable import RTLSim
import SoCSim

/// The core's performance counters, as `hdlgen sim --stats` prints them: a program with a known
/// number of load-use pairs, a divide, a loop whose exit is mispredicted and, with a slow data
/// port, loads that wait. Every lost cycle is charged to one cause; refills are the rest.
@Suite struct PerformanceCounterTests {
    static let program = """
        main:
            li s0, 0x80008000
            sw zero, 0(s0)
            li s1, 10
        1:  lw t0, 0(s0)
            addi t0, t0, 1          # uses the loaded value at once: one load-use bubble
            sw t0, 0(s0)
            addi s1, s1, -1
            bnez s1, 1b
            li t1, 1000
            li t2, 7
            div t3, t1, t2
            CHECK t3, 142, 1
            j pass
        """

    @Test(arguments: [(32, Backend.swift, 0), (64, .swift, 0), (32, .swift, 2), (32, .verilator, 0)])
    func countersAccountForEveryLostCycle(xlen: Int, backend: Backend, dataLatency: Int) throws {
        if backend == .verilator && !requireTools("verilator") { return }
        let elf = try assemble(Self.program, xlen: xlen)
        let bench = try SoCBench(xlen: xlen, dataLatency: dataLatency, backend: backend)
        let runner = bench.runner()
        runner.output = { _ in }
        try runner.load(try ELFFile(bytes: elf))
        #expect(runner.run(maxCycles: 10_000) == .exited(0))
        let s = runner.statistics
        let stalls = Dictionary(uniqueKeysWithValues: s.stallCycles.map { ($0.cause, $0.cycles) })
        #expect(stalls["load-use"] == 10)
        #expect(stalls["divider"]! >= 2, "a 1000 / 7 takes more than a cycle: \(stalls)")
        #expect(s.mispredictions >= 1, "the loop's exit goes where the predictor did not expect")
        if dataLatency == 0 { #expect(stalls["memory wait"] == 0) } else { #expect(stalls["memory wait"]! >= 12 * 2) }
        // The cycles left over refilled the pipeline: two per misprediction (no traps here), and a
        // few to fill it after reset.
        let refill = Int(stalls["refill"]!), penalty = 2 * Int(s.mispredictions)
        #expect((penalty...penalty + 4).contains(refill), "cycles \(s.cycles), retired \(s.retired), stalls \(stalls), mispredictions \(s.mispredictions)")
        #expect(s.cycles == s.retired + s.traps + s.stallCycles.reduce(0) { $0 + $1.cycles })
    }
}
