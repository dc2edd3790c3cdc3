import HDL

// The iterative divider for div/divu/rem/remu (and the *W forms on RV64): restoring division on the
// operands' magnitudes, one quotient bit per cycle, signs fixed at the end. It exits at once when
// the divisor is zero or larger than the dividend, so small quotients cost one cycle, not XLEN, and
// it skips the dividend's leading zero nibbles.

public struct Divider: Module {
    public var xlen: Int
    public init(xlen: Int) { self.xlen = xlen }

    public struct IO: Bundle {
        public var start = Input(.bit)        // a new division; restarts one in progress
        public var a: Signal
        public var b: Signal
        public var op = Input(.uint(2))       // funct3[1:0]: div, divu, rem, remu
        public var word = Input(.bit)         // RV64 divw/divuw/remw/remuw
        public var done = Output(.bit)        // the result is valid, until the next start
        public var result: Signal
        init(xlen: Int) { a = Input(.uint(xlen)); b = Input(.uint(xlen)); result = Output(.uint(xlen)) }
    }
    public var io: IO { IO(xlen: xlen) }

    public func body(_ io: IO) -> [Statement] {
        let busy = Reg(.bit, reset: 0)
        let finished = Reg(.bit, reset: 0)
        let count = Reg(.uint(7), reset: 0)
        let quotient = Reg(.uint(xlen), reset: 0)      // shifts the dividend out and the quotient in
        let remainder = Reg(.uint(xlen + 1), reset: 0)
        let savedDivisor = Reg(.uint(xlen), reset: 0)
        let negateQuotient = Reg(.bit, reset: 0)
        let negateRemainder = Reg(.bit, reset: 0)
        let remainderWanted = Reg(.bit, reset: 0)
        let wordResult = Reg(.bit, reset: 0)

        let finalQuotient = Wire(Mux(negateQuotient, -quotient, quotient))
        let finalRemainder = Wire(Mux(negateRemainder, -remainder[xlen - 1, 0], remainder[xlen - 1, 0]))
        let value = Wire(Mux(remainderWanted, finalRemainder, finalQuotient))
        io.result <== (xlen == 64 ? Mux(wordResult, value[31, 0].signExtended(to: 64), value) : value)
        io.done <== finished

        Gated(io.start || busy) {                       // idle: the logic rests
            let isSigned = Wire(!io.op[0])
            let wantsRemainder = Wire(io.op[1])
            // Word operations divide the low halves, extended by signedness, as XLEN-bit numbers.
            let dividend = Wire(xlen == 64 ? Mux(io.word, Mux(isSigned, io.a[31, 0].signExtended(to: 64),
                                                              io.a[31, 0].zeroExtended(to: 64)), io.a) : io.a)
            let divisor = Wire(xlen == 64 ? Mux(io.word, Mux(isSigned, io.b[31, 0].signExtended(to: 64),
                                                             io.b[31, 0].zeroExtended(to: 64)), io.b) : io.b)
            let negativeA = Wire(isSigned && dividend.msb)
            let negativeB = Wire(isSigned && divisor.msb)
            let magnitudeA = Wire(Mux(negativeA, -dividend, dividend))
            let magnitudeB = Wire(Mux(negativeB, -divisor, divisor))
            // One restoring step: shift in the next dividend bit, subtract the divisor if it fits.
            let shifted = Wire(Cat(remainder[xlen - 1, 0], quotient.msb))
            let fits = Wire(shifted >= savedDivisor.zeroExtended(to: xlen + 1))
            When(io.start) {
                // A dividend whose top nibbles are zero starts that many bits in: those quotient bits
                // are 0, and small dividends (most of them) take a few cycles instead of XLEN.
                var skip: Signal = Const(0, .uint(7))
                for k in stride(from: 4, to: xlen, by: 4) {
                    skip = Mux(magnitudeA[xlen - 1, xlen - k] == 0, Const(k, .uint(7)), skip)
                }
                finished.next <== 0
                busy.next <== 1
                count.next <== Const(xlen, .uint(7)) - skip
                quotient.next <== magnitudeA << skip
                remainder.next <== 0
                savedDivisor.next <== magnitudeB
                negateQuotient.next <== negativeA != negativeB
                negateRemainder.next <== negativeA
                remainderWanted.next <== wantsRemainder
                wordResult.next <== io.word
                When(divisor == 0) {                        // x / 0 = all ones, x % 0 = x
                    busy.next <== 0; finished.next <== 1
                    quotient.next <== Const(-1, .uint(xlen)); negateQuotient.next <== 0
                    remainder.next <== magnitudeA.zeroExtended(to: xlen + 1)
                }.elseWhen(magnitudeA < magnitudeB) {       // early exit: the quotient is 0
                    busy.next <== 0; finished.next <== 1
                    quotient.next <== 0
                    remainder.next <== magnitudeA.zeroExtended(to: xlen + 1)
                }
            }.elseWhen(busy) {
                quotient.next <== Cat(quotient[xlen - 2, 0], fits)
                remainder.next <== Mux(fits, shifted - savedDivisor.zeroExtended(to: xlen + 1), shifted)
                count.next <== count - 1
                When(count == 1) { busy.next <== 0; finished.next <== 1 }
            }
        }
    }
}
