// SoCCosimTests: `hdlgen sim --cosim` on a GPU SoC (step 8 of the RTL plan): the GEMM host program
// (Software/gpu) prints on the RTL, in co-simulation with the ISA and GPU models, exactly what
// `hdlgen iss` prints, GPU cycle counts included; and a wrong trace record (GPU.faultAtIssue) stops
// the co-simulation with a report naming the field.
import Cores
import Foundation
import GPU
import HDL
import ISA
import RTLSim
import SoCSim
import Spec
import Testing
import TestSupport

@Suite struct SoCCosimTests {
    @Test func cosimulationCatchesAWrongIssue() throws {
        let soc = try SoCDesign(SoC(xlen: 32, gpuFaultAtIssue: 3))
        let runner = SoCRunner(simulator: try SwiftSimulator(design: soc.design), soc: soc)
        runner.output = { _ in }
        let machine = Machine(xlen: 32, console: BufferSink())
        for (bytes, at) in try SoCGPUTests.programs(xlen: 32) {
            try runner.writeRAM(bytes, at: at)
            machine.memory.write(bytes, at: at)
        }
        runner.enableCosimulation(machine)
        guard case .mismatch(let report) = runner.run(maxCycles: 20_000) else {
            Issue.record("co-simulation did not catch the injected fault")
            return
        }
        #expect(report.hasPrefix("GPU co-simulation mismatch in launch 1 at issue 3: mask: RTL 0xfe, model 0xff\n"), "\(report)")
        #expect(report.contains("last issues of the RTL:\n  cycle ") && report.contains("last issues of the model:\n  cycle "), "\(report)")
    }

    /// `hdlgen sim --cosim` on Verilator (the SoC's library built here, as `make verilate` would) against `hdlgen iss`.
    @Test(arguments: [32, 64]) func gemmPrintsWhatTheISAModelPrints(xlen: Int) throws {
        guard try kernelImage() != nil, requireTools("verilator") else { return }
        let library = try VerilatorSimulator(design: SoCDesign(SoC(xlen: xlen), name: Designs.socName(xlen: xlen)).design).libraryPath
        let elf = repositoryRoot.appendingPathComponent("Software/gpu/build/rv\(xlen)/gemm.elf").path
        let iss = try HDLGenBinary.run(["iss", elf])
        let sim = try HDLGenBinary.run(["sim", "--cosim", "--library", library, elf])
        #expect(iss.status == 0 && sim.status == 0, "\(sim.stderr.prefix(3000))")
        #expect(iss.stdout.contains("gemm: PASS") && iss.stdout.contains("dp4a      64x64x64: cycles "))
        #expect(sim.stdout == iss.stdout)
    }

    /// `hdlgen sim` on the Swift simulator at one small size (`--args "8 8 8"`: the two full sizes take
    /// 15 M cycles, minutes there) against `hdlgen iss`: the same lines, GPU cycle counts included.
    @Test(arguments: [32, 64]) func gemmAtASmallSizePrintsTheSameOnTheSwiftSimulator(xlen: Int) throws {
        guard try kernelImage() != nil else { return }
        let elf = repositoryRoot.appendingPathComponent("Software/gpu/build/rv\(xlen)/gemm.elf").path
        let iss = try HDLGenBinary.run(["iss", elf, "--args", "8 8 8"])
        let sim = try HDLGenBinary.run(["sim", "--backend", "swift", elf, "--args", "8 8 8"])
        #expect(iss.status == 0 && sim.status == 0, "\(sim.stderr.prefix(3000))")
        #expect(iss.stdout.contains("dp4a      8x8x8: cycles ") && iss.stdout.hasSuffix("gemm: PASS\n"), "\(iss.stdout)")
        #expect(sim.stdout == iss.stdout)
    }

    /// A size outside 1..64, or not three numbers, is refused with the usage line and exit code 2.
    @Test func gemmRefusesABadSize() throws {
        guard try kernelImage() != nil else { return }
        let elf = repositoryRoot.appendingPathComponent("Software/gpu/build/rv32/gemm.elf").path
        for args in ["65 1 1", "8 x 8", "1 2"] {
            let iss = try HDLGenBinary.run(["iss", elf, "--args", args])
            #expect(iss.status == 2 && iss.stdout.hasSuffix("usage: gemm [M N K], each 1..64\n"), "\(args): \(iss.stdout)")
        }
    }
}
