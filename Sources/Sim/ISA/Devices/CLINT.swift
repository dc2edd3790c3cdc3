/// Core-local interruptor (SiFive layout): msip at +0x0, mtimecmp at +0x4000, mtime at +0xBFF8.
///
/// State lives in `HartState` so the interpreter's timer check is a field compare; mtime advances
/// one tick per executed instruction (see docs/ISA.md).
public final class CLINT: Device {
    public let name = "clint"
    public let size: UInt64 = 0x1_0000
    let state: UnsafeMutablePointer<HartState>
    init(state: UnsafeMutablePointer<HartState>) { self.state = state }

    public func read(offset: UInt64, size: Int) -> UInt64? {
        let s = state.pointee
        func part(_ reg: UInt64, _ base: UInt64) -> UInt64? {
            let shift = (offset - base) * 8
            guard shift + UInt64(size) * 8 <= 64 else { return nil }
            let v = reg >> shift
            return size == 8 ? v : v & ((1 << UInt64(size * 8)) - 1)
        }
        switch offset {
        case 0..<4: return part(s.msip ? 1 : 0, 0)
        case 0x4000..<0x4008: return part(s.mtimecmp, 0x4000)
        case 0xBFF8..<0xC000: return part(s.mtime, 0xBFF8)
        default: return 0
        }
    }

    public func write(offset: UInt64, size: Int, value: UInt64) -> Bool {
        func merge(_ reg: UInt64, _ base: UInt64) -> UInt64 {
            let shift = (offset - base) * 8
            let mask: UInt64 = size == 8 ? .max : ((1 << UInt64(size * 8)) - 1) << shift
            return (reg & ~mask) | ((value << shift) & mask)
        }
        switch offset {
        case 0..<4: state.pointee.msip = value & 1 != 0
        case 0x4000..<0x4008: state.pointee.mtimecmp = merge(state.pointee.mtimecmp, 0x4000)
        case 0xBFF8..<0xC000:
            let now = state.pointee.mtime
            let new = merge(now, 0xBFF8)
            state.pointee.mtimeOffset &+= new &- now
        default: break
        }
        state.pointee.nextEventAt = 0
        return true
    }
}
