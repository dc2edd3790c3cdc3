import HDL
import Spec

// The SoC's small devices, each on the same simple bus: a request (`select` is 1 in the cycle the
// core's access to the device is accepted) and combinational read data. Addresses are offsets in
// the device's window; data is one XLEN-bit bus word with byte lanes, as the core sends it.

/// The device side of an access.
public struct DeviceBus: Bundle {
    public var select = Input(.bit)
    public var write = Input(.bit)
    public var offset = Input(.uint(16))
    public var writeData: Signal
    public var mask: Signal
    public var readData: Signal
    public init(xlen: Int) { writeData = Input(.uint(xlen)); mask = Input(.uint(xlen / 8)); readData = Output(.uint(xlen)) }
}

extension DeviceBus {
    /// Connects this bus, an instance's, to `pins`, the same bus one level up: the request down, the read data up.
    public func connect(to pins: DeviceBus) -> [Statement] {
        [select <== pins.select, write <== pins.write, offset <== pins.offset, writeData <== pins.writeData, mask <== pins.mask,
         pins.readData <== readData]
    }
}

/// `old` with the bytes that `mask` selects replaced by those of `data` (same width).
func merged(_ old: Signal, _ data: Signal, _ mask: Signal) -> Signal {
    Cat((0..<mask.width).reversed().map { Mux(mask[$0], data[8 * $0 + 7, 8 * $0], old[8 * $0 + 7, 8 * $0]) })
}

/// The SiFive CLINT of qemu virt: msip at +0x0, mtimecmp at +0x4000, mtime at +0xBFF8 (64-bit,
/// as two words on RV32). mtime counts clock cycles.
public struct CLINT: Module {
    public var xlen: Int
    public init(xlen: Int) { self.xlen = xlen }
    public struct IO: Bundle {
        public var bus: DeviceBus
        init(xlen: Int) { bus = DeviceBus(xlen: xlen) }
        public var mtip = Output(.bit)
        public var msip = Output(.bit)
        public var time = Output(.uint(64))
    }
    public var io: IO { IO(xlen: xlen) }

    public func body(_ io: IO) -> [Statement] {
        let softwareInterrupt = Reg(.bit, reset: 0)
        let mtimecmp = Reg(.uint(64), reset: 0)
        let mtime = Reg(.uint(64), reset: 0)
        let bus = io.bus
        let register = Wire(Cat(bus.offset[15, 3], Const(0, .uint(3))))
        let value = Wire(.uint(64))
        value <== 0
        When(bus.select) {       // read data matters only in the cycle of an access
            Switch(register) {
                Is(Const(CLINTRegisters.msip, .uint(16))) { value <== softwareInterrupt.zeroExtended(to: 64) }
                Is(Const(CLINTRegisters.mtimecmp, .uint(16))) { value <== mtimecmp }
                Is(Const(CLINTRegisters.mtime, .uint(16))) { value <== mtime }
            }
        }
        // On RV32 a bus word is half a register: offset bit 2 says which half.
        bus.readData <== (xlen == 64 ? value : Mux(bus.offset[2], value[63, 32], value[31, 0]))
        mtime.next <== mtime + 1
        When(bus.select && bus.write) {
            Switch(register) {
                Is(Const(CLINTRegisters.msip, .uint(16))) { When(bus.mask[0]) { softwareInterrupt.next <== bus.writeData[0] } }
                Is(Const(CLINTRegisters.mtimecmp, .uint(16))) { store(into: mtimecmp, bus) }
                Is(Const(CLINTRegisters.mtime, .uint(16))) { store(into: mtime, bus) }
            }
        }
        io.mtip <== mtime >= mtimecmp
        io.msip <== softwareInterrupt
        io.time <== mtime
    }

    /// A bus write into a 64-bit register, byte lanes by the mask (on RV32, into the half that
    /// offset bit 2 selects). Only computed in the cycle of the write.
    @LogicBuilder func store(into register: Signal, _ bus: DeviceBus) -> [Statement] {
        if xlen == 64 {
            register.next <== merged(register, bus.writeData, bus.mask)
        } else {
            When(bus.offset[2]) {
                register.next <== Cat(merged(register[63, 32], bus.writeData, bus.mask), register[31, 0])
            }.otherwise {
                register.next <== Cat(register[63, 32], merged(register[31, 0], bus.writeData, bus.mask))
            }
        }
    }
}

/// The NS16550A subset: a write to THR (offset 0, unless LCR.DLAB selects the divisor latch) is
/// a byte on `tx`; LSR (offset 5) always says the transmitter is empty; other writes are ignored.
public struct UART16550: Module {
    public var xlen: Int
    public init(xlen: Int) { self.xlen = xlen }
    public struct IO: Bundle {
        public var bus: DeviceBus
        init(xlen: Int) { bus = DeviceBus(xlen: xlen) }
        public var tx = Output(Valid(Signal(.uint(8))))
    }
    public var io: IO { IO(xlen: xlen) }

    public func body(_ io: IO) -> [Statement] {
        let bus = io.bus
        let lanes = xlen / 8
        let divisorLatch = Reg(.bit, reset: 0)       // LCR bit 7
        let transmitValid = Reg(.bit, reset: 0)
        let transmitData = Reg(.uint(8), reset: 0)
        let word = Wire(bus.offset[15, lanes == 8 ? 3 : 2])
        // LSR = 0x60 (THR empty, transmitter empty) in the byte lane of offset 5.
        let lsrWord = Wire(word == Const(5 / lanes, word.type))
        bus.readData <== Mux(lsrWord, Const(0x60 << (8 * (5 % lanes)), .uint(xlen)), Const(0, .uint(xlen)))
        transmitValid.next <== bus.select && bus.write && word == 0 && bus.mask[0] && !divisorLatch
        transmitData.next <== bus.writeData[7, 0]
        let lcrLane = 3 % lanes
        When(bus.select && bus.write && word == Const(3 / lanes, word.type) && bus.mask[lcrLane]) {
            divisorLatch.next <== bus.writeData[8 * lcrLane + 7]
        }
        io.tx.valid <== transmitValid
        io.tx.bits <== transmitData
    }
}

/// The SiFive test finisher: a 32-bit store of 0x5555 ends the run with exit code 0, and
/// 0x3333 | code << 16 ends it with `code`.
public struct Finisher: Module {
    public var xlen: Int
    public init(xlen: Int) { self.xlen = xlen }
    public struct IO: Bundle {
        public var bus: DeviceBus
        init(xlen: Int) { bus = DeviceBus(xlen: xlen) }
        public var finished = Output(.bit)
        public var exitCode = Output(.uint(16))
    }
    public var io: IO { IO(xlen: xlen) }

    public func body(_ io: IO) -> [Statement] {
        let bus = io.bus
        let done = Reg(.bit, reset: 0)
        let code = Reg(.uint(16), reset: 0)
        let value = Wire(bus.writeData[31, 0])
        When(bus.select && bus.write && bus.offset == 0 && bus.mask[0] && !done) {
            When(value[15, 0] == Const(TestFinisherCodes.pass, .uint(16))) { done.next <== 1; code.next <== 0 }
            When(value[15, 0] == Const(TestFinisherCodes.fail, .uint(16))) { done.next <== 1; code.next <== value[31, 16] }
        }
        bus.readData <== 0
        io.finished <== done
        io.exitCode <== code
    }
}
