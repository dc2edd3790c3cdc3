/// Core-local interruptor (SiFive layout): msip at +0x0, mtimecmp at +0x4000, mtime at +0xBFF8.
///
/// State lives in `HartState` so the interpreter's timer check is a field compare; mtime advances
/// one tick per executed instruction (see docs/ISA.md).
import Spec
public final class CLINT: Device {
    public let name = "clint"
    public let size = MemoryMap.clint.size
    let state: UnsafeMutablePointer<HartState>
    init(state: UnsafeMutablePointer<HartState>) { self.state = state }
    let msip = CLINTRegisters.msip, mtimecmp = CLINTRegisters.mtimecmp, mtime = CLINTRegisters.mtime

    public func read(offset: UInt64, size: Int) -> UInt64? {
        let s = state.pointee
        func part(_ reg: UInt64, _ base: UInt64) -> UInt64? {
            let shift = (offset - base) * 8
            guard shift + UInt64(size) * 8 <= 64 else { return nil }
            let v = reg >> shift
            return size == 8 ? v : v & ((1 << UInt64(size * 8)) - 1)
        }
        switch offset {
        case msip..<msip + 4: return part(s.msip ? 1 : 0, msip)
        case mtimecmp..<mtimecmp + 8: return part(s.mtimecmp, mtimecmp)
        case mtime..<mtime + 8: return part(s.mtime, mtime)
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
        case msip..<msip + 4: state.pointee.msip = value & 1 != 0
        case mtimecmp..<mtimecmp + 8: state.pointee.mtimecmp = merge(state.pointee.mtimecmp, mtimecmp)
        case mtime..<mtime + 8:
            let now = state.pointee.mtime
            let new = merge(now, mtime)
            state.pointee.mtimeOffset &+= new &- now
        default: break
        }
        state.pointee.nextEventAt = 0
        return true
    }
}
