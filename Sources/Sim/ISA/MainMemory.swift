#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Main memory plus its per-word decode cache.
///
/// Both are zero-filled `calloc` blocks (the OS maps pages lazily, so a large RAM costs nothing
/// until touched). Every store into RAM clears the decode-cache slots it covers, which makes
/// self-modifying code and `fence.i` correct without any explicit flush.
public final class MainMemory {
    public let base: UInt64
    public let size: UInt64
    public let bytes: UnsafeMutableRawPointer
    let decoded: UnsafeMutablePointer<DecodedInstruction>

    public init(base: UInt64, size: UInt64) {
        self.base = base
        self.size = size
        let raw = calloc(Int(size) + 8, 1)!
        bytes = raw
        let slots = Int(size / 4) + 2
        let d = calloc(slots, MemoryLayout<DecodedInstruction>.stride)!
        decoded = d.bindMemory(to: DecodedInstruction.self, capacity: slots)
    }

    deinit {
        free(bytes)
        free(UnsafeMutableRawPointer(decoded))
    }

    /// True when [address, address+length) lies entirely in RAM.
    public func contains(_ address: UInt64, length: UInt64) -> Bool {
        let off = address &- base
        return address >= base && off <= size && length <= size - off
    }

    /// Copies bytes into RAM (used by loaders and tests); returns false when out of range.
    @discardableResult
    public func write(_ data: some Collection<UInt8>, at address: UInt64) -> Bool {
        guard contains(address, length: UInt64(data.count)) else { return false }
        var off = Int(address - base)
        for b in data { bytes.storeBytes(of: b, toByteOffset: off, as: UInt8.self); off += 1 }
        invalidateDecoded(offset: address - base, length: UInt64(data.count))
        return true
    }

    /// Reads bytes out of RAM; nil when out of range.
    public func read(_ address: UInt64, count: Int) -> [UInt8]? {
        guard count >= 0, contains(address, length: UInt64(count)) else { return nil }
        let off = Int(address - base)
        return (0..<count).map { bytes.load(fromByteOffset: off + $0, as: UInt8.self) }
    }

    public func fill(_ address: UInt64, count: UInt64, with value: UInt8 = 0) -> Bool {
        guard contains(address, length: count) else { return false }
        memset(bytes + Int(address - base), Int32(value), Int(count))
        invalidateDecoded(offset: address - base, length: count)
        return true
    }

    func invalidateDecoded(offset: UInt64, length: UInt64) {
        guard length > 0 else { return }
        var i = offset >> 2
        while i <= (offset + length - 1) >> 2 { decoded[Int(i)].op = .notDecoded; i += 1 }
    }

    /// Drops every cached decode (used when XLEN changes).
    public func flushDecodeCache() {
        memset(UnsafeMutableRawPointer(decoded), 0, Int(size / 4 + 2) * MemoryLayout<DecodedInstruction>.stride)
    }
}
