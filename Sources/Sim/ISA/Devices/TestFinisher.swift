/// SiFive-style test finisher: a 32-bit store of 0x5555 ends the run with exit code 0;
/// 0x3333 | (code << 16) ends it with `code` (1 if code is 0).
import Spec
public final class TestFinisher: Device {
    public let name = "test-finisher"
    public let size = MemoryMap.testFinisher.size
    let state: UnsafeMutablePointer<HartState>
    init(state: UnsafeMutablePointer<HartState>) { self.state = state }

    public func read(offset: UInt64, size: Int) -> UInt64? { 0 }

    public func write(offset: UInt64, size: Int, value: UInt64) -> Bool {
        guard offset == 0 else { return true }
        let v = UInt32(truncatingIfNeeded: value)
        switch v & 0xFFFF {
        case UInt32(TestFinisherCodes.pass): stop(0)
        case UInt32(TestFinisherCodes.fail):
            let code = Int32(v >> 16)
            stop(code == 0 ? 1 : code)
        default: break
        }
        return true
    }

    func stop(_ code: Int32) {
        state.pointee.stopRequested = true
        state.pointee.exitCode = code
        state.pointee.nextEventAt = 0
    }
}
