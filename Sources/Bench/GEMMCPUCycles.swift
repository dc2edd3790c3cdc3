// GEMMCPUCycles: the CPU baseline in cycles: cpu_gemm.elf (Software/gpu) on the soc32 RTL, its size
// patched into RAM, mcycle and minstret read back from cpu_gemm_result after the program exits.
// `hdlgen bench gemm` compares them with the GPU's cycles for the same GEMM.
import Cores
import ISA
import RTLSim
import SoCSim
import Spec

extension GEMMBenchmark {
    /// Runs cpu_gemm.elf on soc32 under `backend` (Verilator: `make verilate`'s soc32 library when it
    /// matches, else built and cached); nil if the ELF lacks the symbols.
    public static func cpuCycles(elf: ELFFile, m: Int, n: Int, k: Int, backend: GEMMBackend) throws -> CPUBaseline? {
        guard backend != .model, let size = elf.symbol("cpu_gemm_size"), let result = elf.symbol("cpu_gemm_result") else { return nil }
        let name = Designs.socName(xlen: 32)
        let soc = try SoCDesign(SoC(xlen: 32), name: name)
        let sim: Simulator
        if backend == .swift {
            sim = try SwiftSimulator(design: soc.design)
        } else if let prebuilt = try? VerilatorSimulator.prebuilt(soc.design, name: name) {
            sim = prebuilt
        } else {
            sim = try VerilatorSimulator(design: soc.design)
        }
        let runner = SoCRunner(simulator: sim, soc: soc)
        runner.output = { _ in }
        try runner.load(elf)
        try runner.writeRAM([m, n, k].flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }, at: size)
        let outcome = runner.run(maxCycles: 2_000_000_000)
        guard outcome == .exited(0) else { throw SimulationError("cpu_gemm.elf on \(name): \(outcome)") }
        let bytes = try runner.readRAM(result, count: 5 * 4)
        let w = (0..<5).map { i in (0..<4).reduce(UInt64(0)) { $0 | UInt64(bytes[4 * i + $1]) << (8 * UInt64($1)) } }
        return CPUBaseline(int32Instructions: w[0], int8Instructions: w[1], int32Cycles: w[3], int8Cycles: w[4],
                           cyclesOn: "\(name) on \(backend.rawValue)")
    }
}
