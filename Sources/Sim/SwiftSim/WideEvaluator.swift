import HDL

/// Operations where an operand or the result is wider than 64 bits: the slow but general path.
/// Each operand is copied into a scratch buffer (zero-extended to the widest width involved), the
/// result computed word by word, then stored with its top bits masked. No allocation per cycle.
final class WideEvaluator {
    struct Op {
        let kind: Node.Kind          // operands already mapped to slot offsets
        let dst: Int
        let width: Int
        let operandWidths: [Int]
        /// For memory reads: first word of the memory, its depth and words per entry.
        let memoryBase: Int, memoryDepth: Int
    }

    var ops: [Op] = []
    private var scratchA: [UInt64] = []
    private var scratchB: [UInt64] = []
    private var scratchR: [UInt64] = []

    func add(_ op: Op) -> Int {
        ops.append(op)
        let words = (([op.width] + op.operandWidths).max()! + 63) / 64 + 1
        if scratchA.count < words {
            scratchA = Array(repeating: 0, count: words)
            scratchB = Array(repeating: 0, count: words)
            scratchR = Array(repeating: 0, count: words)
        }
        return ops.count - 1
    }

    static func words(_ width: Int) -> Int { (width + 63) / 64 }

    func run(_ index: Int, _ v: UnsafeMutablePointer<UInt64>, _ memory: UnsafeMutablePointer<UInt64>) {
        let op = ops[index]
        scratchA.withUnsafeMutableBufferPointer { a in
            scratchB.withUnsafeMutableBufferPointer { b in
                scratchR.withUnsafeMutableBufferPointer { r in
                    evaluate(op, v, memory, a.baseAddress!, b.baseAddress!, r.baseAddress!, a.count)
                }
            }
        }
    }

    /// Loads a value of `width` bits at slot `slot` into `out` (n words), extending by `signed`.
    @inline(__always)
    func load(_ v: UnsafeMutablePointer<UInt64>, _ slot: Int, _ width: Int, into out: UnsafeMutablePointer<UInt64>, _ n: Int, signed: Bool = false) {
        let w = WideEvaluator.words(width)
        for i in 0..<n { out[i] = i < w ? v[slot + i] : 0 }
        if signed && (v[slot + (width - 1) / 64] >> UInt64((width - 1) % 64)) & 1 == 1 {
            let r = width % 64
            if r != 0 { out[w - 1] |= ~((1 << UInt64(r)) &- 1) }
            for i in w..<n { out[i] = ~0 }
        }
    }

    @inline(__always)
    func store(_ r: UnsafeMutablePointer<UInt64>, to v: UnsafeMutablePointer<UInt64>, _ slot: Int, _ width: Int) {
        let w = WideEvaluator.words(width)
        for i in 0..<w { v[slot + i] = r[i] }
        let top = width % 64
        if top != 0 { v[slot + w - 1] &= (1 << UInt64(top)) &- 1 }
    }

    func bit(_ p: UnsafeMutablePointer<UInt64>, _ i: Int) -> UInt64 { (p[i / 64] >> UInt64(i % 64)) & 1 }

    /// Shifts the n-word value in `p` left by `k` bits into `r`.
    func shiftLeft(_ p: UnsafeMutablePointer<UInt64>, _ k: Int, _ r: UnsafeMutablePointer<UInt64>, _ n: Int) {
        let words = k / 64, bits = UInt64(k % 64)
        for i in stride(from: n - 1, through: 0, by: -1) {
            let src = i - words
            var x: UInt64 = src >= 0 ? p[src] << bits : 0
            if bits != 0 && src - 1 >= 0 { x |= p[src - 1] >> (64 - bits) }
            r[i] = x
        }
    }

    /// Shifts right by `k` bits, filling with `fill` (0 or all ones) from the top of bit `width`.
    func shiftRight(_ p: UnsafeMutablePointer<UInt64>, _ k: Int, _ r: UnsafeMutablePointer<UInt64>, _ n: Int) {
        let words = k / 64, bits = UInt64(k % 64)
        for i in 0..<n {
            let src = i + words
            var x: UInt64 = src < n ? p[src] >> bits : 0
            if bits != 0 && src + 1 < n { x |= p[src + 1] << (64 - bits) }
            r[i] = x
        }
    }

    func compareUnsigned(_ a: UnsafeMutablePointer<UInt64>, _ b: UnsafeMutablePointer<UInt64>, _ n: Int) -> Int {
        for i in stride(from: n - 1, through: 0, by: -1) where a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
        return 0
    }

    func evaluate(_ op: Op, _ v: UnsafeMutablePointer<UInt64>, _ memory: UnsafeMutablePointer<UInt64>,
                  _ a: UnsafeMutablePointer<UInt64>, _ b: UnsafeMutablePointer<UInt64>, _ r: UnsafeMutablePointer<UInt64>, _ capacity: Int) {
        let widest = ([op.width] + op.operandWidths).max()!
        let n = WideEvaluator.words(widest)
        for i in 0..<capacity { r[i] = 0 }
        switch op.kind {
        case .unary(let u, let x):
            load(v, x, op.operandWidths[0], into: a, n)
            let w = op.operandWidths[0]
            switch u {
            case .not: for i in 0..<n { r[i] = ~a[i] }
            case .negate:
                var carry: UInt64 = 1
                for i in 0..<n { let (s, o) = (~a[i]).addingReportingOverflow(carry); r[i] = s; carry = o ? 1 : 0 }
            case .reduceOr: r[0] = (0..<n).contains { a[$0] != 0 } ? 1 : 0
            case .reduceXor: r[0] = UInt64((0..<n).reduce(0) { $0 + a[$1].nonzeroBitCount } & 1)
            case .reduceAnd:
                var all: UInt64 = 1
                for i in 0..<w where bit(a, i) == 0 { all = 0; break }
                r[0] = all
            }
        case .binary(let bop, let x, let y):
            let wa = op.operandWidths[0], wb = op.operandWidths[1]
            switch bop {
            case .mulUU, .mulSS, .mulSU:
                let nr = WideEvaluator.words(op.width)
                load(v, x, wa, into: a, nr, signed: bop != .mulUU)
                load(v, y, wb, into: b, nr, signed: bop == .mulSS)
                for i in 0..<nr where a[i] != 0 {
                    var carry: UInt64 = 0
                    for j in 0..<(nr - i) {
                        let (hi, lo) = a[i].multipliedFullWidth(by: b[j])
                        let (s1, o1) = r[i + j].addingReportingOverflow(lo)
                        let (s2, o2) = s1.addingReportingOverflow(carry)
                        r[i + j] = s2
                        carry = hi &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
                    }
                }
            case .shiftLeft, .shiftRightLogical, .shiftRightArithmetic:
                load(v, x, wa, into: a, n, signed: bop == .shiftRightArithmetic)
                let amount = v[y] > UInt64(wa) || (WideEvaluator.words(wb) > 1 && (1..<WideEvaluator.words(wb)).contains { v[y + $0] != 0 })
                    ? wa : Int(v[y])
                if bop == .shiftLeft { shiftLeft(a, min(amount, wa), r, n) }
                else if amount >= wa {
                    let fill: UInt64 = bop == .shiftRightArithmetic && bit(a, wa - 1) == 1 ? ~0 : 0
                    for i in 0..<n { r[i] = fill }
                } else {
                    shiftRight(a, amount, r, n)
                    if bop == .shiftRightArithmetic && bit(a, wa - 1) == 1 {
                        for i in (wa - amount)..<wa { r[i / 64] |= 1 << UInt64(i % 64) }
                    }
                }
            default:
                let signed = bop == .signedLessThan || bop == .signedLessOrEqual
                load(v, x, wa, into: a, n + 1, signed: signed)
                load(v, y, wb, into: b, n + 1, signed: signed)
                switch bop {
                case .add:
                    var carry = false
                    for i in 0..<n { let (s1, o1) = a[i].addingReportingOverflow(b[i]); let (s2, o2) = s1.addingReportingOverflow(carry ? 1 : 0); r[i] = s2; carry = o1 || o2 }
                case .sub:
                    var borrow = false
                    for i in 0..<n { let (s1, o1) = a[i].subtractingReportingOverflow(b[i]); let (s2, o2) = s1.subtractingReportingOverflow(borrow ? 1 : 0); r[i] = s2; borrow = o1 || o2 }
                case .and: for i in 0..<n { r[i] = a[i] & b[i] }
                case .or: for i in 0..<n { r[i] = a[i] | b[i] }
                case .xor: for i in 0..<n { r[i] = a[i] ^ b[i] }
                case .equal: r[0] = compareUnsigned(a, b, n) == 0 ? 1 : 0
                case .notEqual: r[0] = compareUnsigned(a, b, n) != 0 ? 1 : 0
                case .lessThan: r[0] = compareUnsigned(a, b, n) < 0 ? 1 : 0
                case .lessOrEqual: r[0] = compareUnsigned(a, b, n) <= 0 ? 1 : 0
                case .signedLessThan, .signedLessOrEqual:
                    // Flip the sign bits (of the n+1-word sign-extended values) and compare unsigned.
                    a[n] ^= 1 << 63; b[n] ^= 1 << 63
                    let c = compareUnsigned(a, b, n + 1)
                    r[0] = (bop == .signedLessThan ? c < 0 : c <= 0) ? 1 : 0
                default: break
                }
            }
        case .mux(let c, let t, let f):
            load(v, (v[c] & 1) != 0 ? t : f, op.width, into: r, n)
        case .concat(let parts):
            var offset = 0
            for (k, part) in zip(op.operandWidths.indices, parts).reversed() {
                let w = op.operandWidths[k]
                load(v, part, w, into: a, n)
                shiftLeft(a, offset, b, n)
                for i in 0..<n { r[i] |= b[i] }
                offset += w
            }
        case .slice(let x, let low):
            load(v, x, op.operandWidths[0], into: a, n)
            shiftRight(a, low, r, n)
        case .extend(let x, let signed):
            load(v, x, op.operandWidths[0], into: r, n, signed: signed)
        case .memoryRead(_, let address):
            let wordsPerEntry = WideEvaluator.words(op.width)
            let addr = v[address]
            let outOfRange = addr >= UInt64(op.memoryDepth)
                || (op.operandWidths[0] > 64 && (1..<WideEvaluator.words(op.operandWidths[0])).contains { v[address + $0] != 0 })
            if !outOfRange {
                for i in 0..<wordsPerEntry { r[i] = memory[op.memoryBase + Int(addr) * wordsPerEntry + i] }
            }
        default:
            break
        }
        store(r, to: v, op.dst, op.width)
    }
}
