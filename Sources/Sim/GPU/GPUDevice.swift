// GPUDevice: the GPU's launch registers at 0x1003_0000 (SYSTEM.md section 4) as a device on the
// ISA model's bus. Writing 1 to CONTROL runs the whole launch on the GPUModel at once, so the CPU's
// first STATUS read already sees done (or error); CYCLES holds the launch's timed cycle count.
import ISA

public final class GPUDevice: Device {
    public let name = "gpu"
    public let size: UInt64 = 0x1000
    public let model: GPUModel
    /// The launch registers ENTRY ... STACK_SIZE (+0x00 ... +0x1C).
    public private(set) var launchRegisters = [UInt32](repeating: 0, count: 8)
    public private(set) var status: UInt32 = 0
    public private(set) var error = GPUError(cause: 0, pc: 0, address: 0)
    public private(set) var cycles: UInt32 = 0
    /// Every launch's result, oldest first (for benchmarks and tests).
    public private(set) var results: [GPUResult] = []

    public enum Register {
        public static let entry: UInt64 = 0x00, arg: UInt64 = 0x04, gridX: UInt64 = 0x08, gridY: UInt64 = 0x0C
        public static let blockX: UInt64 = 0x10, blockY: UInt64 = 0x14, stackBase: UInt64 = 0x18, stackSize: UInt64 = 0x1C
        public static let control: UInt64 = 0x20, status: UInt64 = 0x24, errorCause: UInt64 = 0x28
        public static let errorPC: UInt64 = 0x2C, errorAddress: UInt64 = 0x30, cycles: UInt64 = 0x34, config: UInt64 = 0x38
    }
    public enum Status {
        public static let busy: UInt32 = 1, done: UInt32 = 2, error: UInt32 = 4
    }

    public init(model: GPUModel) { self.model = model }

    public func read(offset: UInt64, size: Int) -> UInt64? {
        guard size == 4, offset & 3 == 0 else { return nil }
        switch offset {
        case 0..<0x20: return UInt64(launchRegisters[Int(offset / 4)])
        case Register.control: return 0
        case Register.status: return UInt64(status)
        case Register.errorCause: return UInt64(error.cause)
        case Register.errorPC: return UInt64(error.pc)
        case Register.errorAddress: return UInt64(error.address)
        case Register.cycles: return UInt64(cycles)
        case Register.config: return UInt64(model.config.configRegister)
        default: return 0
        }
    }

    public func write(offset: UInt64, size: Int, value: UInt64) -> Bool {
        guard size == 4, offset & 3 == 0 else { return false }
        guard status & Status.busy == 0 else { return true }   // ignored while busy
        let v = UInt32(truncatingIfNeeded: value)
        switch offset {
        case 0..<0x20: launchRegisters[Int(offset / 4)] = v
        case Register.control where v & 1 != 0: start()
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
        status = Status.busy
        let result = model.run(launch)
        results.append(result)
        cycles = UInt32(truncatingIfNeeded: result.cycles)
        if let e = result.error {
            error = e
            status = Status.done | Status.error
        } else {
            error = GPUError(cause: 0, pc: 0, address: 0)
            status = Status.done
        }
    }
}
