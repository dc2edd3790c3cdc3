/// A memory-mapped device on the system bus (CLINT, UART, test finisher, later the GPU).
///
/// Only accesses that miss RAM reach devices, so RAM never pays for this dynamic dispatch.
public protocol Device: AnyObject {
    /// Human-readable name for diagnostics.
    var name: String { get }
    /// Size in bytes of the device's address window.
    var size: UInt64 { get }
    /// Reads `size` (1, 2, 4 or 8) bytes at `offset`; nil raises a load access fault.
    func read(offset: UInt64, size: Int) -> UInt64?
    /// Writes the low `size` bytes of `value` at `offset`; false raises a store access fault.
    func write(offset: UInt64, size: Int, value: UInt64) -> Bool
}

/// Routes non-RAM physical accesses to devices by address range.
public final class Bus {
    public private(set) var mappings: [(base: UInt64, device: any Device)] = []

    public init() {}

    /// Maps a device at `base`; the window must not overlap an existing one.
    public func map(_ device: any Device, at base: UInt64) {
        mappings.append((base, device))
    }

    @inline(never)
    public func read(_ address: UInt64, size: Int) -> UInt64? {
        for m in mappings where address &- m.base < m.device.size && address >= m.base {
            guard address - m.base + UInt64(size) <= m.device.size else { return nil }
            return m.device.read(offset: address - m.base, size: size)
        }
        return nil
    }

    @inline(never)
    public func write(_ address: UInt64, size: Int, value: UInt64) -> Bool {
        for m in mappings where address &- m.base < m.device.size && address >= m.base {
            guard address - m.base + UInt64(size) <= m.device.size else { return false }
            return m.device.write(offset: address - m.base, size: size, value: value)
        }
        return false
    }
}
