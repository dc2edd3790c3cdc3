import Spec

/// Trap entry, interrupt selection and the privileged/system instructions.
extension Hart {
    /// mip as software sees it: software-set bits plus the CLINT's MSIP/MTIP.
    var mip: UInt64 {
        let st = s.pointee
        var v = st.mipSoftware
        if st.msip { v |= 1 << InterruptNumber.machineSoftware }
        if st.mtime >= st.mtimecmp { v |= 1 << InterruptNumber.machineTimer }
        return v
    }

    /// Interrupt priority order: MEI, MSI, MTI, SEI, SSI, STI.
    static let interruptPriority: [UInt64] = [11, 3, 7, 9, 1, 5]

    /// The highest-priority interrupt that is pending, enabled and not masked at this privilege.
    func pendingInterrupt() -> UInt64? {
        let st = s.pointee
        if st.interruptsFromOutside { return nil }
        let pending = mip & st.mie
        if pending == 0 { return nil }
        let priv = st.privilege
        let mEnabled = priv != .machine || st.mstatus & MStatus.mie != 0
        let sEnabled = priv == .user || (priv == .supervisor && st.mstatus & MStatus.sie != 0)
        let m = mEnabled ? pending & ~st.mideleg : 0
        let sv = sEnabled ? pending & st.mideleg : 0
        for irq in Hart.interruptPriority where m & (1 << irq) != 0 { return irq }
        for irq in Hart.interruptPriority where sv & (1 << irq) != 0 { return irq }
        return nil
    }

    /// Enters the trap handler (M or delegated S) for `trap` raised by the instruction at `pc`.
    @inline(never)
    func takeTrap(_ trap: Trap, pc: UInt64) {
        let st = s
        let priv = st.pointee.privilege
        let code = trap.cause
        let deleg = trap.isInterrupt ? st.pointee.mideleg : st.pointee.medeleg
        let causeValue = trap.isInterrupt ? code | (UInt64(1) << UInt64(xlen - 1)) : code
        let tval = trap.tval & addrMask
        st.pointee.trapCount &+= 1
        if syscallHandler != nil && !trap.isInterrupt {
            // Linux user mode has no guest kernel: a trap ends the process, like a fatal signal.
            st.pointee.stopRequested = true
            st.pointee.exitCode = 1
            st.pointee.stopMessage = "fatal trap: \(ExceptionCause(rawValue: code).map { "\($0)" } ?? "cause \(code)") (cause \(code)) at pc 0x\(hex(pc & addrMask, digits: xlen / 4)), tval 0x\(hex(trap.tval & addrMask, digits: xlen / 4))"
            st.pointee.nextEventAt = 0
            return
        }
        if priv != .machine && (deleg >> code) & 1 == 1 {
            st.pointee.scause = causeValue
            st.pointee.sepc = pc & addrMask
            st.pointee.stval = tval
            var ms = st.pointee.mstatus
            ms = (ms & ~MStatus.spie) | (ms & MStatus.sie != 0 ? MStatus.spie : 0)
            ms = (ms & ~MStatus.spp) | (priv == .supervisor ? MStatus.spp : 0)
            ms &= ~MStatus.sie
            st.pointee.mstatus = ms
            let base = st.pointee.stvec & ~3
            st.pointee.pc = (st.pointee.stvec & 3 == 1 && trap.isInterrupt) ? base &+ 4 * code : base
            st.pointee.privilege = .supervisor
        } else {
            st.pointee.mcause = causeValue
            st.pointee.mepc = pc & addrMask
            st.pointee.mtval = tval
            var ms = st.pointee.mstatus
            ms = (ms & ~MStatus.mpie) | (ms & MStatus.mie != 0 ? MStatus.mpie : 0)
            ms = (ms & ~MStatus.mpp) | (UInt64(priv.rawValue) << MStatus.mppShift)
            ms &= ~MStatus.mie
            st.pointee.mstatus = ms
            let base = st.pointee.mtvec & ~3
            st.pointee.pc = (st.pointee.mtvec & 3 == 1 && trap.isInterrupt) ? base &+ 4 * code : base
            st.pointee.privilege = .machine
        }
        st.pointee.pc &= addrMask
        privilegeOrTranslationChanged()
    }

    /// Recomputes the checked-path flags (translation and PMP) and flushes the TLB.
    func privilegeOrTranslationChanged() {
        s.pointee.fetchTranslates = needsCheckedPath(s.pointee.privilege, paging: pagingEnabled)
        s.pointee.dataTranslates = needsCheckedPath(effectiveDataPrivilege, paging: pagingEnabled)
        tlb.flush()
        s.pointee.nextEventAt = 0
    }

    /// Privilege used for loads/stores (MPRV makes M-mode accesses use MPP).
    var effectiveDataPrivilege: PrivilegeMode {
        let st = s.pointee
        if st.privilege == .machine && st.mstatus & MStatus.mprv != 0 {
            return PrivilegeMode(rawValue: UInt8((st.mstatus >> MStatus.mppShift) & 3)) ?? .user
        }
        return st.privilege
    }

    func illegal(_ d: DecodedInstruction, pc: UInt64) -> Trap {
        Trap(.illegalInstruction, tval: UInt64(rawInstruction(at: pc) ?? 0))
    }

    /// ecall/ebreak/xRET/wfi/sfence.vma and the Zicsr instructions.
    @inline(never)
    func executeSystem(_ d: DecodedInstruction, pc: UInt64) throws(Trap) -> UInt64 {
        let st = s
        let priv = st.pointee.privilege
        switch d.op {
        case .ecall:
            if priv == .user, let handler = syscallHandler {
                handler.syscall(self, pc: pc)
                return pc &+ 4
            }
            switch priv {
            case .user: throw Trap(.ecallFromU)
            case .supervisor: throw Trap(.ecallFromS)
            case .machine: throw Trap(.ecallFromM)
            }
        case .ebreak:
            throw Trap(.breakpoint, tval: pc)
        case .mret:
            guard priv == .machine else { throw illegal(d, pc: pc) }
            var ms = st.pointee.mstatus
            let mpp = UInt8((ms >> MStatus.mppShift) & 3)
            ms = (ms & ~MStatus.mie) | (ms & MStatus.mpie != 0 ? MStatus.mie : 0)
            ms |= MStatus.mpie
            ms &= ~MStatus.mpp
            if mpp != PrivilegeMode.machine.rawValue { ms &= ~MStatus.mprv }
            st.pointee.mstatus = ms
            st.pointee.privilege = PrivilegeMode(rawValue: mpp) ?? .user
            privilegeOrTranslationChanged()
            return st.pointee.mepc & addrMask
        case .sret:
            guard priv == .machine || (priv == .supervisor && st.pointee.mstatus & MStatus.tsr == 0) else {
                throw illegal(d, pc: pc)
            }
            var ms = st.pointee.mstatus
            let spp: PrivilegeMode = ms & MStatus.spp != 0 ? .supervisor : .user
            ms = (ms & ~MStatus.sie) | (ms & MStatus.spie != 0 ? MStatus.sie : 0)
            ms |= MStatus.spie
            ms &= ~MStatus.spp
            ms &= ~MStatus.mprv
            st.pointee.mstatus = ms
            st.pointee.privilege = spp
            privilegeOrTranslationChanged()
            return st.pointee.sepc & addrMask
        case .wfi:
            if priv == .user || (priv == .supervisor && st.pointee.mstatus & MStatus.tw != 0) {
                throw illegal(d, pc: pc)
            }
            // Fast-forward time to the timer deadline when nothing else can wake the hart.
            if mip & st.pointee.mie == 0 && st.pointee.mie & (1 << InterruptNumber.machineTimer) != 0 {
                let now = st.pointee.mtime
                if st.pointee.mtimecmp > now && st.pointee.mtimecmp != .max {
                    st.pointee.mtimeOffset &+= st.pointee.mtimecmp - now
                }
            }
            st.pointee.nextEventAt = 0
            return pc &+ 4
        case .sfenceVMA:
            if priv == .user || (priv == .supervisor && st.pointee.mstatus & MStatus.tvm != 0) {
                throw illegal(d, pc: pc)
            }
            tlb.flush()
            return pc &+ 4
        default:
            // Zicsr
            let csr = UInt16(d.imm & 0xFFF)
            let isImm = d.op == .csrrwi || d.op == .csrrsi || d.op == .csrrci
            let operand = isImm ? UInt64(d.rs1) : x[Int(d.rs1)]
            let writes: Bool
            switch d.op {
            case .csrrw, .csrrwi: writes = true
            default: writes = d.rs1 != 0
            }
            let reads = !(d.op == .csrrw || d.op == .csrrwi) || d.rd != 32
            guard csrAccessible(csr, write: writes) else { throw illegal(d, pc: pc) }
            var old: UInt64 = 0
            if reads || d.op != .csrrw && d.op != .csrrwi {
                guard let v = csrRead(csr) else { throw illegal(d, pc: pc) }
                old = v
            } else if csrRead(csr) == nil {
                throw illegal(d, pc: pc)
            }
            if writes {
                let nv: UInt64
                switch d.op {
                case .csrrw, .csrrwi: nv = operand
                case .csrrs, .csrrsi: nv = old | operand
                default: nv = old & ~operand
                }
                csrWrite(csr, nv & addrMask)
                st.pointee.nextEventAt = 0
            }
            x[Int(d.rd)] = canon(old)
            return pc &+ 4
        }
    }
}
