import HDL

/// A 32-bit Galois LFSR (taps 32, 22, 2, 1): a cheap pseudo-random source for self-stimulating
/// designs. Never reaches zero from a non-zero seed.
public struct LFSR: Module {
    public var seed: Int
    public init(seed: Int = 0xACE1_2468) { self.seed = seed }

    public struct IO: Bundle {
        public var value = Output(.uint(32))
    }
    public var io: IO { IO() }

    public func body(_ io: IO) -> [Statement] {
        let state = Reg(.uint(32), reset: Signal(integerLiteral: seed))
        let feedback = state[0]
        let shifted = state >> 1
        state.next <== Mux(feedback, shifted ^ Const(0x8020_0003, .uint(32)), shifted)
        io.value <== state
    }
}
