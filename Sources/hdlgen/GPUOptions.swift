// GPUOptions: the `hdlgen iss` options for the GPU at 0x1003_0000 (--gpu-units/--gpu-warps/
// --gpu-lanes/--gpu-policy/--gpu-stats). The integrator adds `@OptionGroup var gpu: GPUOptions` to
// ISSCommand and calls `gpu.attach(to: machine)` after building the bare-metal machine.
import ArgumentParser
import ISA
import GPU

extension DivergencePolicy: ExpressibleByArgument {}

struct GPUOptions: ParsableArguments {
    @Option(help: "GPU compute units C (1-255).")
    var gpuUnits: Int = 2
    @Option(help: "GPU warps per unit W (1-255).")
    var gpuWarps: Int = 4
    @Option(help: "GPU lanes (threads) per warp T (1-255).")
    var gpuLanes: Int = 8
    @Option(help: "GPU divergence rule: minpc (the ABI's) or depth (Simty: deepest call first, then lowest PC).")
    var gpuPolicy: DivergencePolicy = .minPC
    @Option(help: "GPU shared memory per unit, in KiB.")
    var gpuSharedKib: Int = 16

    func validate() throws {
        for (name, v) in [("--gpu-units", gpuUnits), ("--gpu-warps", gpuWarps), ("--gpu-lanes", gpuLanes)] where !(1...255).contains(v) {
            throw ValidationError("\(name) must be 1...255")
        }
        guard (0...(1 << 18)).contains(gpuSharedKib) else { throw ValidationError("--gpu-shared-kib must be 0...262144") }
    }

    var config: GPUConfig {
        GPUConfig(units: gpuUnits, warps: gpuWarps, lanes: gpuLanes, sharedMemorySize: gpuSharedKib << 10, policy: gpuPolicy)
    }

    /// Maps the GPU into `machine` at 0x1003_0000.
    @discardableResult
    func attach(to machine: Machine) -> GPUDevice { machine.attachGPU(config) }
}
