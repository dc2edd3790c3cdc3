// Physical memory protection as this machine implements it: one entry (entry 0, in pmpcfg0[7:0] and
// pmpaddr0) at an 8-byte granularity (G = 1), open to everything at reset; entries 1-15 read as
// zero (OFF). The RTL's CSR file and
// PMPCheck, the ISA model and the tests read the rules from here.

/// The PMP entry's rules: its configuration bits, what a write leaves in them, and what it allows.
public enum PMP {
    /// pmpcfg bits: R, W, X, the address-matching mode A (bits 4:3) and the lock L.
    public static let read: UInt8 = 1 << 0, write: UInt8 = 1 << 1, execute: UInt8 = 1 << 2, lock: UInt8 = 1 << 7
    public static let modeShift = 3
    /// Address matching: OFF, TOR (from 0 up to pmpaddr0 << 2), NA4 and NAPOT.
    public enum Mode: UInt8, Sendable { case off = 0, tor = 1, na4 = 2, napot = 3 }
    /// log2 of the granule in bytes (8: G = 1). An access (at most 8 bytes, aligned) lies in one granule.
    public static let granuleShift = 3
    /// Bits of pmpaddr0: physical address bits 33:2 on RV32, 55:2 on RV64.
    public static func addressBits(xlen: Int) -> Int { xlen == 32 ? 32 : 54 }

    /// The entry at reset: NAPOT over the whole space, R W X, unlocked, so that software unaware of
    /// PMP runs below M mode (as on Spike; the spec lets a platform choose reset values). Software
    /// that wants PMP writes the entry, and `csrw pmpcfg0, zero` turns it off.
    public static let resetConfig: UInt8 = read | write | execute | Mode.napot.rawValue << modeShift
    /// Every bit pmpaddr0 holds; at reset it holds them all, which with NAPOT covers the whole space.
    public static func addressMask(xlen: Int) -> UInt64 { (1 << UInt64(addressBits(xlen: xlen))) - 1 }

    /// pmpcfg0[7:0] after a write of `value` to an unlocked entry (WARL): bits 6:5 read 0, the
    /// reserved R = 0, W = 1 leaves W clear, and NA4 (not selectable with 8-byte granules) becomes NAPOT.
    public static func configAfterWriting(_ value: UInt8) -> UInt8 {
        var config = value & (lock | 0x1F)
        if config & (read | write) == write { config &= ~write }
        if (config >> modeShift) & 3 == Mode.na4.rawValue { config |= Mode.napot.rawValue << modeShift }
        return config
    }

    /// pmpaddr0 as read: with 8-byte granules, bit 0 reads 0 unless the mode is NAPOT (it is kept).
    public static func addressRead(_ address: UInt64, config: UInt8) -> UInt64 {
        (config >> modeShift) & 2 != 0 ? address : address & ~1
    }

    /// The bytes the entry matches, [lower, upper); nil when it matches nothing (OFF).
    public static func region(config: UInt8, address: UInt64) -> Range<UInt64>? {
        switch Mode(rawValue: (config >> modeShift) & 3)! {
        case .off, .na4: return nil
        case .tor: return 0..<(address >> 1) << granuleShift          // bit 0 ignored: 8-byte granules
        case .napot:
            let size = address ^ (address &+ 1)          // the low bits that NAPOT ignores: trailing ones and one more
            let lower = (address & ~size) << 2
            return lower..<lower &+ (size &+ 1) << 2
        }
    }

    /// Whether an access to physical address `pa` that needs `permission` (read, write or execute)
    /// is allowed: a matching entry grants its permissions (to M mode only when locked); with no
    /// match, M mode is allowed and S and U are not (an entry is implemented).
    public static func allows(_ pa: UInt64, permission: UInt8, machine: Bool, config: UInt8, address: UInt64) -> Bool {
        guard let region = region(config: config, address: address), region.contains(pa) else { return machine }
        return (machine && config & lock == 0) || config & permission != 0
    }
}
