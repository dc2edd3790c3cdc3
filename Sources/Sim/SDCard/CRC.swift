// The two CRCs of the SD protocol (Physical Layer Simplified Specification, 4.5): CRC7 over a
// command's first five bytes, CRC16-CCITT over a data block.

public enum SDCRC {
    /// CRC7, generator x^7 + x^3 + 1. A command's last byte is `crc7 << 1 | 1`.
    public static func crc7<S: Sequence>(_ bytes: S) -> UInt8 where S.Element == UInt8 {
        var crc: UInt8 = 0
        for byte in bytes {
            for bit in (0..<8).reversed() {
                let feedback = ((byte >> UInt8(bit)) & 1) ^ (crc >> 6)
                crc = (crc << 1) & 0x7F
                if feedback == 1 { crc ^= 0x09 }
            }
        }
        return crc
    }

    /// CRC16-CCITT, generator x^16 + x^12 + x^5 + 1, initial value 0 (sent high byte first).
    public static func crc16<S: Sequence>(_ bytes: S) -> UInt16 where S.Element == UInt8 {
        var crc: UInt16 = 0
        for byte in bytes {
            crc ^= UInt16(byte) << 8
            for _ in 0..<8 { crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1 }
        }
        return crc
    }
}
