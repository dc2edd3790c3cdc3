/// One step of the compiled combinational logic. Narrow values (at most 64 bits) live in one
/// slot each; `mask` keeps results to their width. Wide operations go through `WideOp`.
struct Instruction {
    enum Op: UInt8 {
        case and, or, xor, not, add, sub, negate
        case mul, mulSS, mulSU
        case shiftLeft, shiftRight, shiftRightArithmetic
        case equal, notEqual, lessThan, lessOrEqual, signedLessThan, signedLessOrEqual
        case mux, concat, slice, signExtend
        /// `{n{a}}` for a one-bit `a` (byte masks, sign fills): all ones or zero.
        case replicateBit
        case reduceAnd, reduceOr, reduceXor
        case memoryRead
        case wide
    }
    var op: Op
    /// Width of the operands (for signed operations and shifts) or the shift/concat amount.
    var width: Int32
    var dst: Int32
    var a: Int32
    var b: Int32
    var c: Int32
    var mask: UInt64
}

@inline(__always) func signExtend64(_ x: UInt64, _ width: Int32) -> Int64 {
    let shift = UInt64(64 - width)
    return Int64(bitPattern: x << shift) >> Int64(shift)
}

/// Runs the tape once over the value slots. Kept free of allocation and dynamic dispatch: this
/// loop is where the Swift simulator spends its time.
@inline(__always)
func runTape(_ tape: UnsafeBufferPointer<Instruction>, _ v: UnsafeMutablePointer<UInt64>,
             _ memory: UnsafeMutablePointer<UInt64>, _ wide: WideEvaluator) {
    var p = tape.baseAddress!
    let end = p + tape.count
    while p < end {
        let ins = p.pointee
        p += 1
        let a = v[Int(ins.a)]
        let r: UInt64
        switch ins.op {
        case .and: r = a & v[Int(ins.b)]
        case .or: r = a | v[Int(ins.b)]
        case .xor: r = a ^ v[Int(ins.b)]
        case .not: r = ~a & ins.mask
        case .add: r = (a &+ v[Int(ins.b)]) & ins.mask
        case .sub: r = (a &- v[Int(ins.b)]) & ins.mask
        case .negate: r = (0 &- a) & ins.mask
        case .mul: r = (a &* v[Int(ins.b)]) & ins.mask
        case .mulSS:
            // width packs the two operand widths (a in the low 16 bits, b in the high).
            let x = signExtend64(a, ins.width & 0xFFFF), y = signExtend64(v[Int(ins.b)], ins.width >> 16)
            r = UInt64(bitPattern: x &* y) & ins.mask
        case .mulSU:
            let x = signExtend64(a, ins.width & 0xFFFF)
            r = (UInt64(bitPattern: x) &* v[Int(ins.b)]) & ins.mask
        case .shiftLeft:
            let n = v[Int(ins.b)]
            r = n >= UInt64(ins.width) ? 0 : (a << n) & ins.mask
        case .shiftRight:
            let n = v[Int(ins.b)]
            r = n >= UInt64(ins.width) ? 0 : a >> n
        case .shiftRightArithmetic:
            let n = min(v[Int(ins.b)], UInt64(ins.width - 1))
            r = UInt64(bitPattern: signExtend64(a, ins.width) >> Int64(n)) & ins.mask
        case .equal: r = a == v[Int(ins.b)] ? 1 : 0
        case .notEqual: r = a != v[Int(ins.b)] ? 1 : 0
        case .lessThan: r = a < v[Int(ins.b)] ? 1 : 0
        case .lessOrEqual: r = a <= v[Int(ins.b)] ? 1 : 0
        case .signedLessThan: r = signExtend64(a, ins.width) < signExtend64(v[Int(ins.b)], ins.width) ? 1 : 0
        case .signedLessOrEqual: r = signExtend64(a, ins.width) <= signExtend64(v[Int(ins.b)], ins.width) ? 1 : 0
        case .mux: r = a & 1 != 0 ? v[Int(ins.b)] : v[Int(ins.c)]
        case .concat: r = (a << UInt64(ins.width)) | v[Int(ins.b)]
        case .replicateBit: r = a & 1 != 0 ? ins.mask : 0
        case .slice: r = (a >> UInt64(ins.width)) & ins.mask
        case .signExtend: r = UInt64(bitPattern: signExtend64(a, ins.width)) & ins.mask
        case .reduceAnd: r = a == ins.mask ? 1 : 0
        case .reduceOr: r = a != 0 ? 1 : 0
        case .reduceXor: r = UInt64(a.nonzeroBitCount & 1)
        case .memoryRead:
            // b: the memory's first word in `memory`; c: its depth.
            r = a < UInt64(ins.c) ? memory[Int(ins.b) + Int(a)] : 0
        case .wide:
            wide.run(Int(ins.a), v, memory)
            continue
        }
        v[Int(ins.dst)] = r
    }
}
