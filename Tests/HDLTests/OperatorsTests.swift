import Testing
import HDL
@testable import RTLSim

// Every DSL operator against plain Swift over random stimulus. The operators are the outputs of two
// test-only modules (up to 64 bits, and 100/130 bits), so each backend builds just two models.

/// Every operator on values up to 64 bits (and the 128-bit products of 64-bit values).
struct NarrowOperators: Module {
    struct IO: Bundle {
        var a = Input(.uint(16)), b = Input(.uint(16)), c = Input(.uint(16)), d = Input(.uint(16))
        var amount = Input(.uint(5))          // shifts by up to 31: past the width of a 16-bit value
        var select = Input(.bit)
        var index = Input(.uint(2))
        var write = Input(.bit)
        var x = Input(.uint(64)), y = Input(.uint(64))

        var sum = Output(.uint(16)), difference = Output(.uint(16)), sumLiteral = Output(.uint(16))
        var andAB = Output(.uint(16)), orAB = Output(.uint(16)), xorAB = Output(.uint(16))
        var notA = Output(.uint(16)), negA = Output(.uint(16))
        var mulUU = Output(.uint(32)), mulSS = Output(.uint(32)), mulSU = Output(.uint(32)), mulUS = Output(.uint(32))
        var sum64 = Output(.uint(64)), difference64 = Output(.uint(64))
        var mul64UU = Output(.uint(128)), mul64SS = Output(.uint(128))
        var eq = Output(.bit), ne = Output(.bit), eqLiteral = Output(.bit)
        var ltu = Output(.bit), leu = Output(.bit), gtu = Output(.bit), geu = Output(.bit)
        var lts = Output(.bit), les = Output(.bit), gts = Output(.bit), ges = Output(.bit)
        var ltu64 = Output(.bit), lts64 = Output(.bit)
        var shlConst = Output(.uint(16)), shrConst = Output(.uint(16)), sraConst = Output(.uint(16))
        var shlVar = Output(.uint(16)), shrVar = Output(.uint(16)), sraVar = Output(.uint(16))
        var sra64 = Output(.uint(64))
        var slice = Output(.uint(8)), topBit = Output(.bit)
        var concat = Output(.uint(28)), replicate = Output(.uint(12))
        var zeroExt = Output(.uint(24)), signExt = Output(.uint(24)), truncated = Output(.uint(5))
        var andReduce = Output(.bit), orReduce = Output(.bit), xorReduce = Output(.bit)
        var mux = Output(.uint(16)), pick = Output(.uint(16)), bankRead = Output(.uint(16))
    }
    var io: IO { IO() }

    func body(_ io: IO) -> [Statement] {
        let sa = io.a.asSigned, sb = io.b.asSigned
        io.sum <== io.a + io.b
        io.difference <== io.a - io.b
        io.sumLiteral <== io.a + 1234
        io.andAB <== io.a & io.b
        io.orAB <== io.a | io.b
        io.xorAB <== io.a ^ io.b
        io.notA <== ~io.a
        io.negA <== -io.a
        io.mulUU <== io.a * io.b
        io.mulSS <== sa * sb
        io.mulSU <== sa * io.b
        io.mulUS <== io.a * sb
        io.sum64 <== io.x + io.y
        io.difference64 <== io.x - io.y
        io.mul64UU <== io.x * io.y
        io.mul64SS <== io.x.asSigned * io.y.asSigned
        io.eq <== io.a == io.b
        io.ne <== io.a != io.b
        io.eqLiteral <== io.a == 0x8000
        io.ltu <== io.a < io.b
        io.leu <== io.a <= io.b
        io.gtu <== io.a > io.b
        io.geu <== io.a >= io.b
        io.lts <== sa < sb
        io.les <== sa <= sb
        io.gts <== sa > sb
        io.ges <== sa >= sb
        io.ltu64 <== io.x < io.y
        io.lts64 <== io.x.asSigned < io.y.asSigned
        io.shlConst <== io.a << 3
        io.shrConst <== io.a >> 5
        io.sraConst <== sa >> 5
        io.shlVar <== io.a << io.amount
        io.shrVar <== io.a >> io.amount
        io.sraVar <== sa >> io.amount
        io.sra64 <== io.x.asSigned >> io.y[5, 0]
        io.slice <== io.a[11, 4]
        io.topBit <== io.a.msb
        io.concat <== Cat(io.a[7, 0], io.b, io.a[15, 12])
        io.replicate <== io.a[3, 0].replicated(3)
        io.zeroExt <== io.a.zeroExtended(to: 24)
        io.signExt <== io.a.signExtended(to: 24)
        io.truncated <== io.a.truncated(to: 5)
        io.andReduce <== io.a.andR()
        io.orReduce <== io.a.orR()
        io.xorReduce <== io.a.xorR()
        io.mux <== Mux(io.select, io.a, io.b)
        io.pick <== [io.a, io.b, io.c, io.d][io.index]
        // A vector of registers written at a signal index, read at another.
        let bank = Regs(4, .uint(16), reset: 0)
        When(io.write) {
            assign(bank.map(\.next), at: io.index, io.c)
        }
        io.bankRead <== bank[io.amount[1, 0]]
    }
}

/// Operators on 100- and 130-bit values: more than two 64-bit words, with carries across words.
struct WideOperators: Module {
    struct IO: Bundle {
        var p = Input(.uint(100)), q = Input(.uint(100))
        var r = Input(.uint(130)), s = Input(.uint(130))
        var amount = Input(.uint(8))
        var select = Input(.bit)

        var sum100 = Output(.uint(100)), difference100 = Output(.uint(100)), xor100 = Output(.uint(100))
        var not100 = Output(.uint(100)), shl100 = Output(.uint(100)), shr100 = Output(.uint(100)), sra100 = Output(.uint(100))
        var ltu100 = Output(.bit), lts100 = Output(.bit), eq100 = Output(.bit)
        var sum130 = Output(.uint(130)), negate130 = Output(.uint(130)), and130 = Output(.uint(130))
        var shl130 = Output(.uint(130)), shr130 = Output(.uint(130)), sra130 = Output(.uint(130))
        var ltu130 = Output(.bit), les130 = Output(.bit), ne130 = Output(.bit)
        var slice130 = Output(.uint(41)), concat = Output(.uint(130))
        var zeroExt = Output(.uint(130)), signExt = Output(.uint(130))
        var orReduce = Output(.bit), xorReduce = Output(.bit), mux = Output(.uint(130))
    }
    var io: IO { IO() }

    func body(_ io: IO) -> [Statement] {
        io.sum100 <== io.p + io.q
        io.difference100 <== io.p - io.q
        io.xor100 <== io.p ^ io.q
        io.not100 <== ~io.p
        io.shl100 <== io.p << 37
        io.shr100 <== io.p >> io.amount
        io.sra100 <== io.p.asSigned >> io.amount
        io.ltu100 <== io.p < io.q
        io.lts100 <== io.p.asSigned < io.q.asSigned
        io.eq100 <== io.p == io.q
        io.sum130 <== io.r + io.s
        io.negate130 <== -io.r
        io.and130 <== io.r & io.s
        io.shl130 <== io.r << io.amount
        io.shr130 <== io.r >> 65
        io.sra130 <== io.r.asSigned >> 65
        io.ltu130 <== io.r < io.s
        io.les130 <== io.r.asSigned <= io.s.asSigned
        io.ne130 <== io.r != io.s
        io.slice130 <== io.r[100, 60]
        io.concat <== Cat(io.p, io.r[29, 0])
        io.zeroExt <== io.p.zeroExtended(to: 130)
        io.signExt <== io.p.signExtended(to: 130)
        io.orReduce <== io.r.orR()
        io.xorReduce <== io.r.xorR()
        io.mux <== Mux(io.select, io.r, io.s)
    }
}

@Suite struct OperatorsTests {
    @Test func narrowOperators() throws {
        let elaborated = try Elaborator.elaborateWithPorts(NarrowOperators())
        let io = elaborated.ports
        try onEachBackend(elaborated.design) { sim, check in
            var rng = SeededGenerator(seed: 10)
            var bank = [UInt64](repeating: 0, count: 4)
            sim.reset()
            for cycle in 0..<3000 {
                let a = rng.value(bits: 16), b = rng.bool(0.1) ? a : rng.value(bits: 16)
                let c = rng.value(bits: 16), d = rng.value(bits: 16)
                let amount = rng.next() % 32, select = rng.bool(), index = rng.next() % 4, write = rng.bool()
                let x = rng.value(bits: 64), y = rng.bool(0.1) ? x : rng.value(bits: 64)
                for (port, value) in [(io.a, a), (io.b, b), (io.c, c), (io.d, d), (io.amount, amount), (io.index, index), (io.x, x), (io.y, y)] {
                    sim.poke(port, value)
                }
                sim.poke(io.select, select)
                sim.poke(io.write, write)

                let sa = Int64(bitPattern: signExtend(a, from: 16)), sb = Int64(bitPattern: signExtend(b, from: 16))
                let sx = Int64(bitPattern: x), sy = Int64(bitPattern: y)
                func u16(_ v: Int64) -> UInt64 { masked(UInt64(bitPattern: v), 16) }
                let expected: [(Signal, UInt64)] = [
                    (io.sum, masked(a + b, 16)), (io.difference, masked(a &- b, 16)), (io.sumLiteral, masked(a + 1234, 16)),
                    (io.andAB, a & b), (io.orAB, a | b), (io.xorAB, a ^ b), (io.notA, masked(~a, 16)), (io.negA, masked(0 &- a, 16)),
                    (io.mulUU, a * b), (io.mulSS, masked(UInt64(bitPattern: sa * sb), 32)),
                    (io.mulSU, masked(UInt64(bitPattern: sa * Int64(b)), 32)), (io.mulUS, masked(UInt64(bitPattern: Int64(a) * sb), 32)),
                    (io.sum64, x &+ y), (io.difference64, x &- y),
                    (io.eq, a == b ? 1 : 0), (io.ne, a != b ? 1 : 0), (io.eqLiteral, a == 0x8000 ? 1 : 0),
                    (io.ltu, a < b ? 1 : 0), (io.leu, a <= b ? 1 : 0), (io.gtu, a > b ? 1 : 0), (io.geu, a >= b ? 1 : 0),
                    (io.lts, sa < sb ? 1 : 0), (io.les, sa <= sb ? 1 : 0), (io.gts, sa > sb ? 1 : 0), (io.ges, sa >= sb ? 1 : 0),
                    (io.ltu64, x < y ? 1 : 0), (io.lts64, sx < sy ? 1 : 0),
                    (io.shlConst, masked(a << 3, 16)), (io.shrConst, a >> 5), (io.sraConst, u16(sa >> 5)),
                    (io.shlVar, masked(a << amount, 16)), (io.shrVar, a >> amount), (io.sraVar, u16(sa >> Int64(amount))),
                    (io.sra64, UInt64(bitPattern: sx >> Int64(y & 63))),
                    (io.slice, (a >> 4) & 0xFF), (io.topBit, a >> 15),
                    (io.concat, (a & 0xFF) << 20 | b << 4 | a >> 12), (io.replicate, (a & 0xF) * 0x111),
                    (io.zeroExt, a), (io.signExt, masked(signExtend(a, from: 16), 24)), (io.truncated, a & 31),
                    (io.andReduce, a == 0xFFFF ? 1 : 0), (io.orReduce, a != 0 ? 1 : 0), (io.xorReduce, UInt64(a.nonzeroBitCount & 1)),
                    (io.mux, select ? a : b), (io.pick, [a, b, c, d][Int(index)]), (io.bankRead, bank[Int(amount & 3)]),
                ]
                for (port, value) in expected {
                    check.equal(sim.peek(port), value, "\(port) at cycle \(cycle) (a 0x\(String(a, radix: 16)), b 0x\(String(b, radix: 16)), amount \(amount))")
                }
                let productUU = x.multipliedFullWidth(by: y), productSS = sx.multipliedFullWidth(by: sy)
                check.equal(sim.peekWide(io.mul64UU), BitVector(width: 128, words: [productUU.low, productUU.high]), "x * y")
                check.equal(sim.peekWide(io.mul64SS), BitVector(width: 128, words: [productSS.low, UInt64(bitPattern: productSS.high)]), "signed x * y")
                sim.step()
                if write { bank[Int(index)] = c }
            }
        }
    }

    @Test func wideOperators() throws {
        let elaborated = try Elaborator.elaborateWithPorts(WideOperators())
        let io = elaborated.ports
        try onEachBackend(elaborated.design) { sim, check in
            var rng = SeededGenerator(seed: 11)
            for cycle in 0..<3000 {
                let p = rng.wide(100), q = rng.bool(0.1) ? p : rng.wide(100)
                let r = rng.wide(130), s = rng.bool(0.1) ? r : rng.wide(130)
                let amount = Int(rng.next() % 256), select = rng.bool()
                sim.poke(io.p, p)
                sim.poke(io.q, q)
                sim.poke(io.r, r)
                sim.poke(io.s, s)
                sim.poke(io.amount, UInt64(amount))
                sim.poke(io.select, select)
                let expected: [(Signal, BitVector)] = [
                    (io.sum100, Wide.add(p, q)), (io.difference100, Wide.add(p, Wide.negate(q))), (io.xor100, Wide.xor(p, q)),
                    (io.not100, Wide.not(p)), (io.shl100, Wide.shiftLeft(p, 37)), (io.shr100, Wide.shiftRight(p, amount)),
                    (io.sra100, Wide.shiftRight(p, amount, arithmetic: true)),
                    (io.ltu100, Wide.bit(Wide.lessThan(p, q))), (io.lts100, Wide.bit(Wide.lessThan(p, q, signed: true))),
                    (io.eq100, Wide.bit(p == q)),
                    (io.sum130, Wide.add(r, s)), (io.negate130, Wide.negate(r)), (io.and130, Wide.and(r, s)),
                    (io.shl130, Wide.shiftLeft(r, amount)), (io.shr130, Wide.shiftRight(r, 65)),
                    (io.sra130, Wide.shiftRight(r, 65, arithmetic: true)),
                    (io.ltu130, Wide.bit(Wide.lessThan(r, s))), (io.les130, Wide.bit(!Wide.lessThan(s, r, signed: true))),
                    (io.ne130, Wide.bit(r != s)),
                    (io.slice130, Wide.slice(r, low: 60, width: 41)),
                    (io.concat, Wide.or(Wide.shiftLeft(p.resized(to: 130), 30), Wide.slice(r, low: 0, width: 30).resized(to: 130))),
                    (io.zeroExt, p.resized(to: 130)), (io.signExt, p.resized(to: 130, signExtend: true)),
                    (io.orReduce, Wide.bit(!r.isZero)),
                    (io.xorReduce, Wide.bit(r.words.reduce(0) { $0 + $1.nonzeroBitCount } % 2 == 1)),
                    (io.mux, select ? r : s),
                ]
                for (port, value) in expected {
                    check.equal(sim.peekWide(port), value, "\(port) at cycle \(cycle) (amount \(amount))")
                }
                sim.step()
            }
        }
    }
}

extension SeededGenerator {
    /// A random value of `bits` bits (> 64), sometimes a corner case.
    mutating func wide(_ bits: Int) -> BitVector {
        let words = (0..<BitVector.wordCount(bits)).map { _ in next() }
        switch next() % 8 {
        case 0: return BitVector(width: bits)
        case 1: return BitVector(width: bits, value: -1)
        case 2: return Wide.shiftLeft(BitVector(width: bits, value: 1), bits - 1)               // the sign bit alone
        case 3: return Wide.shiftRight(BitVector(width: bits, value: -1), 1)                    // the largest positive
        case 4: return BitVector(width: bits, words: [next(), 0])                               // a carry into word 1
        default: return BitVector(width: bits, words: words)
        }
    }
}

/// Reference arithmetic on `BitVector`s of any width, word by word, in plain Swift.
enum Wide {
    static func add(_ a: BitVector, _ b: BitVector) -> BitVector {
        var carry: UInt64 = 0
        let words = zip(a.words, b.words).map { x, y -> UInt64 in
            let (s1, c1) = x.addingReportingOverflow(y)
            let (s2, c2) = s1.addingReportingOverflow(carry)
            carry = (c1 ? 1 : 0) + (c2 ? 1 : 0)
            return s2
        }
        return BitVector(width: a.width, words: words)
    }
    static func not(_ a: BitVector) -> BitVector { BitVector(width: a.width, words: a.words.map { ~$0 }) }
    static func negate(_ a: BitVector) -> BitVector { add(not(a), BitVector(width: a.width, value: 1)) }
    static func xor(_ a: BitVector, _ b: BitVector) -> BitVector { BitVector(width: a.width, words: zip(a.words, b.words).map { $0 ^ $1 }) }
    static func and(_ a: BitVector, _ b: BitVector) -> BitVector { BitVector(width: a.width, words: zip(a.words, b.words).map { $0 & $1 }) }
    static func or(_ a: BitVector, _ b: BitVector) -> BitVector { BitVector(width: a.width, words: zip(a.words, b.words).map { $0 | $1 }) }
    static func bit(_ value: Bool) -> BitVector { BitVector(width: 1, value: value ? 1 : 0) }

    static func shiftLeft(_ a: BitVector, _ n: Int) -> BitVector {
        if n >= a.width { return BitVector(width: a.width) }
        let wordShift = n / 64, bitShift = UInt64(n % 64)
        var out = [UInt64](repeating: 0, count: a.words.count)
        for i in wordShift..<out.count {
            out[i] = a.words[i - wordShift] << bitShift
            if bitShift > 0 && i - wordShift >= 1 { out[i] |= a.words[i - wordShift - 1] >> (64 - bitShift) }
        }
        return BitVector(width: a.width, words: out)
    }

    static func shiftRight(_ a: BitVector, _ n: Int, arithmetic: Bool = false) -> BitVector {
        let negative = arithmetic && a[bit: a.width - 1]
        // Extend to whole words plus one word of fill, so the bits shifted in are the sign or zeros.
        let fill: UInt64 = negative ? ~0 : 0
        let extended = a.resized(to: a.words.count * 64, signExtend: arithmetic).words + [fill]
        let wordShift = min(n / 64, extended.count - 1), bitShift = UInt64(n % 64)
        var out = [UInt64](repeating: fill, count: a.words.count)
        for i in 0..<out.count where i + wordShift < extended.count {
            let next = i + wordShift + 1 < extended.count ? extended[i + wordShift + 1] : fill
            out[i] = extended[i + wordShift] >> bitShift
            out[i] |= bitShift > 0 ? next << (64 - bitShift) : 0
        }
        if n >= a.width { return negative ? BitVector(width: a.width, value: -1) : BitVector(width: a.width) }
        return BitVector(width: a.width, words: out)
    }

    static func lessThan(_ a: BitVector, _ b: BitVector, signed: Bool = false) -> Bool {
        if signed && a[bit: a.width - 1] != b[bit: b.width - 1] { return a[bit: a.width - 1] }
        for i in stride(from: a.words.count - 1, through: 0, by: -1) where a.words[i] != b.words[i] {
            return a.words[i] < b.words[i]
        }
        return false
    }

    static func slice(_ a: BitVector, low: Int, width: Int) -> BitVector {
        BitVector(width: width, words: shiftRight(a, low).words)
    }
}
