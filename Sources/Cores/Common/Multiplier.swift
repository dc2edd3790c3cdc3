import HDL

/// A pipelined multiplier for the M extension: mul, mulh, mulhsu, mulhu, and mulw when `xlen` is 64.
/// A request enters every cycle if wanted; its result leaves `latency` cycles later (1 or 2) with
/// `result.valid`. The array is an unsigned XLEN x XLEN multiply; the signed forms correct its high
/// half (a signed operand's top bit weighs -2^(XLEN-1), so the high half loses the other operand
/// once per negative operand). With two stages the multiply is split into two halves. The stages
/// load only on a valid request, so an idle multiplier holds its value.
public struct Multiplier: Module {
    public var xlen: Int
    public var latency: Int

    public init(xlen: Int, latency: Int = 1) {
        precondition(xlen == 32 || xlen == 64, "XLEN is 32 or 64")
        precondition(latency == 1 || latency == 2, "the multiplier has 1 or 2 stages")
        self.xlen = xlen
        self.latency = latency
    }

    public struct Request: Bundle {
        public var a: Signal
        public var b: Signal
        public var op = Signal(MulOp.hwType)
        init(xlen: Int) { a = Signal(.uint(xlen)); b = Signal(.uint(xlen)) }
    }
    public struct IO: Bundle {
        public var request: Valid<Request>
        public var result: Valid<Signal>
        init(xlen: Int) { request = Input(Valid(Request(xlen: xlen))); result = Output(Valid(Signal(.uint(xlen)))) }
    }
    public var io: IO { IO(xlen: xlen) }

    public func body(_ io: IO) -> [Statement] {
        let request = io.request.bits
        let a = request.a, b = request.b
        // What the high half loses: b when a is a negative signed operand, a when b is one.
        let signedA = Wire(request.op == MulOp.mulh || request.op == MulOp.mulhsu)
        let signedB = Wire(request.op == MulOp.mulh)
        let correction = Wire(Mux(signedA && a[xlen - 1], b, Const(0, .uint(xlen)))
                              + Mux(signedB && b[xlen - 1], a, Const(0, .uint(xlen))))
        let outputValid = Reg(.bit, reset: 0)
        let outputValue = Reg(.uint(xlen), reset: 0)

        if latency == 1 {
            outputValid.next <== io.request.valid
            When(io.request.valid) { outputValue.next <== select(a * b, correction, request.op) }
        } else {
            // Stage 1: a times the low and the high half of b. Stage 2: their sum, then the result.
            let half = xlen / 2
            let partialLow = Reg(.uint(xlen + half), reset: 0)
            let partialHigh = Reg(.uint(xlen + half), reset: 0)
            let stageCorrection = Reg(.uint(xlen), reset: 0)
            let stageOp = Reg(MulOp.hwType, reset: 0)
            let stageValid = Reg(.bit, reset: 0)
            stageValid.next <== io.request.valid
            outputValid.next <== stageValid
            When(io.request.valid) {
                partialLow.next <== a * b[half - 1, 0]
                partialHigh.next <== a * b[xlen - 1, half]
                stageCorrection.next <== correction
                stageOp.next <== request.op
            }
            let product = Wire(partialLow.zeroExtended(to: 2 * xlen) + Cat(partialHigh, Const(0, .uint(half))))
            When(stageValid) { outputValue.next <== select(product, stageCorrection, stageOp) }
        }
        io.result.valid <== outputValid
        io.result.bits <== outputValue
    }

    /// The part of the unsigned 2·XLEN-bit product that `op` asks for, the high half corrected.
    func select(_ product: Signal, _ correction: Signal, _ op: Signal) -> Signal {
        let low = product[xlen - 1, 0]
        let high = product[2 * xlen - 1, xlen] - correction
        let value = Mux(op == MulOp.mul, low, high)
        return xlen == 64 ? Mux(op == MulOp.mulw, product[31, 0].signExtended(to: 64), value) : value
    }
}

/// The multiply operations; raw values are the funct3 of mul/mulh/mulhsu/mulhu, and 4 for mulw
/// (OP-32, XLEN 64 only; the 32-bit multiplier treats it as mulhu).
public enum MulOp: Int, HardwareEnum, Sendable {
    case mul = 0, mulh = 1, mulhsu = 2, mulhu = 3, mulw = 4
}
