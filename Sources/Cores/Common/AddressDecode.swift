import HDL
import Spec

// Address decoding in hardware, for the SoC's decoder and the MMU's memory-map checks: whether an
// address lies in a window of the memory map (Spec's MemoryMap), or in RAM.

extension Region {
    /// Whether `address` (of any width that covers the region) lies in this window: all its bits
    /// above the window's offset equal the base's.
    public func contains(_ address: Signal) -> Signal {
        address[address.width - 1, offsetBits] == Const(base >> UInt64(offsetBits), .uint(address.width - offsetBits))
    }
}

/// Whether `address` lies in the `ramBytes` of RAM at `MemoryMap.ramBase`: one compare of the high
/// bits when the size is a power of two, else a range.
public func inRAM(_ address: Signal, ramBytes: Int) -> Signal {
    if ramBytes.nonzeroBitCount == 1 { return Region(base: MemoryMap.ramBase, size: UInt64(ramBytes)).contains(address) }
    let w = address.width
    return address >= Const(MemoryMap.ramBase, .uint(w)) && address < Const(MemoryMap.ramBase + UInt64(ramBytes), .uint(w))
}
