import Testing
import Spec
import ISA
import TestSupport
@testable import SDCard

// The controller's register-level model, the ISA model's side of the SD slot: the same registers
// as the RTL (docs/MACHINE.md), an exchange per DATA store, and an empty slot that reads 0xFF.

@Suite struct SDControllerModelTests {
    @Test func registersAndExchanges() throws {
        let image = try makeImage(blocks: 16)
        defer { removeTemporaryFile(image.path) }
        let card = SDCardModel(image: image)
        let controller = SDControllerModel(card: card)
        #expect(controller.read(offset: SDRegisters.divider, size: 4) == SDRegisters.resetDivider, "DIVIDER resets to 400 kHz")
        #expect(controller.read(offset: SDRegisters.status, size: 4) == 0, "never BUSY")
        #expect(controller.read(offset: SDRegisters.control, size: 4) == 0, "deselected after reset")
        _ = controller.write(offset: SDRegisters.divider, size: 4, value: 0)
        #expect(controller.read(offset: SDRegisters.divider, size: 4) == 0)
        // CMD0 while deselected: the card ignores it and MISO stays high.
        for b in [0x40, 0, 0, 0, 0, 0x95, 0xFF, 0xFF] as [UInt8] {
            _ = controller.write(offset: SDRegisters.data, size: 4, value: UInt64(b))
            #expect(controller.read(offset: SDRegisters.data, size: 4) == 0xFF)
        }
        #expect(card.commands.isEmpty)
        _ = controller.write(offset: SDRegisters.control, size: 4, value: 1)
        #expect(controller.read(offset: SDRegisters.control, size: 4) == 1)
        var got: [UInt64] = []
        for b in [0x40, 0, 0, 0, 0, 0x95, 0xFF, 0xFF] as [UInt8] {
            _ = controller.write(offset: SDRegisters.data, size: 4, value: UInt64(b))
            got.append(controller.read(offset: SDRegisters.data, size: 4)!)
        }
        #expect(card.commands == [0], "CMD0 reached the card")
        #expect(got.suffix(2) == [0xFF, 0x01], "NCR, then R1 idle")
        // A store that misses bits 7:0 starts nothing; a 64-bit load sees the register twice.
        _ = controller.write(offset: SDRegisters.data + 1, size: 1, value: 0x40)
        #expect(controller.read(offset: SDRegisters.data, size: 8) == 0x1_0000_0001, "still R1 in both halves")
    }

    @Test func emptySlotReadsHigh() {
        let controller = SDControllerModel(card: nil)
        _ = controller.write(offset: SDRegisters.control, size: 4, value: 1)
        _ = controller.write(offset: SDRegisters.data, size: 4, value: 0x40)
        #expect(controller.read(offset: SDRegisters.data, size: 4) == 0xFF)
    }
}
