import HDL

// The branch predictor in fetch: a direct-mapped BTB whose entries hold a target, a 2-bit counter
// and the kind of control transfer, plus a return-address stack that calls push and returns pop.
// Execute trains it with every resolved branch and jump, and checks every prediction.

/// The kinds of control transfer the BTB remembers.
public enum JumpKind: Int, HardwareEnum, Sendable { case branch, jump, call, ret }

/// A resolved branch or jump, sent back from execute.
public struct BranchUpdate: Bundle {
    public var pc: Signal
    public var target: Signal
    public var taken = Signal(.bit)
    public var kind = Signal(JumpKind.hwType)
    public init(xlen: Int) { pc = Signal(.uint(xlen)); target = Signal(.uint(xlen)) }
}

/// A BTB entry as the entry table holds it, packed (counter in the low bits). The target is in a
/// table of its own. There are no valid bits: an entry whose tag matches by chance (tables are not
/// reset) only makes a prediction that execute checks.
struct BTBEntry: Bundle {
    var counter: Signal           // 2-bit saturating: taken when the high bit is set
    var kind: Signal              // a JumpKind
    var tag: Signal
    init(tagBits: Int) { counter = Signal(.uint(2)); kind = Signal(JumpKind.hwType); tag = Signal(.uint(tagBits)) }
    init(counter: Signal, kind: Signal, tag: Signal) { self.counter = counter; self.kind = kind; self.tag = tag }
}

public struct BranchPredictor: Module {
    public var xlen: Int
    public var entries: Int
    public var returnStackDepth: Int
    public init(xlen: Int, entries: Int = 128, returnStackDepth: Int = 8) {
        self.xlen = xlen; self.entries = entries; self.returnStackDepth = returnStackDepth
    }

    public struct IO: Bundle {
        public var fetchPC: Signal
        public var fetchAdvance = Input(.bit)       // the instruction at fetchPC leaves fetch
        public var prediction: Signal               // where fetch goes after fetchPC
        public var update: Valid<BranchUpdate>
        init(xlen: Int) {
            fetchPC = Input(.uint(xlen)); prediction = Output(.uint(xlen)); update = Input(Valid(BranchUpdate(xlen: xlen)))
        }
    }
    public var io: IO { IO(xlen: xlen) }

    var indexBits: Int { entries.trailingZeroBitCount }
    var tagBits: Int { xlen - indexBits - 2 }
    func index(_ pc: Signal) -> Signal { pc[indexBits + 1, 2] }
    func tag(_ pc: Signal) -> Signal { pc[xlen - 1, indexBits + 2] }

    public func body(_ io: IO) -> [Statement] {
        let entryTable = Memory(.uint(packedWidth(BTBEntry(tagBits: tagBits))), depth: entries)
        let targetTable = Memory(.uint(xlen), depth: entries)
        let returnStack = Regs(returnStackDepth, .uint(xlen), reset: 0)
        let stackTop = Reg(.uint(returnStackDepth.trailingZeroBitCount), reset: 0)

        // Predict: a hit on a jump, call or return, or on a branch whose counter says taken.
        let entryBits = Wire(entryTable.read(index(io.fetchPC)))
        let entry = unpacked(entryBits, as: BTBEntry(tagBits: tagBits))
        let hit = Wire(entry.tag == tag(io.fetchPC))
        let kind = Wire(entry.kind)
        let predictTaken = Wire(hit && (kind != JumpKind.branch || entry.counter[1]))
        let target = Wire(Mux(kind == JumpKind.ret, returnStack[stackTop], targetTable.read(index(io.fetchPC))))
        io.prediction <== Mux(predictTaken, target, io.fetchPC + 4)
        When(io.fetchAdvance && hit && kind == JumpKind.call) {
            stackTop.next <== stackTop + 1
            assign(returnStack.map(\.next), at: stackTop + 1, io.fetchPC + 4)
        }.elseWhen(io.fetchAdvance && hit && kind == JumpKind.ret) {
            stackTop.next <== stackTop - 1
        }

        // Train: allocate on taken transfers, count up or down on known branches.
        let update = io.update.bits
        let oldBits = Wire(entryTable.read(index(update.pc)))
        let old = unpacked(oldBits, as: BTBEntry(tagBits: tagBits))
        let known = Wire(old.tag == tag(update.pc))
        let counter = Wire(Mux(known, old.counter, Mux(update.taken, Const(1, .uint(2)), Const(2, .uint(2)))))
        let nextCounter = Wire(Mux(update.taken, Mux(counter == 3, counter, counter + 1),
                                   Mux(counter == 0, counter, counter - 1)))
        When(io.update.valid && (update.taken || known)) {
            entryTable.write(index(update.pc), packed(BTBEntry(counter: nextCounter, kind: update.kind, tag: tag(update.pc))))
            targetTable.write(index(update.pc), update.target)
        }
    }
}
