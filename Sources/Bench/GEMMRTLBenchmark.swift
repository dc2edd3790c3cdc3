// GEMMRTLBenchmark: the GEMM kernels on the GPU RTL (the `gpu_harness` design: GPU + 16 MiB RAM) in
// lock-step with the GPU model through GPULockstep, on Verilator or the Swift simulator, for
// `hdlgen bench gemm --backends`; before it, the same launch on the RTL alone, timed: the simulator's speed.
import Cores
import GPU
import HDL
import ISA
import RTLSim
import SoCSim
import Spec

public final class GEMMRTLBenchmark {
    public let backend: GEMMBackend
    public let config: GPUConfig
    let lockstep: GPULockstep
    let image: ELFFile

    /// Elaborates the harness of `config` and loads `image` into its RAM. Verilator uses the library
    /// `make verilate` built for `gpu_harness` when it matches, or builds one (cached by content).
    public init(backend: GEMMBackend, config: GPUConfig, image: ELFFile) throws {
        precondition(backend != .model, "the model has no RTL")
        self.backend = backend
        self.config = config
        self.image = image
        let harness = GPUHarness(config: config)
        let isDefault = config == GPUConfig()
        lockstep = try GPULockstep(harness) { design in
            if backend == .swift { return try SwiftSimulator(design: design) }
            if isDefault, let prebuilt = try? VerilatorSimulator.prebuilt(design.renamingTop(to: "gpu_harness"), name: "gpu_harness") {
                return prebuilt
            }
            return try VerilatorSimulator(design: design)
        }
        for seg in image.segments { try lockstep.load(seg.data, at: seg.physicalAddress) }
    }

    /// Runs `kernel` on a random m x n x k problem; the row is correct when the RTL agrees with the
    /// model issue by issue and in CYCLES, C equals the reference, and the free run took the same CYCLES.
    public func run(_ kernel: GEMMKernel, m: Int, n: Int, k: Int) throws -> GEMMBenchRow {
        let p = GEMMProblem.random(m: m, n: n, k: k, int8: kernel.isInt8)
        let memory = lockstep.model.memory
        let layout = try GEMMRunner.layout(kernel, p, image: image, ramBase: memory.base, ramSize: memory.size)
        // First the free run: the launch on the RTL alone, stepping until done without reading the trace.
        // Then the lock-step run from the same RAM contents (both sides get the problem again; the
        // free run wrote only where the lock-step run writes too).
        func place() throws {           // into the model's RAM, then one upload of the pages that changed
            for w in layout.writes { memory.write(w.bytes, at: w.address) }
            try lockstep.sync()
        }
        try place()
        let sim = lockstep.sim, done = lockstep.ports.done, budget = Int(config.maxCycles) + 1000
        let free = ContinuousClock().measure {
            lockstep.start(layout.launch)
            var stepped = 0
            while sim.peek(done) == 0 && stepped < budget { stepped += sim.step(budget - stepped, untilAnyOf: [done]) }
        }
        let freeCycles = UInt64(lockstep.read(GPULaunchRegisters.cycles))
        try place()
        var run: GPULockstep.Run?
        let total = ContinuousClock().measure { run = lockstep.run(layout.launch) }
        guard let run else { throw SimulationError("the lock-step run did not return") }
        let c = layout.c(from: memory.read(layout.cAddress, count: layout.cCount * 4) ?? [])
        let cycles = UInt64(run.cycles)
        var mismatch = run.mismatch
        if mismatch == nil && freeCycles != cycles { mismatch = "the free run took \(freeCycles) cycles, the lock-step run \(cycles)" }
        let correct = mismatch == nil && run.model.error == nil && cycles == run.model.cycles && c == p.reference(int8: kernel.isInt8)
        return GEMMBenchRow(kernel: kernel, m: m, n: n, k: k, result: run.model, correct: correct, peak: config.peakMACsPerCycle,
                            backend: backend, cycles: cycles, seconds: free.seconds, lockstepSeconds: (total - run.modelTime).seconds,
                            mismatch: mismatch)
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
