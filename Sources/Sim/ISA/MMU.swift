import Spec

/// Kind of memory access (selects permissions, fault causes and the TLB bank).
public enum AccessType: Int, Sendable {
    case fetch = 0, load = 1, store = 2
    var pageFault: ExceptionCause {
        switch self { case .fetch: .instructionPageFault; case .load: .loadPageFault; case .store: .storePageFault }
    }
    var accessFault: ExceptionCause {
        switch self { case .fetch: .instructionAccessFault; case .load: .loadAccessFault; case .store: .storeAccessFault }
    }
    var pmpPermission: UInt8 {
        switch self { case .fetch: PMP.execute; case .load: PMP.read; case .store: PMP.write }
    }
}

/// Small direct-mapped TLB: one bank per access type, entries hold already permission-checked
/// translations of 4 KiB pages, so a hit is a tag compare. Flushed on satp/mstatus writes,
/// privilege changes and sfence.vma.
final class TLB {
    static let entries = 64
    let tags: UnsafeMutablePointer<UInt64>
    let pages: UnsafeMutablePointer<UInt64>
    init() {
        tags = .allocate(capacity: 3 * TLB.entries)
        pages = .allocate(capacity: 3 * TLB.entries)
        tags.initialize(repeating: .max, count: 3 * TLB.entries)
        pages.initialize(repeating: 0, count: 3 * TLB.entries)
    }
    deinit { tags.deallocate(); pages.deallocate() }
    func flush() { tags.update(repeating: .max, count: 3 * TLB.entries) }
}

/// Sv32 / Sv39 page-table walker. A and D bits follow Svade by default (a walk that finds A == 0,
/// or D == 0 on a store, is a page fault, as in the RTL and Spike); with
/// `hardwareUpdatesAccessedDirty` it sets them in the PTE in memory instead, as qemu does.
extension Hart {
    @inline(__always)
    func translate(_ va: UInt64, access: AccessType) throws(Trap) -> UInt64 {
        let vpn = va >> 12
        let i = access.rawValue * TLB.entries + Int(vpn & UInt64(TLB.entries - 1))
        if tlb.tags[i] == vpn { return tlb.pages[i] | (va & 0xFFF) }
        return try walk(va, access: access, slot: i)
    }

    /// A TLB miss: the page walk when paging is on for this access, then the PMP check of the
    /// physical address. The TLB keeps the page when PMP treats all of it alike.
    @inline(never)
    func walk(_ va: UInt64, access: AccessType, slot: Int) throws(Trap) -> UInt64 {
        let st = s.pointee
        let priv = access == .fetch ? st.privilege : effectiveDataPrivilege
        let pa = pagingEnabled && priv != .machine ? try pageWalk(va, access: access, privilege: priv) : va
        guard pmpAllows(pa, access.pmpPermission, privilege: priv) else { throw Trap(access.accessFault, tval: va) }
        if pmpTreatsAlike(page: pa & ~0xFFF) {
            tlb.tags[slot] = va >> 12
            tlb.pages[slot] = pa & ~0xFFF
        }
        return pa
    }

    func pmpAllows(_ pa: UInt64, _ permission: UInt8, privilege: PrivilegeMode) -> Bool {
        PMP.allows(pa, permission: permission, machine: privilege == .machine, config: s.pointee.pmpConfig, address: s.pointee.pmpAddress)
    }

    /// No boundary of the PMP entry's region falls inside the 4 KiB page at `page`.
    func pmpTreatsAlike(page: UInt64) -> Bool {
        guard let region = PMP.region(config: s.pointee.pmpConfig, address: s.pointee.pmpAddress) else { return true }
        return [region.lowerBound, region.upperBound].allSatisfy { $0 <= page || $0 >= page &+ 0x1000 }
    }

    /// satp selects this XLEN's paging scheme (else Bare).
    var pagingEnabled: Bool {
        s.pointee.satp >> UInt64(PagingScheme.satpModeShift(xlen: xlen)) == PagingScheme.forXLEN(xlen).mode
    }

    /// Whether fetches or data accesses at `privilege` need the checked path: paging is on for them,
    /// or PMP may refuse one (below M mode unless the entry grants everything everywhere, as firmware
    /// usually sets it; in M mode under a locked entry that is not OFF).
    func needsCheckedPath(_ privilege: PrivilegeMode, paging: Bool) -> Bool {
        if paging && privilege != .machine { return true }
        let config = s.pointee.pmpConfig, mode = (config >> PMP.modeShift) & 3
        let everything = PMP.read | PMP.write | PMP.execute
        let grantsAll = mode == PMP.Mode.napot.rawValue && config & everything == everything
            && s.pointee.pmpAddress == PMP.addressMask(xlen: xlen)
        if grantsAll { return false }
        return privilege != .machine || (config & PMP.lock != 0 && mode != PMP.Mode.off.rawValue)
    }

    /// The Sv32/Sv39 walk of `va`: the physical address, or the page or access fault.
    func pageWalk(_ va: UInt64, access: AccessType, privilege priv: PrivilegeMode) throws(Trap) -> UInt64 {
        let st = s.pointee
        let pageFault = Trap(access.pageFault, tval: va)
        let rv32 = xlen == 32
        let scheme = PagingScheme.forXLEN(xlen)
        let levels = scheme.levels
        let vpnBits = UInt64(scheme.vpnBits)
        let pteSize = UInt64(scheme.pteBytes)
        if !rv32 {
            // Sv39: bits 63..39 must equal bit 38.
            let top = Int64(bitPattern: va) >> (scheme.virtualBits - 1)
            if top != 0 && top != -1 { throw pageFault }
        }
        let ppnMask: UInt64 = (1 << UInt64(scheme.ppnBits)) - 1
        var table = (st.satp & ppnMask) << 12
        var level = levels - 1
        var pte: UInt64 = 0
        var pteAddr: UInt64 = 0
        while true {
            let vpnI = (va >> (12 + UInt64(level) * vpnBits)) & ((1 << vpnBits) - 1)
            pteAddr = table &+ vpnI * pteSize
            // A PTE read is an S-mode read for PMP.
            guard memory.contains(pteAddr, length: pteSize), pmpAllows(pteAddr, PMP.read, privilege: .supervisor) else {
                throw Trap(access.accessFault, tval: va)
            }
            let off = Int(pteAddr - ramBase)
            pte = rv32 ? UInt64(ram.load(fromByteOffset: off, as: UInt32.self)) : ram.load(fromByteOffset: off, as: UInt64.self)
            let entry = pte
            let has = { (bit: PTEBit) in entry & bit.mask != 0 }
            if !has(.valid) || (!has(.read) && has(.write)) { throw pageFault }
            if !rv32 && pte >> UInt64(PTEBit.sv39ReservedShift) != 0 { throw pageFault }   // reserved / Svpbmt / Svnapot not supported
            if has(.read) || has(.execute) { break }
            if has(.dirty) || has(.accessed) || has(.user) { throw pageFault }   // not in a pointer
            level -= 1
            if level < 0 { throw pageFault }
            table = ((pte >> UInt64(PTEBit.ppnShift)) & ppnMask) << 12
        }
        let leaf = pte
        let has = { (bit: PTEBit) in leaf & bit.mask != 0 }
        let r = has(.read), w = has(.write), xb = has(.execute), u = has(.user)
        switch access {
        case .fetch: if !xb { throw pageFault }
        case .load: if !(r || (xb && st.mstatus & MStatus.mxr != 0)) { throw pageFault }
        case .store: if !w { throw pageFault }
        }
        if priv == .user && !u { throw pageFault }
        if priv == .supervisor && u && (access == .fetch || st.mstatus & MStatus.sum == 0) { throw pageFault }
        let ppn = (pte >> UInt64(PTEBit.ppnShift)) & ppnMask
        if level > 0 && ppn & ((1 << (UInt64(level) * vpnBits)) - 1) != 0 { throw pageFault }   // misaligned superpage
        if !st.hardwareUpdatesAccessedDirty && (!has(.accessed) || (access == .store && !has(.dirty))) { throw pageFault }
        var newPTE = pte | PTEBit.accessed.mask
        if access == .store { newPTE |= PTEBit.dirty.mask }
        if newPTE != pte {
            let off = Int(pteAddr - ramBase)
            if rv32 { ram.storeBytes(of: UInt32(truncatingIfNeeded: newPTE), toByteOffset: off, as: UInt32.self) }
            else { ram.storeBytes(of: newPTE, toByteOffset: off, as: UInt64.self) }
            memory.invalidateDecoded(offset: UInt64(off), length: pteSize)
        }
        let pageOffsetBits = 12 + UInt64(level) * vpnBits
        let lowMask: UInt64 = (1 << pageOffsetBits) - 1
        return ((ppn << 12) & ~lowMask) | (va & lowMask)
    }
}
