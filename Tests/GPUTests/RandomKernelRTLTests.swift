// RandomKernelRTLTests: random kernels (RandomKernel.swift, with racing loads and stores and some
// faults) on the GPU RTL in lock-step with the model (GPULockstep: issue trace, STATUS, ERROR_*,
// CYCLES, written RAM): 30 on Verilator's default harness, and a few on the Swift simulator in other
// shapes and the depth-first policy. GPU_RANDOM_KERNELS=<n> / GPU_RANDOM_SEED=<s> run a longer campaign; a failing
// kernel's assembly is saved to a file named in the failure, with its seed.
import Foundation
import ISA
import GPU
import Testing
import TestSupport

@Suite struct RandomKernelRTLTests {
    static let environment = ProcessInfo.processInfo.environment
    static let verilatorCount = Int(environment["GPU_RANDOM_KERNELS"] ?? "") ?? 30
    static let swiftCount = max(3, verilatorCount / 10)
    /// Shapes and policies the Swift simulator runs.
    static let swiftConfigs = [GPUConfig(units: 1, warps: 4, lanes: 4), GPUConfig(policy: .depthThenMinPC),
                               GPUConfig(units: 3, warps: 2, lanes: 8, policy: .depthThenMinPC)]

    /// Runs `count` kernels of the sequence on `backend` with `configs` in turn; a mismatch saves the
    /// kernel's assembly and starts a fresh GPU for the next kernel.
    func campaign(_ backend: GPUBackend, configs: [GPUConfig], count: Int) throws {
        guard requireTools("riscv64-unknown-elf-gcc") else { return }
        var rng = SeededRNG(seed: RandomKernelTests.seed)
        var gpus: [Int: TestGPU] = [:]
        var cycles: UInt64 = 0, issues = 0, failures = 0, faults = 0
        var totals: [String: Int] = [:]
        for n in 0..<count {
            let k = n % configs.count
            let c = try RandomKernelTests.nextCase(&rng, index: n, racing: true, maxThreads: configs[k].warps * configs[k].lanes)
            for (what, k) in c.counts { totals[what, default: 0] += k }
            if gpus[k] == nil { gpus[k] = try makeGPU(backend, configs[k]) }
            guard let gpu = gpus[k] else { return }
            let r = try RandomKernelTests.run(c.elf, on: gpu, grid: c.grid, block: c.block, inputWords: c.inputWords, threads: c.threads)
            guard let run = gpu.last else { return }
            cycles += r.result.cycles
            issues += run.trace.count
            #expect(r.result.error == nil || c.counts["fault"] != nil, "\(c.name): \(String(describing: r.result.error))")
            if r.result.error != nil { faults += 1 }
            if run.mismatch != nil {
                failures += 1
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("gpu-random-\(String(c.seed, radix: 16)).S")
                try? c.source.write(to: file, atomically: true, encoding: .utf8)
                Issue.record("""
                    \(backend.rawValue) \(configs[k].units)x\(configs[k].warps)x\(configs[k].lanes) \(configs[k].policy.rawValue): \(c.name) \
                    (GPU_RANDOM_SEED=\(RandomKernelTests.seed), kernel \(n)) differs from the model; assembly in \(file.path)
                    """)
                gpus[k] = nil
            }
        }
        print("random GPU kernels on \(backend): \(count) in lock-step, \(failures) failed, \(faults) faulted, \(cycles) cycles, \(issues) issues")
        if count >= 30 {
            for what in ["racing store", "racing load", "mixed access", "early exit", "fault"] {
                #expect(totals[what, default: 0] > 0, "no \(what) in \(count) random kernels")
            }
            #expect(faults > 0)
        }
    }

    @Test(.enabled(if: findTool("riscv64-unknown-elf-gcc") != nil || runningInCI, "riscv64-unknown-elf-gcc not installed"))
    func verilatorAgreesWithTheModel() throws {
        try campaign(.verilator, configs: [GPUConfig()], count: Self.verilatorCount)
    }

    @Test(.enabled(if: findTool("riscv64-unknown-elf-gcc") != nil || runningInCI, "riscv64-unknown-elf-gcc not installed"))
    func swiftSimulatorAgreesWithTheModelInOtherShapes() throws {
        try campaign(.swift, configs: Self.swiftConfigs, count: Self.swiftCount)
    }
}
