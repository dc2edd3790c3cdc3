import HDL
import Spec

// The SD card controller: an SPI master on the SoC bus (Spec's SDRegisters: DATA, CONTROL,
// DIVIDER, STATUS). It exchanges one byte at a time in SPI mode 0; the SD protocol (commands,
// CRCs, tokens, time-outs) is the driver's, in C, as in ZipCPU's sdspi and ChaN's FatFs drivers.

/// The SPI lines to the card. MISO is sampled at the end of SCLK's high half (as SCLK falls), which
/// gives the card the whole high half to drive the bit it shifted out after the last falling edge.
public struct SPIPins: Bundle {
    public var sclk = Output(.bit)          // SPI clock, idle low (mode 0)
    public var mosi = Output(.bit)          // to the card, changed as SCLK falls, read by it as SCLK rises
    public var miso = Input(.bit)           // from the card
    public var csN = Output(.bit)           // chip select, active low
    public init() {}
}

public struct SDController: Module {
    public var xlen: Int
    public init(xlen: Int) { self.xlen = xlen }

    public struct IO: Bundle {
        public var bus: DeviceBus
        public var pins = SPIPins()
        init(xlen: Int) { bus = DeviceBus(xlen: xlen) }
    }
    public var io: IO { IO(xlen: xlen) }

    public func body(_ io: IO) -> [Statement] {
        let bus = io.bus
        let busy = Reg(.bit)
        let selected = Reg(.bit)
        let divider = Reg(.uint(16), reset: Const(SDRegisters.resetDivider, .uint(16)))
        let ticks = Reg(.uint(16))                  // system clocks in this half of an SCLK period
        let sclk = Reg(.bit)
        let shifter = Reg(.uint(8))                 // out at bit 7, in at bit 0
        let bitsLeft = Reg(.uint(4))
        let register = Wire(bus.offset[3, 2])       // the 32-bit register in the window
        let at = { (offset: UInt64) in register == Const(offset >> 2, .uint(2)) }
        // On RV64 a bus word holds two registers: offset bit 2 says which half a store is in.
        let lane = Wire(xlen == 64 ? Mux(bus.offset[2], bus.writeData[63, 32], bus.writeData[31, 0]) : bus.writeData)
        let lowByte = Wire(xlen == 64 ? Mux(bus.offset[2], bus.mask[4], bus.mask[0]) : bus.mask[0])
        let writes = Wire(bus.select && bus.write && lowByte && !busy)      // a store that sets bits 7:0

        When(writes && at(SDRegisters.data)) {
            shifter.next <== lane[7, 0]
            busy.next <== 1
            ticks.next <== 0
            bitsLeft.next <== 8
        }.elseWhen(busy) {
            ticks.next <== ticks + 1
            When(ticks == divider) {
                ticks.next <== 0
                sclk.next <== !sclk
                When(sclk) {                        // falling edge: MISO in, the next bit out
                    shifter.next <== Cat(shifter[6, 0], io.pins.miso)
                    bitsLeft.next <== bitsLeft - 1
                    When(bitsLeft == 1) { busy.next <== 0 }
                }
            }
        }
        When(writes && at(SDRegisters.control)) { selected.next <== lane[0] }
        When(writes && at(SDRegisters.divider)) { divider.next <== lane[15, 0] }

        let value = Wire(.uint(32))
        value <== 0
        When(bus.select) {
            When(at(SDRegisters.data)) { value <== shifter.zeroExtended(to: 32) }
            When(at(SDRegisters.control)) { value <== selected.zeroExtended(to: 32) }
            When(at(SDRegisters.divider)) { value <== divider.zeroExtended(to: 32) }
            When(at(SDRegisters.status)) { value <== busy.zeroExtended(to: 32) }
        }
        bus.readData <== (xlen == 64 ? Cat(value, value) : value)
        io.pins.sclk <== sclk
        io.pins.mosi <== shifter[7]
        io.pins.csN <== !selected
    }
}
