/// One step of the compiled combinational logic. Narrow values (at most 64 bits) live in one
/// slot each; `mask` keeps results to their width. Wide operations go through `WideOp`.
struct TapeOp {
    enum Op: UInt8 {
        case and, or, xor, not, add, sub, negate
        case mul, mulSS, mulSU
        case shiftLeft, shiftRight, shiftRightArithmetic
        case equal, notEqual, lessThan, lessOrEqual, signedLessThan, signedLessOrEqual
        /// `a[width + k - 1 : width] == b`, k the bits of `mask`: a field compared with a constant.
        case fieldEqual
        case mux, concat, slice, signExtend
        /// `{n{a}}` for a one-bit `a` (byte masks, sign fills): all ones or zero.
        case replicateBit
        case reduceAnd, reduceOr, reduceXor
        case memoryRead
        /// `c1 ? v1 : c2 ? v2 : ... : d`, the mux chain a run of `When`s makes of one target:
        /// b: first entry in `tables` (pairs of condition and value slots, then the default);
        /// c: the number of pairs. One dispatch instead of one per mux.
        case priority
        /// `a == k1 ? v1 : a == k2 ? v2 : ... : d`, what a `Switch` makes: `tables` as for
        /// `priority`, with the constants' slots in place of the conditions.
        case switchLookup
        case wide
        /// Skip the next `c` instructions unless (or if) bit 0 of slot `a` is set: the logic
        /// only one side of a mux reads (see `GuardedRegions`).
        case skipUnless, skipIf
    }
    var op: Op
    /// How many low bits `mask` has set (64: all).
    var maskWidth: UInt8
    /// Width of the operands (for signed operations and shifts) or the shift/concat amount.
    var width: Int16
    var dst: Int32
    var a: Int32
    var b: Int32
    var c: Int32

    /// The low bits that the result (or, for some operations, an operand) keeps. Stored as a
    /// width: an instruction is 20 bytes, so a CPU-sized tape and its values fit the L1 cache.
    var mask: UInt64 { CompiledDesign.mask(Int(maskWidth)) }

    init(op: Op, width: Int32, dst: Int32, a: Int32, b: Int32, c: Int32, mask: UInt64) {
        precondition(mask & (mask &+ 1) == 0, "a mask is a run of low bits")
        precondition(width >= Int32(Int16.min) && width <= Int32(Int16.max), "an operand width or amount fits 16 bits")
        self.op = op; self.maskWidth = UInt8(mask.nonzeroBitCount); self.width = Int16(width)
        self.dst = dst; self.a = a; self.b = b; self.c = c
    }

    /// Copies slot `from` to slot `to` (a slice of the whole word).
    static func copy(from: Int, to: Int) -> TapeOp {
        TapeOp(op: .slice, width: 0, dst: Int32(to), a: Int32(from), b: 0, c: 0, mask: ~0)
    }
}

@inline(__always) func signExtend64(_ x: UInt64, _ width: Int16) -> Int64 {
    let shift = UInt64(64 - width)
    return Int64(bitPattern: x << shift) >> Int64(shift)
}

/// Runs the tape once over the value slots. Kept free of allocation and dynamic dispatch: this
/// loop is where the Swift simulator spends its time.
@inline(__always)
func runTape(_ tape: UnsafeBufferPointer<TapeOp>, _ v: UnsafeMutablePointer<UInt64>,
             _ memory: UnsafeMutablePointer<UInt64>, _ tables: UnsafePointer<Int32>, _ wide: WideEvaluator) {
    var p = tape.baseAddress!
    let end = p + tape.count
    while p < end {
        // Fields are read through the pointer, each only where needed, rather than copying
        // the whole 20-byte record first (most operations use three of its six fields).
        let ins = p
        p += 1
        let a = v[Int(ins.pointee.a)]
        let r: UInt64
        switch ins.pointee.op {
        case .and: r = a & v[Int(ins.pointee.b)]
        case .or: r = a | v[Int(ins.pointee.b)]
        case .xor: r = a ^ v[Int(ins.pointee.b)]
        case .not: r = ~a & ins.pointee.mask
        case .add: r = (a &+ v[Int(ins.pointee.b)]) & ins.pointee.mask
        case .sub: r = (a &- v[Int(ins.pointee.b)]) & ins.pointee.mask
        case .negate: r = (0 &- a) & ins.pointee.mask
        case .mul: r = (a &* v[Int(ins.pointee.b)]) & ins.pointee.mask
        case .mulSS:
            // width packs the two operand widths (a in the low 8 bits, b in the high).
            let x = signExtend64(a, ins.pointee.width & 0xFF), y = signExtend64(v[Int(ins.pointee.b)], ins.pointee.width >> 8)
            r = UInt64(bitPattern: x &* y) & ins.pointee.mask
        case .mulSU:
            let x = signExtend64(a, ins.pointee.width & 0xFF)
            r = (UInt64(bitPattern: x) &* v[Int(ins.pointee.b)]) & ins.pointee.mask
        case .shiftLeft:
            let n = v[Int(ins.pointee.b)]
            r = n >= UInt64(ins.pointee.width) ? 0 : (a << n) & ins.pointee.mask
        case .shiftRight:
            let n = v[Int(ins.pointee.b)]
            r = n >= UInt64(ins.pointee.width) ? 0 : a >> n
        case .shiftRightArithmetic:
            let n = min(v[Int(ins.pointee.b)], UInt64(ins.pointee.width - 1))
            r = UInt64(bitPattern: signExtend64(a, ins.pointee.width) >> Int64(n)) & ins.pointee.mask
        case .equal: r = a == v[Int(ins.pointee.b)] ? 1 : 0
        case .notEqual: r = a != v[Int(ins.pointee.b)] ? 1 : 0
        case .fieldEqual: r = (a >> UInt64(ins.pointee.width)) & ins.pointee.mask == v[Int(ins.pointee.b)] ? 1 : 0
        case .lessThan: r = a < v[Int(ins.pointee.b)] ? 1 : 0
        case .lessOrEqual: r = a <= v[Int(ins.pointee.b)] ? 1 : 0
        case .signedLessThan: r = signExtend64(a, ins.pointee.width) < signExtend64(v[Int(ins.pointee.b)], ins.pointee.width) ? 1 : 0
        case .signedLessOrEqual: r = signExtend64(a, ins.pointee.width) <= signExtend64(v[Int(ins.pointee.b)], ins.pointee.width) ? 1 : 0
        case .mux: r = a & 1 != 0 ? v[Int(ins.pointee.b)] : v[Int(ins.pointee.c)]
        case .concat: r = (a << UInt64(ins.pointee.width)) | v[Int(ins.pointee.b)]
        case .replicateBit: r = a & 1 != 0 ? ins.pointee.mask : 0
        case .slice: r = (a >> UInt64(ins.pointee.width)) & ins.pointee.mask
        case .signExtend: r = UInt64(bitPattern: signExtend64(a, ins.pointee.width)) & ins.pointee.mask
        case .reduceAnd: r = a == ins.pointee.mask ? 1 : 0
        case .reduceOr: r = a != 0 ? 1 : 0
        case .reduceXor: r = UInt64(a.nonzeroBitCount & 1)
        case .memoryRead:
            // b: the memory's first word in `memory`; c: its depth.
            r = a < UInt64(ins.pointee.c) ? memory[Int(ins.pointee.b) + Int(a)] : 0
        case .priority:
            let base = tables + Int(ins.pointee.b), count = Int(ins.pointee.c)
            var k = 0
            while k < count && v[Int(base[2 * k])] & 1 == 0 { k += 1 }
            r = v[Int(base[k < count ? 2 * k + 1 : 2 * count])]
        case .switchLookup:
            let base = tables + Int(ins.pointee.b), count = Int(ins.pointee.c)
            var k = 0
            while k < count && v[Int(base[2 * k])] != a { k += 1 }
            r = v[Int(base[k < count ? 2 * k + 1 : 2 * count])]
        case .wide:
            wide.run(Int(ins.pointee.a), v, memory)
            continue
        case .skipUnless:
            if a & 1 == 0 { p += Int(ins.pointee.c) }
            continue
        case .skipIf:
            if a & 1 != 0 { p += Int(ins.pointee.c) }
            continue
        }
        v[Int(ins.pointee.dst)] = r
    }
}
