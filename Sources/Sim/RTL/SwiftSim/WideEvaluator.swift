import HDL

/// Operations where an operand or the result is wider than 64 bits: the slow but general path.
/// Each operand is copied into a scratch buffer (zero-extended to the widest width involved), the
/// result computed word by word, then stored with its top bits masked. No allocation per cycle.
final class WideEvaluator {
    /// The operation, flattened into plain integers so that running it copies no references.
    struct Op {
        enum Code: UInt8 { case unary, binary, mux, concat, slice, extend, memoryRead }
        var code: Code
        var unary: UnaryOp = .not
        var binary: BinaryOp = .add
        var dst = 0, width = 0, words = 0
        var a = 0, b = 0, c = 0
        var wa = 0, wb = 0
        /// Slice: low bit. Extend: 1 when signed. Concat: first entry in `parts`, with `c` parts.
        var parameter = 0
        var memoryBase = 0, memoryDepth = 0
    }

    private var opList: [Op] = []
    private var partList: [(slot: Int, width: Int)] = []
    private var frozenOps: UnsafeMutableBufferPointer<Op>?
    private var frozenParts: UnsafeMutableBufferPointer<(slot: Int, width: Int)>?
    /// Scratch space for operands and results: allocated once, never per cycle.
    private var capacity = 0
    private var scratch: UnsafeMutablePointer<UInt64> = .allocate(capacity: 1)

    deinit {
        scratch.deallocate()
        frozenOps?.deallocate()
        frozenParts?.deallocate()
    }

    /// Adds the operation computing node kind `kind` (operands already mapped to slots).
    func add(kind: Node.Kind, dst: Int, width: Int, operandWidths: [Int], memoryBase: Int, memoryDepth: Int) -> Int {
        var op = Op(code: .unary)
        op.dst = dst
        op.width = width
        op.words = WideEvaluator.words(([width] + operandWidths).max()!)
        op.wa = operandWidths.first ?? 0
        op.wb = operandWidths.count > 1 ? operandWidths[1] : 0
        switch kind {
        case .unary(let u, let x): op.code = .unary; op.unary = u; op.a = x
        case .binary(let b, let x, let y): op.code = .binary; op.binary = b; op.a = x; op.b = y
        case .mux(let c, let t, let f): op.code = .mux; op.a = c; op.b = t; op.c = f
        case .concat(let parts):
            op.code = .concat; op.parameter = partList.count; op.c = parts.count
            for (slot, w) in zip(parts, operandWidths) { partList.append((slot, w)) }
        case .slice(let x, let low): op.code = .slice; op.a = x; op.parameter = low
        case .extend(let x, let signed): op.code = .extend; op.a = x; op.parameter = signed ? 1 : 0
        case .memoryRead(_, let address):
            op.code = .memoryRead; op.a = address; op.memoryBase = memoryBase; op.memoryDepth = memoryDepth
        default: preconditionFailure("not a computed node")
        }
        opList.append(op)
        if capacity < op.words + 2 {
            scratch.deallocate()
            capacity = op.words + 2
            scratch = .allocate(capacity: 3 * capacity)
            scratch.initialize(repeating: 0, count: 3 * capacity)
        }
        return opList.count - 1
    }

    /// Moves the operations into fixed buffers; called once, when compilation is done.
    func freeze() {
        frozenOps = .allocate(capacity: max(opList.count, 1))
        _ = frozenOps!.initialize(from: opList)
        frozenParts = .allocate(capacity: max(partList.count, 1))
        _ = frozenParts!.initialize(from: partList)
    }

    static func words(_ width: Int) -> Int { (width + 63) / 64 }

    @inline(__always)
    func run(_ index: Int, _ v: UnsafeMutablePointer<UInt64>, _ memory: UnsafeMutablePointer<UInt64>) {
        evaluate(frozenOps.unsafelyUnwrapped.baseAddress.unsafelyUnwrapped + index, v, memory,
                 scratch, scratch + capacity, scratch + 2 * capacity)
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

    func evaluate(_ opPointer: UnsafeMutablePointer<Op>, _ v: UnsafeMutablePointer<UInt64>, _ memory: UnsafeMutablePointer<UInt64>,
                  _ a: UnsafeMutablePointer<UInt64>, _ b: UnsafeMutablePointer<UInt64>, _ r: UnsafeMutablePointer<UInt64>) {
        let op = opPointer.pointee
        let n = op.words
        for i in 0...n { r[i] = 0 }
        switch op.code {
        case .unary:
            load(v, op.a, op.wa, into: a, n)
            switch op.unary {
            case .not: for i in 0..<n { r[i] = ~a[i] }
            case .negate:
                var carry: UInt64 = 1
                for i in 0..<n { let (s, o) = (~a[i]).addingReportingOverflow(carry); r[i] = s; carry = o ? 1 : 0 }
            case .reduceOr:
                var any: UInt64 = 0
                for i in 0..<n { any |= a[i] }
                r[0] = any != 0 ? 1 : 0
            case .reduceXor:
                var count = 0
                for i in 0..<n { count += a[i].nonzeroBitCount }
                r[0] = UInt64(count & 1)
            case .reduceAnd:
                var all: UInt64 = 1
                for i in 0..<op.wa where bit(a, i) == 0 { all = 0; break }
                r[0] = all
            }
        case .binary:
            let wa = op.wa, wb = op.wb, x = op.a, y = op.b, bop = op.binary
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
                var huge = v[y] > UInt64(wa)
                if WideEvaluator.words(wb) > 1 { for k in 1..<WideEvaluator.words(wb) where v[y + k] != 0 { huge = true } }
                let amount = huge ? wa : Int(v[y])
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
        case .mux:
            load(v, (v[op.a] & 1) != 0 ? op.b : op.c, op.width, into: r, n)
        case .concat:
            let parts = frozenParts.unsafelyUnwrapped
            var offset = 0
            for k in stride(from: op.parameter + op.c - 1, through: op.parameter, by: -1) {
                let (slot, w) = parts[k]
                load(v, slot, w, into: a, n)
                shiftLeft(a, offset, b, n)
                for i in 0..<n { r[i] |= b[i] }
                offset += w
            }
        case .slice:
            load(v, op.a, op.wa, into: a, n)
            shiftRight(a, op.parameter, r, n)
        case .extend:
            load(v, op.a, op.wa, into: r, n, signed: op.parameter == 1)
        case .memoryRead:
            let wordsPerEntry = WideEvaluator.words(op.width)
            let addr = v[op.a]
            var outOfRange = addr >= UInt64(op.memoryDepth)
            if op.wa > 64 { for k in 1..<WideEvaluator.words(op.wa) where v[op.a + k] != 0 { outOfRange = true } }
            if !outOfRange {
                for i in 0..<wordsPerEntry { r[i] = memory[op.memoryBase + Int(addr) * wordsPerEntry + i] }
            }
        }
        store(r, to: v, op.dst, op.width)
    }
}
