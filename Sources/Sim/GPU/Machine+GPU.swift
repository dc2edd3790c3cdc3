// Machine+GPU: the one call that plugs the GPU into the ISA model's bare-metal machine (at
// MemoryMap.gpu = 0x1003_0000, sharing the machine's RAM). `hdlgen iss` calls it (GPUOptions).
import ISA
import Spec

extension Machine {
    /// Maps a GPU with `config` at `MemoryMap.gpu`; it reads and writes this machine's RAM.
    @discardableResult
    public func attachGPU(_ config: GPUConfig = GPUConfig()) -> GPUDevice {
        let device = GPUDevice(model: GPUModel(config: config, memory: memory))
        map(device, at: MemoryMap.gpu.base)
        return device
    }
}
