/// Minimal Linux user-mode system call emulation (`--user`): write, exit, exit_group, brk.
///
/// Anything else stops the run with "unsupported syscall N at pc 0x...".
final class LinuxUser {
    let stdout: any OutputSink
    let stderr: any OutputSink
    var brk: UInt64
    let brkStart: UInt64
    let brkLimit: UInt64

    init(stdout: any OutputSink, stderr: any OutputSink, brkStart: UInt64, brkLimit: UInt64) {
        self.stdout = stdout; self.stderr = stderr
        self.brk = brkStart; self.brkStart = brkStart; self.brkLimit = brkLimit
    }

    static let write: UInt64 = 64, exit: UInt64 = 93, exitGroup: UInt64 = 94, brkCall: UInt64 = 214

    func syscall(_ hart: Hart, pc: UInt64) {
        let n = hart.x[17]
        let a0 = hart.x[10], a1 = hart.x[11] & hart.addrMask, a2 = hart.x[12]
        let st = hart.s
        switch n {
        case LinuxUser.write:
            let sink: (any OutputSink)? = a0 == 1 ? stdout : a0 == 2 ? stderr : nil
            guard let sink else { hart.x[10] = hart.canon(UInt64(bitPattern: -9)); return }   // EBADF
            let len = a2 & hart.addrMask
            guard hart.memory.contains(a1, length: len) else { hart.x[10] = hart.canon(UInt64(bitPattern: -14)); return }
            sink.write(UnsafeRawBufferPointer(start: hart.ram + Int(a1 - hart.ramBase), count: Int(len)))
            hart.x[10] = hart.canon(len)
        case LinuxUser.exit, LinuxUser.exitGroup:
            stdout.flush(); stderr.flush()
            st.pointee.stopRequested = true
            st.pointee.exitCode = Int32(a0 & 0xFF)
            st.pointee.nextEventAt = 0
        case LinuxUser.brkCall:
            let want = a0 & hart.addrMask
            if want >= brkStart && want <= brkLimit {
                if want > brk { _ = hart.memory.fill(brk, count: want - brk) }
                brk = want
            }
            hart.x[10] = hart.canon(brk)
        default:
            st.pointee.stopRequested = true
            st.pointee.exitCode = 1
            st.pointee.stopMessage = "unsupported syscall \(n) at pc 0x\(hex(pc, digits: hart.xlen / 4))"
            st.pointee.nextEventAt = 0
        }
    }
}
