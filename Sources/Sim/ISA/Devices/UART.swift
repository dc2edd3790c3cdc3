/// NS16550A subset: THR/RBR +0, IER +1, IIR/FCR +2, LCR +3, MCR +4, LSR +5, SCR +7.
/// Transmit is instantaneous (LSR.THRE and LSR.TEMT always set); there is no receive data.
public final class UART: Device {
    public let name = "uart"
    public let size: UInt64 = 0x100
    let sink: any OutputSink
    var ier: UInt8 = 0, lcr: UInt8 = 0, mcr: UInt8 = 0, scr: UInt8 = 0, dll: UInt8 = 0, dlm: UInt8 = 0
    public init(sink: any OutputSink) { self.sink = sink }

    public func read(offset: UInt64, size: Int) -> UInt64? {
        let dlab = lcr & 0x80 != 0
        switch offset {
        case 0: return UInt64(dlab ? dll : 0)
        case 1: return UInt64(dlab ? dlm : ier)
        case 2: return 0x01          // IIR: no interrupt pending
        case 3: return UInt64(lcr)
        case 4: return UInt64(mcr)
        case 5: return 0x60          // LSR: THR empty, transmitter empty, no data ready
        case 7: return UInt64(scr)
        default: return 0
        }
    }

    public func write(offset: UInt64, size: Int, value: UInt64) -> Bool {
        let b = UInt8(truncatingIfNeeded: value)
        let dlab = lcr & 0x80 != 0
        switch offset {
        case 0:
            if dlab { dll = b } else { withUnsafeBytes(of: b) { sink.write($0) } }
        case 1: if dlab { dlm = b } else { ier = b & 0x0F }
        case 3: lcr = b
        case 4: mcr = b
        case 7: scr = b
        default: break
        }
        return true
    }
}
