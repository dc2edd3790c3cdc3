import ArgumentParser
import Cores
import Foundation
import HDL
import ISA
import RTLSim
import SoCSim
import SDCard
import Spec

/// `hdlgen sim`: runs a bare-metal ELF (built for qemu's `virt` map) on the SoC's RTL, on the Swift
/// simulator or on Verilator, optionally in lock-step with the ISA model.
struct SimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sim",
        abstract: "Run a bare-metal ELF on the SoC RTL (Swift simulator or Verilator).",
        discussion: "When stderr is a terminal, a line on it shows the cycles, their rate and the time while the program runs (not with --trace).")

    @Option(help: "swift or verilator.")
    var backend: String = "verilator"

    @Option(help: "32 or 64 (default: the ELF's class).")
    var xlen: Int?

    @Option(name: .customLong("max-cycles"), help: "Stop a runaway program after this many cycles.")
    var maxCycles: UInt64 = 100_000_000

    @Flag(help: "Print every retired instruction, in the format of `hdlgen iss --trace`.")
    var trace = false

    @Option(help: "Write a VCD waveform to this file.")
    var vcd: String?

    @Option(help: "Verilator backend: load this library (built by Scripts/verilate.sh from this design's Verilog) instead of `make verilate`'s.")
    var library: String?

    @Flag(help: "Print cycles, instructions, CPI, branch mispredictions, TLB misses and page-walk cycles, stall cycles by cause and simulated cycles/s to stderr.")
    var stats = false

    @Flag(help: "Run the ISA model in lock-step and stop at the first difference (on a GPU SoC, the GPU model beside the GPU: each launch's issues, RAM and registers).")
    var cosim = false

    @Flag(name: .customLong("no-gpu"), help: "Run on the SoC without its GPU (design socXLEN_nogpu; the GPU's window faults).")
    var noGPU = false

    @OptionGroup var sd: SDCardOptions

    @Argument(help: "The ELF file.")
    var file: String

    func validate() throws {
        guard ["swift", "verilator"].contains(backend) else { throw ValidationError("--backend must be swift or verilator") }
        if let xlen, xlen != 32 && xlen != 64 { throw ValidationError("--xlen must be 32 or 64") }
    }

    func run() throws {
        let elf: ELFFile
        do { elf = try ELFFile(path: file) } catch { throw CommandFailure("\(file): \(error)") }
        let xlen = self.xlen ?? elf.xlen
        let name = Designs.socName(xlen: xlen, gpu: !noGPU)
        let soc = try SoCDesign(SoC(xlen: xlen, gpu: noGPU ? nil : GPUConfig()), name: name)
        let design = soc.design
        let sim: Simulator
        if backend == "swift" {
            sim = try SwiftSimulator(design: design)
        } else {
            do {
                if let library { sim = try VerilatorSimulator(design: design, library: library) }
                else { sim = try VerilatorSimulator.prebuilt(design, name: name) }
            } catch {
                throw CommandFailure("\(error)")
            }
        }
        let runner = SoCRunner(simulator: sim, soc: soc)
        do {
            try runner.load(elf)
            if let args = sd.args { try runner.setArguments(args, of: elf) }
        } catch { throw CommandFailure("\(file): \(error)") }
        runner.insert(try sd.card())
        if trace { runner.trace = { print($0) } }
        else { runner.progress = ProgressLine("sim", unit: "cycles") }     // on a terminal: cycles while it runs
        if cosim { try runner.enableCosimulation(elf) }
        if let vcd { try sim.startWaveform(vcd) }
        let outcome = runner.run(maxCycles: maxCycles)
        sim.stopWaveform()
        FileHandle.standardOutput.synchronizeFile()
        if stats { printStatistics(runner.statistics) }
        switch outcome {
        case .exited(let code):
            throw ExitCode(code)
        case .cycleLimit(let n):
            throw CommandFailure("the program did not finish within \(n) cycles (--max-cycles)")
        case .mismatch(let report):
            FileHandle.standardError.write(Data((report + "\n").utf8))
            throw ExitCode(3)
        case .reached(let pc):      // not asked for here: `run` is given no pc to stop at
            throw CommandFailure("stopped at pc 0x\(String(pc, radix: 16))")
        }
    }

    func printStatistics(_ s: SoCRunner.Statistics) {
        var text = "cycles: \(s.cycles)\ninstructions: \(s.retired)\ntraps: \(s.traps)\n"
        text += String(format: "cpi: %.3f\n", s.cpi)
        text += "branch mispredictions: \(s.mispredictions)\n"
        text += "ITLB misses: \(s.itlbMisses), DTLB misses: \(s.dtlbMisses), page-walk cycles: \(s.walkCycles)\n"
        text += "stall cycles: " + s.stallCycles.map { "\($0.cause) \($0.cycles)" }.joined(separator: ", ") + "\n"
        text += String(format: "simulated cycles/s: %.0f\n", s.cyclesPerSecond)
        for (what, n) in s.adopted.sorted(by: { $0.key < $1.key }) { text += "co-simulation took from the RTL: \(n) \(what)(s)\n" }
        FileHandle.standardError.write(Data(text.utf8))
    }
}
