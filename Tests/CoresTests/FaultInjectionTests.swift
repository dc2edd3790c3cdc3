import Foundation
import Testing
import HDL
import Cores
import ISA
@testable import RTLSim
import SoCSim

/// Co-simulation must catch a wrong result at the instruction that produced it: the core is built
/// with a test-only fault (bit 0 of one instruction's result flipped) and run in lock-step with
/// the ISA model.
@Suite struct FaultInjectionTests {
    @Test(arguments: [32, 64]) func cosimulationCatchesAWrongResult(_ xlen: Int) throws {
        try #require(SoftwareImage.built, "make -C Software failed")
        let elf = try ELFFile(path: SoftwareImage.elf("hello", xlen: xlen))
        // The first instruction from the 50th on that writes a register, found on the ISA model.
        let model = try Machine.bareMetal(elf, xlen: xlen, console: BufferSink())
        var target: UInt64?
        while target == nil, let r = model.step() {
            if r.order >= 50, r.rd != nil, r.trap == nil { target = r.order }
        }
        let order = try #require(target)

        let soc = try SoCDesign(SoC(xlen: xlen, faultAtOrder: Int(order), gpu: nil))
        let runner = SoCRunner(simulator: try SwiftSimulator(design: soc.design), soc: soc)
        runner.output = { _ in }
        try runner.load(elf)
        try runner.enableCosimulation(elf)
        guard case .mismatch(let report) = runner.run(maxCycles: 1_000_000) else {
            Issue.record("co-simulation did not catch the injected fault")
            return
        }
        #expect(report.contains("at instruction \(order) "), "\(report)")
        #expect(report.contains("rd: RTL"), "\(report)")
        #expect(report.contains("last 20 records"), "\(report)")
    }

    /// Without the fault the same run has no mismatch (the test above is not vacuous).
    @Test func cleanCoreMatches() throws {
        try #require(SoftwareImage.built, "make -C Software failed")
        let elf = try ELFFile(path: SoftwareImage.elf("hello", xlen: 32))
        let soc = try SoCDesigns.soc(32)
        let runner = SoCRunner(simulator: try SwiftSimulator(design: soc.design), soc: soc)
        runner.output = { _ in }
        try runner.load(elf)
        try runner.enableCosimulation(elf)
        #expect(runner.run(maxCycles: 1_000_000) == .exited(0))
    }
}
