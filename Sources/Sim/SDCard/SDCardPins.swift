// The card on the SPI pins of the RTL: the harness calls `clockRose` after each clock edge where
// SCLK went high, and drives MISO with what it returns. The card moves a byte at a time (the model
// is byte-level): it decides the byte it sends at the byte's first rising edge, and takes the
// byte it received at the eighth, so bit by bit it behaves as `SDCardModel.exchange` does.

public final class SDCardPins {
    public let card: SDCardModel?
    var outgoing: UInt8 = 0xFF
    var incoming: UInt8 = 0
    var bits = 0

    /// `card` nil: no card in the slot (MISO pulled high).
    public init(card: SDCardModel?) { self.card = card }

    /// SCLK has just risen with `mosi` and chip select as given: returns the bit the card drives
    /// on MISO through this high half of SCLK (the controller samples it as SCLK falls).
    public func clockRose(mosi: Bool, selected: Bool) -> Bool {
        guard let card else { return true }
        if bits == 0 {
            card.select(selected)
            outgoing = card.transmit()
        }
        let bit = outgoing >> UInt8(7 - bits) & 1 == 1
        incoming = incoming << 1 | (mosi ? 1 : 0)
        bits += 1
        if bits == 8 {
            card.receive(incoming)
            bits = 0
        }
        return bit
    }
}
