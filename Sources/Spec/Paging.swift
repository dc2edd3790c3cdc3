// The page-table formats of the privileged spec that the MMU implements: Sv32 on RV32, Sv39 on
// RV64 (satp's MODE field says which), and the bits of a page-table entry. The RTL's TLBs and
// walker, the ISA model's walker and the tests read them from here.

/// A paging scheme: how a virtual address splits into VPN fields and how big an entry is.
public struct PagingScheme: Sendable, Equatable {
    /// satp.MODE for this scheme.
    public let mode: UInt64
    /// Levels of the page table (the walk starts at `levels - 1`).
    public let levels: Int
    /// Bits of each VPN field.
    public let vpnBits: Int
    /// Bytes of a page-table entry.
    public let pteBytes: Int
    /// Bits of a physical page number (in a PTE and in satp).
    public let ppnBits: Int
    /// The XLEN whose scheme this is.
    public var xlen: Int { mode == 1 ? 32 : 64 }
    /// Bits of a virtual address that translation uses (Sv39: the rest must copy bit 38).
    public var virtualBits: Int { 12 + levels * vpnBits }
    public var vpnWidth: Int { levels * vpnBits }

    public static let sv32 = PagingScheme(mode: 1, levels: 2, vpnBits: 10, pteBytes: 4, ppnBits: 22)
    public static let sv39 = PagingScheme(mode: 8, levels: 3, vpnBits: 9, pteBytes: 8, ppnBits: 44)

    /// The scheme of an XLEN (the only one each implements besides Bare).
    public static func forXLEN(_ xlen: Int) -> PagingScheme { xlen == 32 ? .sv32 : .sv39 }

    /// satp's MODE field: its bit position (it runs to the top bit).
    public static func satpModeShift(xlen: Int) -> Int { xlen == 32 ? 31 : 60 }

    /// What a write of `value` to satp leaves there: Bare (0), or this scheme's MODE with the PPN
    /// (the ASID field reads 0: ASIDs are not implemented); nil for an unsupported MODE, which
    /// leaves satp unchanged.
    public func satpAfterWriting(_ value: UInt64) -> UInt64? {
        let shift = UInt64(Self.satpModeShift(xlen: xlen))
        let written = value >> shift
        if written == 0 { return 0 }
        guard written == mode else { return nil }
        return mode << shift | value & ((1 << UInt64(ppnBits)) - 1)
    }
}

/// Bit positions in a page-table entry.
public enum PTEBit: Int, Sendable, CaseIterable {
    case valid = 0, read, write, execute, user, global, accessed, dirty
    public var mask: UInt64 { 1 << UInt64(rawValue) }
    /// The PPN starts here.
    public static let ppnShift = 10
    /// Sv39: bits 63..54 are reserved (and Svpbmt/Svnapot, which are not implemented): must be 0.
    public static let sv39ReservedShift = 54
}
