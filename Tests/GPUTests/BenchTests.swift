// BenchTests: the bench's fixed one-line format, its CPU baseline on the ISA model, and the
// documented MinPC limitation (a spin-wait between threads of one warp never ends).
import Foundation
import Spec
import ISA
import Bench
import GPU
import Cores
import Testing

@Suite struct BenchTests {
    @Test func benchLinesAndCPUBaseline() throws {
        guard let image = try kernelImage() else { return }
        let config = GPUConfig()
        let rows = try GEMMBenchmark.run(config: config, image: image, m: 16, n: 24, k: 20, traceKernel: .dp4a, traceCycles: 50)
        #expect(rows.map(\.kernel) == GEMMKernel.allCases)
        for r in rows {
            #expect(r.correct)
            let pattern = #"^kernel: [a-z0-9]+ m: 16 n: 24 k: 20 cycles: \d+ macs_per_cycle: \d+\.\d{3} pct_peak: \d+\.\d ipc: \d+\.\d{3} transactions: \d+ backend: model seconds: \d+\.\d{4} cycles_per_s: \d+ lockstep_seconds: \d+\.\d{4}$"#
            #expect(r.line.range(of: pattern, options: .regularExpression) != nil, "\(r.line)")
        }
        #expect(!(rows.last?.result.timeline.isEmpty ?? true))
        let svg = GEMMBenchSVG.render(rows: rows, config: config, timeline: rows.last!.result.timeline, timelineKernel: "dp4a", cycles: 50)
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
        let cpuElf = try ELFFile(path: packageRoot.appendingPathComponent("Software/gpu/build/rv32/cpu_gemm.elf").path)
        let cpu = try #require(try GEMMBenchmark.cpuBaseline(elf: cpuElf, m: 8, n: 8, k: 8))
        #expect(cpu.int32Instructions > 512 && cpu.int32Instructions < 20_000)
        #expect(cpu.int8Instructions > 512 && cpu.int8Instructions < 20_000)
    }

    /// Thread 0 spins on a shared-memory flag that the block's last thread sets.
    static let spinWait = Program(xlen: 32, origin: UInt64(codeAddress)) {
        csrr(.t0, .gpuTidX); lui(.t1, 0x70000); csrr(.t3, .gpuBdimX); addi(.t3, .t3, -1)
        beq(.t0, .t3, "setter")
        bne(.t0, .zero, "done")
        Label("spin"); lw(.t2, 0, .t1); beq(.t2, .zero, "spin")
        Label("done"); gpu_exit()
        Label("setter"); li(.t2, 1); sw(.t2, 0, .t1); gpu_exit()
    }

    /// On the model and on the RTL: the Swift simulator at a 5,000-cycle limit; Verilator depth-first
    /// only, on its prebuilt `gpu_harness_depth` (100,000 cycles: the default harness's limit would take minutes).
    @Test(arguments: [(DivergencePolicy.minPC, GPUBackend.model), (.minPC, .swift), (.depthThenMinPC, .model), (.depthThenMinPC, .swift),
                      (.depthThenMinPC, .verilator)])
    func spinWaitWithinAWarpNeverEnds(policy: DivergencePolicy, backend: GPUBackend) throws {
        var config = GPUConfig(policy: policy)
        config.maxCycles = 5_000
        if backend == .verilator { config = GPUHarness.depthFirst }
        guard let gpu = try makeGPU(backend, config) else { return }
        try load(Self.spinWait, into: gpu.model)
        // Setter in the same warp (thread 1 of 2): the warp always picks the spinning thread's lower PC.
        #expect(gpu.run(GPULaunch(entry: codeAddress, block: (2, 1))).error?.cause == GPUCause.cycleLimit)
        // Setter in another warp (thread 8 of 9): round-robin lets it run, the spin ends.
        #expect(gpu.run(GPULaunch(entry: codeAddress, block: (9, 1))).error == nil)
    }
}
