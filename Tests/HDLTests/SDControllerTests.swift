import Testing
import HDL
import Cores
import Spec
import TestSupport
@testable import RTLSim
import SDCard
import Foundation

// The SD card controller alone, on both backends and in lock-step, against the SD card model on its
// pins (SDCardPins): commands and responses in SPI mode 0 (MSB first, MOSI changed as SCLK falls)
// at several dividers; BUSY, chip select and the DIVIDER register.

@Suite struct SDControllerTests {
    @Test(arguments: [32, 64]) func exchangesBytesAtEveryDivider(xlen: Int) throws {
        let controller = try Elaborator.elaborateWithPorts(SDController(xlen: xlen))
        let io = controller.ports
        try onEachBackend(controller.design) { sim, check in
            sim.reset()
            let path = try temporaryFile("sdctl.img", bytes: Data(count: 64 * 512))
            defer { removeTemporaryFile(path) }
            let card = SDCardModel(image: try SDImage(path: path))
            let slot = SDCardPins(card: card)
            var cycle = 0, rises: [Int] = [], lastClock: UInt64 = 0
            /// One clock cycle, with the device and the SCLK edges watched after it.
            func tick() {
                sim.step()
                cycle += 1
                let clock = sim.peek(io.pins.sclk)
                if lastClock == 0 && clock == 1 {
                    rises.append(cycle)
                    sim.poke(io.pins.miso, slot.clockRose(mosi: sim.peek(io.pins.mosi) == 1, selected: sim.peek(io.pins.csN) == 0))
                }
                lastClock = clock
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
            check.equal(sim.peek(io.pins.csN), UInt64(1), "CS high after reset")
            _ = access(SDRegisters.control, write: 1)
            check.equal(sim.peek(io.pins.csN), UInt64(0), "CONTROL bit 0 drives CS low")
            _ = access(SDRegisters.data, write: 0x1200, lanes: 0x2)       // a store that misses bits 7:0
            check.equal(access(SDRegisters.status), UInt64(0), "only a store of DATA's low byte starts an exchange")
            // CMD0, CMD8 (check pattern 0xA5), CMD58: the card answers R1 0x01, R7 echoing 0x1A5,
            // R3 with the OCR; each byte at the next divider of the list.
            let commands: [UInt8] = [0x40, 0, 0, 0, 0, 0x95, 0xFF, 0xFF,
                                     0x48, 0, 0, 0x01, 0xA5, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                     0x7A, 0, 0, 0, 0, 0xFD, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
            var commandsWithCRC = commands
            commandsWithCRC[13] = SDCRC.crc7(commands[8...12]) << 1 | 1
            let dividers: [UInt64] = [0, 1, 5, 2, 0, 3]
            var got: [UInt8] = []
            for (n, byte) in commandsWithCRC.enumerated() {
                let divider = dividers[n % dividers.count]
                _ = access(SDRegisters.divider, write: divider)
                check.equal(access(SDRegisters.divider), divider, "DIVIDER reads back")
                rises = []
                _ = access(SDRegisters.data, write: UInt64(byte))
                check.equal(access(SDRegisters.status) & 1, UInt64(1), "BUSY during the exchange")
                _ = access(SDRegisters.data, write: 0x77)           // ignored while busy
                _ = access(SDRegisters.divider, write: 40)          // ignored while busy
                var waited = 0
                while access(SDRegisters.status) & 1 == 1 && waited < 1000 { waited += 1 }
                check.equal(rises.count, 8, "eight SCLK periods at divider \(divider)")
                if rises.count == 8 {
                    check.equal(rises[7] - rises[0], 7 * Int(2 * (divider + 1)), "SCLK period at divider \(divider)")
                }
                check.equal(sim.peek(io.pins.sclk), UInt64(0), "SCLK idles low")
                got.append(UInt8(access(SDRegisters.data)))
            }
            check.equal(card.commands, [0, 8, 58], "the card decoded every command, MSB first")
            check.equal(Array(got[7...7] + got[15...19] + got[27...31]), [0x01, 0x01, 0x00, 0x00, 0x01, 0xA5, 0x01, 0x00, 0xFF, 0x80, 0x00],
                        "R1, R7 and R3 as the card sent them")
            _ = access(SDRegisters.control, write: 0)
            check.equal(sim.peek(io.pins.csN), UInt64(1), "CS released")
        }
    }
}
