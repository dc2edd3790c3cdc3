import ArgumentParser
import Cores
import Foundation
import HDL
import RTLSim
import SoCSim

/// `hdlgen bench ...`: measured figures, side by side in one run.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "Run a benchmark.",
                                                    subcommands: [SimBench.self, GEMMBench.self])
}

/// `hdlgen bench sim`: the self-stimulating benchmark design run free on both backends.
struct SimBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sim",
        abstract: "Swift simulator vs Verilator on the self-stimulating benchmark design; prints cycles/s and the ratio.")

    @Option(help: "Cycles to run on each backend.")
    var cycles: Int = 2_000_000

    @Option(help: "Backends to run: swift, verilator or both.")
    var backend: String = "both"

    func run() throws {
        guard cycles > 0 else { throw ValidationError("--cycles must be positive") }
        guard ["swift", "verilator", "both"].contains(backend) else {
            throw ValidationError("--backend must be swift, verilator or both")
        }
        // Elaborate + emit every design, timed.
        let start = Date()
        var lines = 0
        let emitting = ProgressLine("bench sim")         // on a terminal: the design at hand
        for entry in Designs.all {
            emitting.step = "elaborating and emitting \(entry.name)"
            emitting.tick()
            let design = try entry.elaborate()
            lines += VerilogEmitter().emit(design).split(separator: "\n").count
        }
        emitting.finish()
        let emitSeconds = Date().timeIntervalSince(start)
        print(String(format: "elaborate+emit: %d designs, %d lines of Verilog in %.3f s", Designs.all.count, lines, emitSeconds))

        let design = try Elaborator.elaborate(SimBenchmark()).renamingTop(to: "sim_benchmark")
        var results: [(String, Double, UInt64)] = []
        if backend != "verilator" {
            let sim = try ProgressLine.during("bench sim", step: "building the Swift simulator") { try SwiftSimulator(design: design) }
            let stats = sim.statistics
            print("swift simulator: \(stats.operations) operations per cycle, \(stats.registers) registers, \(stats.slots) value slots")
            results.append(("swift", measure(sim, "swift"), sim.peek("checksum")))
        }
        if backend != "swift" {
            let sim = try ProgressLine.during("bench sim", step: "building the Verilator model") { try makeVerilatorSimulator(design) }
            results.append(("verilator", measure(sim, "verilator"), sim.peek("checksum")))
        }
        for (name, rate, checksum) in results {
            print(String(format: "%@: %.0f cycles/s  checksum 0x%08llx", name, rate, checksum))
        }
        if results.count == 2 {
            guard results[0].2 == results[1].2 else {
                throw CommandFailure("the checksums differ: the backends disagree")
            }
            print(String(format: "ratio: %.2f", results[1].1 / results[0].1))
        }
    }

    func measure(_ sim: Simulator, _ backend: String) -> Double {
        sim.reset()
        sim.step(min(cycles / 10, 10_000))   // warm up
        sim.reset()
        // On a terminal, the cycles so far: in chunks of about 1/20 s then (one call otherwise).
        let progress = ProgressLine("bench sim", unit: "cycles")
        progress.step = backend
        defer { progress.finish() }
        let start = Date()
        var done = 0
        while done < cycles {
            let chunk = Int(min(UInt64(cycles - done), progress.countBeforeNextCheck(from: UInt64(done))))
            sim.step(chunk)
            done += chunk
            progress.update(UInt64(done))
        }
        return Double(cycles) / Date().timeIntervalSince(start)
    }
}
