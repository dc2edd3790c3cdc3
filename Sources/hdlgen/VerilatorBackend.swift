import Foundation
import HDL
import RTLSim

/// The Verilator backend for benchmarks: built with the C++ optimisation Verilator users ship
/// with (-O2), not the quicker-to-compile default the tests use, so the comparison is fair.
func makeVerilatorSimulator(_ design: Design) throws -> Simulator {
    var environment = ProcessInfo.processInfo.environment
    environment["VERILATE_CXXOPT"] = environment["VERILATE_CXXOPT"] ?? "-O2"
    let verilog = VerilogEmitter().emit(design)
    let build = try VerilatorBuild.library(for: design, verilog: verilog, environment: environment)
    return try VerilatorSimulator(design: design, library: build.library)
}
