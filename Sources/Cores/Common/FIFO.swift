import HDL

/// A synchronous first-in first-out queue of `depth` words (a power of two) held in a `Memory`.
/// Words go in through `enq` and come out of `deq` (ready/valid); the oldest word is on `deq.bits`
/// whenever `deq.valid` is 1 (first-word fall-through), and `count` says how many words are held.
///
/// Simultaneous push and pop, as a standard FIFO: when full, `enq.ready` is 0, so only the pop
/// happens; when empty, `deq.valid` is 0, so only the push happens (a word is never bypassed: it
/// can be popped from the next cycle on). Otherwise both happen and `count` stays the same.
public struct FIFO: Module {
    public var width: Int
    public var depth: Int

    public init(width: Int = 8, depth: Int = 16) {
        precondition(depth >= 2 && depth & (depth - 1) == 0, "FIFO depth must be a power of two, at least 2")
        self.width = width
        self.depth = depth
    }

    public struct IO: Bundle {
        public var enq: Decoupled<Signal>   // flipped: words come in
        public var deq: Decoupled<Signal>
        public var count: Signal
        init(width: Int, countBits: Int) {
            enq = Flipped(Decoupled(Signal(.uint(width)))); deq = Decoupled(Signal(.uint(width)))
            count = Output(.uint(countBits))
        }
    }
    public var io: IO { IO(width: width, countBits: addressBits + 1) }

    /// Bits of a memory address; the pointers have one more, so that full and empty differ.
    var addressBits: Int { depth.trailingZeroBitCount }

    public func body(_ io: IO) -> [Statement] {
        let storage = Memory(.uint(width), depth: depth)
        let writePointer = Reg(.uint(addressBits + 1), reset: 0)
        let readPointer = Reg(.uint(addressBits + 1), reset: 0)
        let used = Wire(writePointer - readPointer)
        let full = Wire(used == Const(depth, used.type))
        let empty = Wire(used == 0)
        let push = Wire(io.enq.valid && !full)
        let pop = Wire(io.deq.ready && !empty)

        io.enq.ready <== !full
        io.deq.valid <== !empty
        io.deq.bits <== storage.read(readPointer[addressBits - 1, 0])
        io.count <== used
        When(push) {
            storage.write(writePointer[addressBits - 1, 0], io.enq.bits)
            writePointer.next <== writePointer + 1
        }
        When(pop) {
            readPointer.next <== readPointer + 1
        }
    }
}
