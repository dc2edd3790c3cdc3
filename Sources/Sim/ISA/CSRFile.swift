import Spec

/// CSR file: access checks, reads and WARL writes.
extension Hart {
    static let interruptBits = TrapMasks.interrupts
    static let sInterruptBits = TrapMasks.supervisorInterrupts
    static let delegableExceptions = TrapMasks.delegableExceptions

    /// Privilege, read-only and TVM/counter-enable checks (existence is checked by `csrRead`).
    func csrAccessible(_ csr: UInt16, write: Bool) -> Bool {
        let st = s.pointee
        let priv = st.privilege.rawValue
        if priv < UInt8((csr >> 8) & 3) { return false }
        if write && (csr >> 10) & 3 == 3 { return false }
        if csr == CSR.satp.rawValue && st.privilege == .supervisor && st.mstatus & MStatus.tvm != 0 { return false }
        if (CSR.cycle.rawValue...CSR.instret.rawValue).contains(csr) || (CSR.cycleh.rawValue...CSR.instreth.rawValue).contains(csr) {
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
    func csrRead(_ number: UInt16) -> UInt64? {
        let st = s.pointee
        let rv32 = xlen == 32
        let cycle = st.instret &+ st.trapCount &+ st.cycleOffset
        let instret = st.instret &+ st.instretOffset
        guard let csr = CSR(rawValue: number) else {
            // The other PMP entries, the hardware performance monitors, no triggers: read zero.
            return CSR.readsZero(xlen: xlen).contains { $0.contains(number) } ? 0 : nil
        }
        switch csr {
        case .sstatus: return st.mstatus & MStatus.sstatusMask & addrMask | (rv32 ? 0 : 2 << 32)
        case .sie: return st.mie & st.mideleg
        case .stvec: return st.stvec
        case .scounteren: return st.scounteren
        case .senvcfg, .menvcfg, .mcountinhibit: return 0
        case .sscratch: return st.sscratch
        case .sepc: return st.sepc
        case .scause: return st.scause
        case .stval: return st.stval
        case .sip: return mip & st.mideleg
        case .satp: return st.satp
        case .mstatus: return (st.mstatus | (rv32 ? 0 : MStatus.uxlSxl64)) & addrMask
        case .mstatush: return rv32 ? 0 : nil
        case .misa: return misa
        case .medeleg: return st.medeleg
        case .mideleg: return st.mideleg
        case .mie: return st.mie
        case .mtvec: return st.mtvec
        case .mcounteren: return st.mcounteren
        case .mscratch: return st.mscratch
        case .mepc: return st.mepc
        case .mcause: return st.mcause
        case .mtval: return st.mtval
        case .pmpcfg0: return UInt64(st.pmpConfig)
        case .pmpaddr0: return PMP.addressRead(st.pmpAddress, config: st.pmpConfig)
        case .mip: return mip
        case .mcycle, .cycle: return cycle & addrMask
        case .minstret, .instret: return instret & addrMask
        case .time: return st.mtime & addrMask
        case .mcycleh, .cycleh: return rv32 ? cycle >> 32 : nil
        case .minstreth, .instreth: return rv32 ? instret >> 32 : nil
        case .timeh: return rv32 ? st.mtime >> 32 : nil
        case .mvendorid, .marchid, .mimpid, .mhartid, .mconfigptr: return 0
        }
    }

    /// WARL write of an existing, accessible CSR (value already masked to XLEN).
    func csrWrite(_ number: UInt16, _ v: UInt64) {
        let st = s
        let rv32 = xlen == 32
        guard let csr = CSR(rawValue: number) else { return }          // CSR.readsZero: writes ignored
        switch csr {
        case .sstatus:
            let mask = MStatus.sstatusMask & ~(3 << 32)
            st.pointee.mstatus = (st.pointee.mstatus & ~mask) | (v & mask)
            privilegeOrTranslationChanged()
        case .mstatus:
            var nv = (st.pointee.mstatus & ~MStatus.writable) | (v & MStatus.writable)
            if (nv >> MStatus.mppShift) & 3 == 2 { nv &= ~MStatus.mpp }   // reserved MPP -> U
            st.pointee.mstatus = nv
            privilegeOrTranslationChanged()
        case .sie:
            let m = st.pointee.mideleg
            st.pointee.mie = (st.pointee.mie & ~m) | (v & m)
        case .sip:
            let m = st.pointee.mideleg & (1 << InterruptNumber.supervisorSoftware)
            st.pointee.mipSoftware = (st.pointee.mipSoftware & ~m) | (v & m)
        // MODE: bit 1 is read-only zero (only Direct and Vectored exist), as in the RTL.
        case .stvec: st.pointee.stvec = v & ~2
        case .mtvec: st.pointee.mtvec = v & ~2
        case .scounteren: st.pointee.scounteren = v & 7
        case .mcounteren: st.pointee.mcounteren = v & 7
        case .sscratch: st.pointee.sscratch = v
        case .mscratch: st.pointee.mscratch = v
        case .sepc: st.pointee.sepc = v & ~3
        case .mepc: st.pointee.mepc = v & ~3
        case .scause: st.pointee.scause = v
        case .mcause: st.pointee.mcause = v
        case .stval: st.pointee.stval = v
        case .mtval: st.pointee.mtval = v
        case .satp:
            // Bare or Sv32/Sv39 without ASIDs; an unsupported mode leaves satp unchanged.
            guard let kept = PagingScheme.forXLEN(xlen).satpAfterWriting(rv32 ? v & 0xFFFF_FFFF : v) else { return }
            st.pointee.satp = kept
            privilegeOrTranslationChanged()
        case .pmpcfg0, .pmpaddr0:
            guard st.pointee.pmpConfig & PMP.lock == 0 else { return }     // a locked entry ignores writes
            if csr == .pmpcfg0 { st.pointee.pmpConfig = PMP.configAfterWriting(UInt8(truncatingIfNeeded: v)) }
            else { st.pointee.pmpAddress = v & PMP.addressMask(xlen: xlen) }
            privilegeOrTranslationChanged()
        case .medeleg: st.pointee.medeleg = v & Hart.delegableExceptions
        case .mideleg: st.pointee.mideleg = v & Hart.sInterruptBits
        case .mie: st.pointee.mie = v & Hart.interruptBits
        case .mip:
            let m = Hart.sInterruptBits
            st.pointee.mipSoftware = (st.pointee.mipSoftware & ~m) | (v & m)
        case .mcycle:
            let cur = st.pointee.instret &+ st.pointee.trapCount
            let old = cur &+ st.pointee.cycleOffset
            let nv = rv32 ? (old & ~0xFFFF_FFFF) | v : v
            st.pointee.cycleOffset = nv &- cur &- 1   // the csr instruction itself then counts
        case .mcycleh:
            let cur = st.pointee.instret &+ st.pointee.trapCount
            let old = cur &+ st.pointee.cycleOffset
            st.pointee.cycleOffset = ((old & 0xFFFF_FFFF) | (v << 32)) &- cur &- 1
        case .minstret:
            let old = st.pointee.instret &+ st.pointee.instretOffset
            let nv = rv32 ? (old & ~0xFFFF_FFFF) | v : v
            st.pointee.instretOffset = nv &- st.pointee.instret &- 1
        case .minstreth:
            let old = st.pointee.instret &+ st.pointee.instretOffset
            st.pointee.instretOffset = ((old & 0xFFFF_FFFF) | (v << 32)) &- st.pointee.instret &- 1
        default: break   // read-only-valued CSRs that exist (misa, menvcfg...): writes ignored
        }
    }
}
