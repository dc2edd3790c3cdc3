import HDL

/// A pipelined multiplier for the M extension: mul, mulh, mulhsu, mulhu, and mulw when `xlen` is 64.
/// A request enters every cycle if wanted; its result leaves `latency` cycles later (1 or 2) with
/// `result.valid`. Both operands are widened by one bit (sign or zero, by the operation) so that a
/// single signed multiply serves all four; with two stages the multiply is split into two halves.
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
    }
    public struct IO: Bundle {
        public var request: Valid<Request>
        public var result: Valid<Signal>
    }
    public var io: IO {
        IO(request: Input(Valid(Request(a: Signal(.uint(xlen)), b: Signal(.uint(xlen))))),
           result: Output(Valid(Signal(.uint(xlen)))))
    }

    public func body(_ io: IO) -> [Statement] {
        let n = xlen + 1                      // the widened operands
        let request = io.request.bits
        let signedA = Wire(request.op == MulOp.mulh || request.op == MulOp.mulhsu)
        let signedB = Wire(request.op == MulOp.mulh)
        let a = Wire(Mux(signedA, request.a.signExtended(to: n), request.a.zeroExtended(to: n)).asSigned)
        let b = Wire(Mux(signedB, request.b.signExtended(to: n), request.b.zeroExtended(to: n)).asSigned)
        let outputValid = Reg(.bit, reset: 0)
        let outputValue = Reg(.uint(xlen), reset: 0)

        if latency == 1 {
            let product = Wire(a * b)
            outputValid <== io.request.valid
            outputValue <== select(product, request.op)
        } else {
            // Stage 1: a times the low and the high half of b. Stage 2: their sum, then the result.
            let half = xlen / 2
            let partialLow = Reg(.sint(n + half), reset: 0)
            let partialHigh = Reg(.sint(2 * n - half), reset: 0)
            let stageOp = Reg(MulOp.hwType, reset: 0)
            let stageValid = Reg(.bit, reset: 0)
            partialLow <== a * b[half - 1, 0]
            partialHigh <== a * b[n - 1, half].asSigned
            stageOp <== request.op
            stageValid <== io.request.valid
            let product = Wire(partialLow.signExtended(to: 2 * n).asUnsigned + Cat(partialHigh, Const(0, .uint(half))))
            outputValid <== stageValid
            outputValue <== select(product, stageOp)
        }
        io.result.valid <== outputValid
        io.result.bits <== outputValue
    }

    /// The part of the 2n-bit product that `op` asks for.
    func select(_ product: Signal, _ op: Signal) -> Signal {
        let low = product[xlen - 1, 0]
        let high = product[2 * xlen - 1, xlen]
        let value = Mux(op == MulOp.mul, low, high)
        return xlen == 64 ? Mux(op == MulOp.mulw, product[31, 0].signExtended(to: 64), value) : value
    }
}

/// The multiply operations; raw values are the funct3 of mul/mulh/mulhsu/mulhu, and 4 for mulw
/// (OP-32, XLEN 64 only; the 32-bit multiplier treats it as mulhu).
public enum MulOp: Int, HardwareEnum, Sendable {
    case mul = 0, mulh = 1, mulhsu = 2, mulhu = 3, mulw = 4
}
