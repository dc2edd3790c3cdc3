// CRC32: zlib's CRC-32, which the storage tests' listings and the demo's files (docs/DEMO.md) use.

/// CRC-32 as zlib computes it (reflected, polynomial 0xEDB88320, initial and final XOR all ones).
public enum CRC32 {
    public static func of(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? crc >> 1 ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
    public static func hex(_ bytes: [UInt8]) -> String {
        let s = String(of(bytes), radix: 16)
        return String(repeating: "0", count: 8 - s.count) + s
    }
}
