import Testing
import HDL
import Cores
import Spec
import TestSupport
@testable import RTLSim

// The SD card controller alone, on both backends and in lock-step: byte exchanges in SPI mode 0
// (MSB first, MOSI changed on falling edges, MISO sampled on rising edges) with a small SPI device
// written here, at several dividers; BUSY, chip select and the DIVIDER register.

/// An SPI mode-0 device: sends `replies` byte by byte and records what it receives.
struct SPIDevice {
    var replies: [UInt8]
    var received: [UInt8] = []
    var inByte: UInt8 = 0, inBits = 0
    var outByte: UInt8 = 0, outBits = 0
    var lastClock: UInt64 = 0
    /// Called after every cycle with the pins; returns MISO for the next cycle.
    mutating func cycle(sclk: UInt64, mosi: UInt64, selected: Bool) -> UInt64 {
        defer { lastClock = sclk }
        guard selected else { outBits = 0; return 1 }
        if outBits == 0 { outByte = replies.isEmpty ? 0xFF : replies.removeFirst(); outBits = 8 }
        if lastClock == 0 && sclk == 1 {                      // rising: sample MOSI
            inByte = inByte << 1 | UInt8(mosi)
            inBits += 1
            if inBits == 8 { received.append(inByte); inBits = 0 }
        } else if lastClock == 1 && sclk == 0 {               // falling: next bit out
            outByte <<= 1
            outBits -= 1
            if outBits == 0 { outByte = replies.isEmpty ? 0xFF : replies.removeFirst(); outBits = 8 }
        }
        return UInt64(outByte >> 7)
    }
}

@Suite struct SDControllerTests {
    @Test(arguments: [32, 64]) func exchangesBytesAtEveryDivider(xlen: Int) throws {
        let controller = try Elaborator.elaborateWithPorts(SDController(xlen: xlen))
        let io = controller.ports
        try onEachBackend(controller.design) { sim, check in
            sim.reset()
            var device = SPIDevice(replies: [0x01, 0xA5, 0x5A, 0xFE, 0x00, 0x80])
            var cycle = 0, rises: [Int] = [], lastClock: UInt64 = 0
            /// One clock cycle, with the device and the SCLK edges watched after it.
            func tick() {
                sim.step()
                cycle += 1
                let clock = sim.peek(io.sclk)
                if lastClock == 0 && clock == 1 { rises.append(cycle) }
                lastClock = clock
                sim.poke(io.miso, device.cycle(sclk: clock, mosi: sim.peek(io.mosi), selected: sim.peek(io.csN) == 0))
            }
            func access(_ register: UInt64, write value: UInt64? = nil, lanes: UInt64 = 0x0F) -> UInt64 {
                let upper = xlen == 64 && register & 4 != 0
                sim.poke(io.bus.select, 1)
                sim.poke(io.bus.write, value != nil)
                sim.poke(io.bus.offset, register)
                sim.poke(io.bus.writeData, (value ?? 0) << (upper ? 32 : 0))
                sim.poke(io.bus.mask, upper ? lanes << 4 : lanes)
                let read = sim.peek(io.bus.readData) >> (upper ? 32 : 0) & 0xFFFF_FFFF
                tick()
                sim.poke(io.bus.select, 0)
                return read
            }
            check.equal(access(SDRegisters.divider), SDRegisters.resetDivider, "DIVIDER after reset (at most 400 kHz)")
            check.equal(sim.peek(io.csN), UInt64(1), "CS high after reset")
            _ = access(SDRegisters.control, write: 1)
            check.equal(sim.peek(io.csN), UInt64(0), "CONTROL bit 0 drives CS low")
            _ = access(SDRegisters.data, write: 0x1200, lanes: 0x2)       // a store that misses bits 7:0
            check.equal(access(SDRegisters.status), UInt64(0), "only a store of DATA's low byte starts an exchange")
            var sent: [UInt8] = [], got: [UInt8] = []
            for (divider, byte) in [(0, 0x40), (1, 0x95), (5, 0x00), (2, 0xFF), (0, 0x81), (3, 0x3C)] as [(UInt64, UInt8)] {
                _ = access(SDRegisters.divider, write: divider)
                check.equal(access(SDRegisters.divider), divider, "DIVIDER reads back")
                rises = []
                _ = access(SDRegisters.data, write: UInt64(byte))
                sent.append(byte)
                check.equal(access(SDRegisters.status) & 1, UInt64(1), "BUSY during the exchange")
                _ = access(SDRegisters.data, write: 0x77)           // ignored while busy
                _ = access(SDRegisters.divider, write: 40)          // ignored while busy
                var waited = 0
                while access(SDRegisters.status) & 1 == 1 && waited < 1000 { waited += 1 }
                check.equal(rises.count, 8, "eight SCLK periods at divider \(divider)")
                if rises.count == 8 {
                    check.equal(rises[7] - rises[0], 7 * Int(2 * (divider + 1)), "SCLK period at divider \(divider)")
                }
                check.equal(sim.peek(io.sclk), UInt64(0), "SCLK idles low")
                got.append(UInt8(access(SDRegisters.data)))
            }
            check.equal(device.received, sent, "the device received every byte, MSB first")
            check.equal(got, [0x01, 0xA5, 0x5A, 0xFE, 0x00, 0x80], "the controller received every byte")
            _ = access(SDRegisters.control, write: 0)
            check.equal(sim.peek(io.csN), UInt64(1), "CS released")
        }
    }
}
