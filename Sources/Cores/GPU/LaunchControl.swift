import HDL
import Spec

// LaunchControl: the launch registers (docs/MACHINE.md, Spec's GPULaunchRegisters) and a launch's
// life: CONTROL starts it (a bad launch ends at once, cause 24); it runs until no unit has a block
// and none is left, an error, or the cycle limit (cause 25), then drains the memory port (stores
// land before STATUS says done); STATUS, ERROR_* and CYCLES then hold.

public struct LaunchControl: Module {
    public enum State: Int, HardwareEnum { case idle, running, draining }
    public var config: GPUConfig
    public var xlen: Int
    public init(config: GPUConfig, xlen: Int) { self.config = config; self.xlen = xlen }
    public var name: String { "LaunchControl_\(config.moduleTag)_xlen\(xlen)" }

    public struct IO: Bundle {
        public var bus: DeviceBus, params = Output(LaunchParameters())
        public var start = Output(.bit), running = Output(.bit)        // a good launch starts; it runs, below its cycle limit
        public var now = Output(.uint(32)), busy = Output(.bit)        // the launch cycle
        public var done = Output(.bit)                                 // for one cycle after a launch (a bad one too) ended
        public var allFree = Input(.bit), blocksLeft = Input(.bit)     // no unit has a block; BlockDispatch has more
        public var fault = Input(GPUFault())                           // the first of this cycle (ErrorCapture)
        public var portIdle = Input(.bit), memFree = Input(.uint(32))  // the memory port: nothing pending; its first free slot
        init(xlen: Int) { bus = DeviceBus(xlen: xlen) }
    }
    public var io: IO { IO(xlen: xlen) }

    public func body(_ io: IO) -> [Statement] {
        let params = Reg(LaunchParameters())
        let state = Reg(State.self, reset: .idle)
        let now = Reg(.uint(32)), ended = Reg(.bit), failed = Reg(.bit)   // ended: at the last edge (`done`); failed: with an error
        let status = Reg(.uint(3)), errorCause = Reg(.uint(5)), errorPC = Reg(.uint(32)), errorAddress = Reg(.uint(32)), cycles = Reg(.uint(32))

        // The bus: 32-bit registers; on RV64 each shows in both halves of the bus word and is written
        // by a store whose byte mask covers bit 0 of its half. Writes are ignored while busy.
        let bus = io.bus, r = GPULaunchRegisters.self
        let offset = Wire(Cat(bus.offset[15, 2], Const(0, .uint(2))))
        let upper = xlen == 64 ? bus.offset[2] : Const(0, .bit)
        let data = Wire(xlen == 64 ? Mux(upper, bus.writeData[63, 32], bus.writeData[31, 0]) : bus.writeData)
        let writing = Wire(bus.select && bus.write && (xlen == 64 ? Mux(upper, bus.mask[4], bus.mask[0]) : bus.mask[0]) && state == .idle)
        let readable = params.byOffset + [(r.status, status.zeroExtended(to: 32)), (r.errorCause, errorCause.zeroExtended(to: 32)), (r.errorPC, errorPC),
                                          (r.errorAddress, errorAddress), (r.cycles, cycles), (r.config, Const(Int(config.configRegister), .uint(32)))]
        let value = Wire(.uint(32))
        value <== 0
        When(bus.select) { Switch(offset) { for (o, v) in readable { Is(Const(o, .uint(16))) { value <== v } } } }
        bus.readData <== (xlen == 64 ? Cat(value, value) : value)
        When(writing) { Switch(offset) { for (o, v) in params.byOffset { Is(Const(o, .uint(16))) { v.next <== data } } } }

        // CONTROL bit 0 starts a launch, unless it is bad: an empty grid or block, or more than W x T threads.
        let threads = Wire(params.shape.blockX * params.shape.blockY)   // 64 bits: no wrap-around
        let bad = Wire(params.shape.gridX == 0 || params.shape.gridY == 0 || threads == 0 || threads > Const(config.maxBlockThreads, .uint(64)))
        let control = Wire(writing && offset == Const(r.control, .uint(16)) && data[0])
        let limit = Wire(now >= Const(Int(config.maxCycles), .uint(32)))
        let zero = Const(0, .uint(32)), code = { (cause: UInt32) in Const(Int(cause), .uint(5)) }
        // Done, and an error if there is a cause.
        let finish = { (error: Signal) -> [Statement] in
            [state.next <== .idle, ended.next <== 1, status.next <== Mux(error, Const(Int(GPUStatus.done | GPUStatus.error), .uint(3)),
                                                                         Const(Int(GPUStatus.done), .uint(3)))]
        }
        // Ends the launch with CYCLES = `count`; a running one drains the port first.
        let record = { (count: Signal, cause: Signal?, pc: Signal, address: Signal) -> [Statement] in
            [cycles.next <== count, errorCause.next <== cause ?? code(0), errorPC.next <== pc, errorAddress.next <== address,
             failed.next <== Const(cause == nil ? 0 : 1, .bit)]
        }
        let end = { (count: Signal, cause: Signal?, pc: Signal, address: Signal) -> [Statement] in
            record(count, cause, pc, address) + [state.next <== .draining]
        }
        ended.next <== 0
        When(state != .idle) { now.next <== now + 1 }
        When(state == .running) {
            When(limit) { end(now, code(GPUCause.cycleLimit), zero, zero) }
            .elseWhen(io.fault.valid) { end(now + 1, io.fault.cause, io.fault.pc, io.fault.address) }
            .elseWhen(io.allFree && !io.blocksLeft) { end(Mux(io.memFree > now, io.memFree, now), nil, zero, zero) }
        }
        When(state == .draining && io.portIdle) { finish(failed) }
        When(control && bad) { record(zero, code(GPUCause.badLaunch), zero, zero) + finish(Const(1, .bit)) }
        .elseWhen(control) {
            state.next <== .running
            now.next <== 0
            status.next <== Const(Int(GPUStatus.busy), .uint(3))
        }
        io.params <== params
        io.start <== control && !bad
        io.running <== state == .running && !limit
        io.now <== now
        io.busy <== state != .idle
        io.done <== ended
    }
}
