// GPUSimulatorAgreementTests: the Swift simulator against Verilator, cycle by cycle, on the default
// GPU harness (gpu_harness) over a real launch of a C GEMM kernel (Software/gpu/build/kernels.elf; the
// tiled kernel at 8 x 8 x 8, about 1300 cycles: the Swift simulator sets the pace):
// LockstepSimulator compares every port and every register after each cycle, and GPULockstep compares
// both with the model (issue trace, STATUS, ERROR_*, CYCLES, written RAM).
import Cores
import Foundation
import GPU
import HDL
import ISA
import RTLSim
import SoCSim
import Testing
import TestSupport

@Suite struct GPUSimulatorAgreementTests {
    @Test(arguments: [(GEMMKernel.tiled, 8, 8, 8)])
    func swiftSimulatorAndVerilatorAgreeOnALaunch(_ problem: (kernel: GEMMKernel, m: Int, n: Int, k: Int)) throws {
        guard requireTools("verilator"), let elf = try kernelImage() else { return }
        let lockstep = try GPULockstep(GPUHarness(config: GPUConfig(), ramBytes: gpuRAMBytes)) { design in
            let named = design.renamingTop(to: "gpu_harness")      // Verilator's prebuilt library
            return LockstepSimulator(try SwiftSimulator(design: named), try VerilatorSimulator(design: named))
        }
        let simulators = try #require(lockstep.sim as? LockstepSimulator)
        let gpu = TestGPU(.swift, model: lockstep.model, lockstep: lockstep)
        var runner = GEMMRunner(model: gpu.model, image: elf)
        runner.launcher = { gpu.run($0) }
        let p = GEMMProblem.random(m: problem.m, n: problem.n, k: problem.k, int8: problem.kernel.isInt8)
        let (c, r) = try runner.run(problem.kernel, p)
        #expect(r.error == nil && c == p.reference(int8: problem.kernel.isInt8))
        #expect(gpu.last?.status == GPUStatus.done && r.cycles > 100)
        #expect(simulators.firstError == nil, "\(simulators.firstError?.description ?? "")")
        #expect(simulators.comparedSignals.count > 100)
        print("\(problem.kernel) \(problem.m)x\(problem.n)x\(problem.k): \(r.cycles) cycles, Swift simulator and Verilator compared on \(simulators.comparedSignals.count) signals per cycle")
    }
}
