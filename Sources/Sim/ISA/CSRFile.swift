/// CSR numbers implemented by the model.
public enum CSR {
    public static let sstatus: UInt16 = 0x100, sie: UInt16 = 0x104, stvec: UInt16 = 0x105
    public static let scounteren: UInt16 = 0x106, senvcfg: UInt16 = 0x10A
    public static let sscratch: UInt16 = 0x140, sepc: UInt16 = 0x141, scause: UInt16 = 0x142
    public static let stval: UInt16 = 0x143, sip: UInt16 = 0x144, satp: UInt16 = 0x180
    public static let mstatus: UInt16 = 0x300, misa: UInt16 = 0x301, medeleg: UInt16 = 0x302
    public static let mideleg: UInt16 = 0x303, mie: UInt16 = 0x304, mtvec: UInt16 = 0x305
    public static let mcounteren: UInt16 = 0x306, menvcfg: UInt16 = 0x30A, mstatush: UInt16 = 0x310
    public static let mcountinhibit: UInt16 = 0x320
    public static let mscratch: UInt16 = 0x340, mepc: UInt16 = 0x341, mcause: UInt16 = 0x342
    public static let mtval: UInt16 = 0x343, mip: UInt16 = 0x344
    public static let mcycle: UInt16 = 0xB00, minstret: UInt16 = 0xB02
    public static let mcycleh: UInt16 = 0xB80, minstreth: UInt16 = 0xB82
    public static let cycle: UInt16 = 0xC00, time: UInt16 = 0xC01, instret: UInt16 = 0xC02
    public static let cycleh: UInt16 = 0xC80, timeh: UInt16 = 0xC81, instreth: UInt16 = 0xC82
    public static let mvendorid: UInt16 = 0xF11, marchid: UInt16 = 0xF12, mimpid: UInt16 = 0xF13
    public static let mhartid: UInt16 = 0xF14, mconfigptr: UInt16 = 0xF15
}

/// CSR file: access checks, reads and WARL writes.
extension Hart {
    static let interruptBits: UInt64 = 0xAAA
    static let sInterruptBits: UInt64 = 0x222
    static let delegableExceptions: UInt64 = 0xB3FF

    /// Privilege, read-only and TVM/counter-enable checks (existence is checked by `csrRead`).
    func csrAccessible(_ csr: UInt16, write: Bool) -> Bool {
        let st = s.pointee
        let priv = st.privilege.rawValue
        if priv < UInt8((csr >> 8) & 3) { return false }
        if write && (csr >> 10) & 3 == 3 { return false }
        if csr == CSR.satp && st.privilege == .supervisor && st.mstatus & MStatus.tvm != 0 { return false }
        if (csr >= 0xC00 && csr <= 0xC02) || (csr >= 0xC80 && csr <= 0xC82) {
            let bit = UInt64(csr & 0x1F)
            if st.privilege != .machine && (st.mcounteren >> bit) & 1 == 0 { return false }
            if st.privilege == .user && (st.scounteren >> bit) & 1 == 0 { return false }
        }
        return true
    }

    var misa: UInt64 {
        let ext: UInt64 = (1 << 8) | (1 << 12) | (1 << 18) | (1 << 20)   // I M S U
        return xlen == 32 ? (1 << 30) | ext : (2 << 62) | ext
    }

    /// Current value of `csr`, or nil when it does not exist (illegal instruction).
    func csrRead(_ csr: UInt16) -> UInt64? {
        let st = s.pointee
        let rv32 = xlen == 32
        let cycle = st.instret &+ st.trapCount &+ st.cycleOffset
        let instret = st.instret &+ st.instretOffset
        switch csr {
        case CSR.sstatus: return st.mstatus & MStatus.sstatusMask & addrMask | (rv32 ? 0 : 2 << 32)
        case CSR.sie: return st.mie & st.mideleg
        case CSR.stvec: return st.stvec
        case CSR.scounteren: return st.scounteren
        case CSR.senvcfg, CSR.menvcfg, CSR.mcountinhibit: return 0
        case CSR.sscratch: return st.sscratch
        case CSR.sepc: return st.sepc
        case CSR.scause: return st.scause
        case CSR.stval: return st.stval
        case CSR.sip: return mip & st.mideleg
        case CSR.satp: return st.satp
        case CSR.mstatus: return (st.mstatus | (rv32 ? 0 : MStatus.uxlSxl64)) & addrMask
        case CSR.mstatush: return rv32 ? 0 : nil
        case CSR.misa: return misa
        case CSR.medeleg: return st.medeleg
        case CSR.mideleg: return st.mideleg
        case CSR.mie: return st.mie
        case CSR.mtvec: return st.mtvec
        case CSR.mcounteren: return st.mcounteren
        case CSR.mscratch: return st.mscratch
        case CSR.mepc: return st.mepc
        case CSR.mcause: return st.mcause
        case CSR.mtval: return st.mtval
        case CSR.mip: return mip
        case CSR.mcycle, CSR.cycle: return cycle & addrMask
        case CSR.minstret, CSR.instret: return instret & addrMask
        case CSR.time: return st.mtime & addrMask
        case CSR.mcycleh, CSR.cycleh: return rv32 ? cycle >> 32 : nil
        case CSR.minstreth, CSR.instreth: return rv32 ? instret >> 32 : nil
        case CSR.timeh: return rv32 ? st.mtime >> 32 : nil
        case CSR.mvendorid, CSR.marchid, CSR.mimpid, CSR.mhartid, CSR.mconfigptr: return 0
        case 0x3A0...0x3A3:
            let i = Int(csr - 0x3A0)
            if !rv32 && i & 1 == 1 { return nil }
            return [st.pmpcfg.0, st.pmpcfg.1, st.pmpcfg.2, st.pmpcfg.3][i]
        case 0x3B0...0x3BF: return st.pmpaddr[Int(csr - 0x3B0)]
        default: return nil
        }
    }

    /// WARL write of an existing, accessible CSR (value already masked to XLEN).
    func csrWrite(_ csr: UInt16, _ v: UInt64) {
        let st = s
        let rv32 = xlen == 32
        switch csr {
        case CSR.sstatus:
            let mask = MStatus.sstatusMask & ~(3 << 32)
            st.pointee.mstatus = (st.pointee.mstatus & ~mask) | (v & mask)
            privilegeOrTranslationChanged()
        case CSR.mstatus:
            var nv = (st.pointee.mstatus & ~MStatus.writable) | (v & MStatus.writable)
            if (nv >> MStatus.mppShift) & 3 == 2 { nv &= ~MStatus.mpp }   // reserved MPP -> U
            st.pointee.mstatus = nv
            privilegeOrTranslationChanged()
        case CSR.sie:
            let m = st.pointee.mideleg
            st.pointee.mie = (st.pointee.mie & ~m) | (v & m)
        case CSR.sip:
            let m = st.pointee.mideleg & (1 << InterruptNumber.supervisorSoftware)
            st.pointee.mipSoftware = (st.pointee.mipSoftware & ~m) | (v & m)
        case CSR.stvec: st.pointee.stvec = v & 3 >= 2 ? v & ~3 : v
        case CSR.mtvec: st.pointee.mtvec = v & 3 >= 2 ? v & ~3 : v
        case CSR.scounteren: st.pointee.scounteren = v & 7
        case CSR.mcounteren: st.pointee.mcounteren = v & 7
        case CSR.sscratch: st.pointee.sscratch = v
        case CSR.mscratch: st.pointee.mscratch = v
        case CSR.sepc: st.pointee.sepc = v & ~3
        case CSR.mepc: st.pointee.mepc = v & ~3
        case CSR.scause: st.pointee.scause = v
        case CSR.mcause: st.pointee.mcause = v
        case CSR.stval: st.pointee.stval = v
        case CSR.mtval: st.pointee.mtval = v
        case CSR.satp:
            if rv32 {
                st.pointee.satp = v
            } else {
                let mode = v >> 60
                guard mode == 0 || mode == 8 else { return }   // unsupported mode: write ignored
                st.pointee.satp = v
            }
            privilegeOrTranslationChanged()
        case CSR.medeleg: st.pointee.medeleg = v & Hart.delegableExceptions
        case CSR.mideleg: st.pointee.mideleg = v & Hart.sInterruptBits
        case CSR.mie: st.pointee.mie = v & Hart.interruptBits
        case CSR.mip:
            let m = Hart.sInterruptBits
            st.pointee.mipSoftware = (st.pointee.mipSoftware & ~m) | (v & m)
        case CSR.mcycle:
            let cur = st.pointee.instret &+ st.pointee.trapCount
            let old = cur &+ st.pointee.cycleOffset
            let nv = rv32 ? (old & ~0xFFFF_FFFF) | v : v
            st.pointee.cycleOffset = nv &- cur &- 1   // the csr instruction itself then counts
        case CSR.mcycleh:
            let cur = st.pointee.instret &+ st.pointee.trapCount
            let old = cur &+ st.pointee.cycleOffset
            st.pointee.cycleOffset = ((old & 0xFFFF_FFFF) | (v << 32)) &- cur &- 1
        case CSR.minstret:
            let old = st.pointee.instret &+ st.pointee.instretOffset
            let nv = rv32 ? (old & ~0xFFFF_FFFF) | v : v
            st.pointee.instretOffset = nv &- st.pointee.instret &- 1
        case CSR.minstreth:
            let old = st.pointee.instret &+ st.pointee.instretOffset
            st.pointee.instretOffset = ((old & 0xFFFF_FFFF) | (v << 32)) &- st.pointee.instret &- 1
        case 0x3A0: st.pointee.pmpcfg.0 = v
        case 0x3A1: st.pointee.pmpcfg.1 = v
        case 0x3A2: st.pointee.pmpcfg.2 = v
        case 0x3A3: st.pointee.pmpcfg.3 = v
        case 0x3B0...0x3BF: st.pointee.pmpaddr[Int(csr - 0x3B0)] = v
        default: break   // read-only-valued CSRs that exist (misa, menvcfg...): writes ignored
        }
    }
}
