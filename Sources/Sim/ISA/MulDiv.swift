/// Pure semantics of the M extension on 64-bit register values.
///
/// RV32 values are held sign-extended in 64 bits; the `*W` / `*32` forms implement the 32-bit
/// behaviour (RV32 `div` == RV64 `divw` on such values). Division by zero and overflow follow the
/// spec table (no traps).
public enum MulDiv {
    @inline(__always) public static func sext32(_ v: UInt64) -> UInt64 {
        UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: v)))
    }
    @inline(__always) public static func mul(_ a: UInt64, _ b: UInt64) -> UInt64 { a &* b }
    @inline(__always) public static func mulh(_ a: UInt64, _ b: UInt64) -> UInt64 {
        UInt64(bitPattern: Int64(bitPattern: a).multipliedFullWidth(by: Int64(bitPattern: b)).high)
    }
    @inline(__always) public static func mulhu(_ a: UInt64, _ b: UInt64) -> UInt64 {
        a.multipliedFullWidth(by: b).high
    }
    @inline(__always) public static func mulhsu(_ a: UInt64, _ b: UInt64) -> UInt64 {
        // signed(a) * unsigned(b): unsigned high product, corrected when a is negative.
        let hi = a.multipliedFullWidth(by: b).high
        return Int64(bitPattern: a) < 0 ? hi &- b : hi
    }
    @inline(__always) public static func div(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let x = Int64(bitPattern: a), y = Int64(bitPattern: b)
        if y == 0 { return UInt64.max }
        if x == Int64.min && y == -1 { return a }
        return UInt64(bitPattern: x / y)
    }
    @inline(__always) public static func divu(_ a: UInt64, _ b: UInt64) -> UInt64 {
        b == 0 ? UInt64.max : a / b
    }
    @inline(__always) public static func rem(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let x = Int64(bitPattern: a), y = Int64(bitPattern: b)
        if y == 0 { return a }
        if x == Int64.min && y == -1 { return 0 }
        return UInt64(bitPattern: x % y)
    }
    @inline(__always) public static func remu(_ a: UInt64, _ b: UInt64) -> UInt64 {
        b == 0 ? a : a % b
    }
    @inline(__always) public static func mulw(_ a: UInt64, _ b: UInt64) -> UInt64 { sext32(a &* b) }
    @inline(__always) public static func divw(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let x = Int32(truncatingIfNeeded: a), y = Int32(truncatingIfNeeded: b)
        if y == 0 { return UInt64.max }
        if x == Int32.min && y == -1 { return UInt64(bitPattern: Int64(x)) }
        return UInt64(bitPattern: Int64(x / y))
    }
    @inline(__always) public static func divuw(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let x = UInt32(truncatingIfNeeded: a), y = UInt32(truncatingIfNeeded: b)
        if y == 0 { return UInt64.max }
        return sext32(UInt64(x / y))
    }
    @inline(__always) public static func remw(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let x = Int32(truncatingIfNeeded: a), y = Int32(truncatingIfNeeded: b)
        if y == 0 { return UInt64(bitPattern: Int64(x)) }
        if x == Int32.min && y == -1 { return 0 }
        return UInt64(bitPattern: Int64(x % y))
    }
    @inline(__always) public static func remuw(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let x = UInt32(truncatingIfNeeded: a), y = UInt32(truncatingIfNeeded: b)
        if y == 0 { return sext32(UInt64(x)) }
        return sext32(UInt64(x % y))
    }
    @inline(__always) public static func mulh32(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let p = Int64(Int32(truncatingIfNeeded: a)) &* Int64(Int32(truncatingIfNeeded: b))
        return UInt64(bitPattern: p >> 32)
    }
    @inline(__always) public static func mulhsu32(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let p = Int64(Int32(truncatingIfNeeded: a)) &* Int64(UInt32(truncatingIfNeeded: b))
        return UInt64(bitPattern: p >> 32)
    }
    @inline(__always) public static func mulhu32(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let p = UInt64(UInt32(truncatingIfNeeded: a)) &* UInt64(UInt32(truncatingIfNeeded: b))
        return sext32(p >> 32)
    }
}
