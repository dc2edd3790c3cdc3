import ISA
import Spec

// The SD controller at register level, for the ISA model (Spec's SDRegisters): a write of DATA
// exchanges the byte with the card at once, so STATUS never reads BUSY. Chip select and the
// divider read back; the divider changes no timing here. Without a card, every byte reads 0xFF.

public final class SDControllerModel: Device {
    public let name = "sd-controller"
    public let size = MemoryMap.sd.size
    public let card: SDCardModel?
    var received: UInt8 = 0xFF
    var selected = false
    var divider = UInt32(SDRegisters.resetDivider)

    public init(card: SDCardModel?) { self.card = card }

    public func read(offset: UInt64, size: Int) -> UInt64? {
        let value: UInt32
        switch offset & ~3 & 0xF {
        case SDRegisters.data: value = UInt32(received)
        case SDRegisters.control: value = selected ? 1 : 0
        case SDRegisters.divider: value = divider
        default: value = 0                                   // STATUS: never busy
        }
        // As in the RTL, a 64-bit read sees the register in both halves.
        return size == 8 ? UInt64(value) << 32 | UInt64(value) : UInt64(value) >> (8 * (offset & 3))
    }

    public func write(offset: UInt64, size: Int, value: UInt64) -> Bool {
        // A store reaches a register only when it writes the register's byte 0.
        let register = offset & ~3 & 0xF, writesLowByte = offset & 3 == 0 || size == 8
        guard writesLowByte else { return true }
        let v = size == 8 && offset & 4 != 0 ? UInt32(truncatingIfNeeded: value >> 32) : UInt32(truncatingIfNeeded: value)
        switch register {
        case SDRegisters.data:
            card?.select(selected)
            received = card?.exchange(UInt8(truncatingIfNeeded: v)) ?? 0xFF
        case SDRegisters.control: selected = v & 1 == 1
        case SDRegisters.divider: divider = v & 0xFFFF
        default: break
        }
        return true
    }
}
