// GPUDevice: the GPU's launch registers at 0x1003_0000 (docs/MACHINE.md) as a device on the
// ISA model's bus. Writing 1 to CONTROL runs the whole launch on the GPUModel at once, so the CPU's
// first STATUS read already sees done (or error); CYCLES holds the launch's timed cycle count.
import ISA
import Spec

public final class GPUDevice: Device {
    public let name = "gpu"
    public let size = MemoryMap.gpu.size
    public let model: GPUModel
    /// The launch registers ENTRY ... STACK_SIZE (+0x00 ... +0x1C).
    public private(set) var launchRegisters = [UInt32](repeating: 0, count: 8)
    public private(set) var status: UInt32 = 0
    public private(set) var error = GPUError(cause: 0, pc: 0, address: 0)
    public private(set) var cycles: UInt32 = 0
    /// Every launch's result, oldest first (for benchmarks and tests).
    public private(set) var results: [GPUResult] = []

    public init(model: GPUModel) { self.model = model }

    public func read(offset: UInt64, size: Int) -> UInt64? {
        guard size == 4, offset & 3 == 0 else { return nil }
        switch offset {
        case GPULaunchRegisters.entry..<GPULaunchRegisters.control: return UInt64(launchRegisters[Int(offset / 4)])
        case GPULaunchRegisters.control: return 0
        case GPULaunchRegisters.status: return UInt64(status)
        case GPULaunchRegisters.errorCause: return UInt64(error.cause)
        case GPULaunchRegisters.errorPC: return UInt64(error.pc)
        case GPULaunchRegisters.errorAddress: return UInt64(error.address)
        case GPULaunchRegisters.cycles: return UInt64(cycles)
        case GPULaunchRegisters.config: return UInt64(model.config.configRegister)
        default: return 0
        }
    }

    public func write(offset: UInt64, size: Int, value: UInt64) -> Bool {
        guard size == 4, offset & 3 == 0 else { return false }
        guard status & GPUStatus.busy == 0 else { return true }   // ignored while busy
        let v = UInt32(truncatingIfNeeded: value)
        switch offset {
        case GPULaunchRegisters.entry..<GPULaunchRegisters.control: launchRegisters[Int(offset / 4)] = v
        case GPULaunchRegisters.control where v & 1 != 0: start()
        default: break
        }
        return true
    }

    /// The launch described by the current register values.
    public var launch: GPULaunch {
        let r = launchRegisters
        return GPULaunch(entry: r[0], arg: r[1], grid: (r[2], r[3]), block: (r[4], r[5]), stackBase: r[6], stackSize: r[7])
    }

    func start() {
        status = GPUStatus.busy
        let result = model.run(launch)
        results.append(result)
        cycles = UInt32(truncatingIfNeeded: result.cycles)
        if let e = result.error {
            error = e
            status = GPUStatus.done | GPUStatus.error
        } else {
            error = GPUError(cause: 0, pc: 0, address: 0)
            status = GPUStatus.done
        }
    }
}
