import Testing
import HDL
@testable import RTLSim

// The selection helpers a SIMT datapath leans on (popCount, lowestOne, select of a bundle by a
// signal) and the rule for several writes to one memory in a cycle (the later statement wins),
// on both backends and in lock-step, against plain Swift.

/// One record of `SelectionBlock`: two fields of different widths.
struct Pair: Bundle {
    var low = Signal(.uint(4))
    var high = Signal(.uint(12))
}

struct SelectionBlock: Module {
    struct IO: Bundle {
        var a = Input(.uint(16)), b = Input(.uint(16)), c = Input(.uint(16))
        var index = Input(.uint(2))
        var writeFirst = Input(.bit), writeSecond = Input(.bit)
        var firstAddress = Input(.uint(2)), secondAddress = Input(.uint(2))
        var count = Output(.uint(5)), countOfEight = Output(.uint(4)), lowest = Output(.uint(16))
        var selectedLow = Output(.uint(4)), selectedHigh = Output(.uint(12))
        var word0 = Output(.uint(16)), word1 = Output(.uint(16)), word2 = Output(.uint(16)), word3 = Output(.uint(16))
    }
    var io: IO { IO() }

    func body(_ io: IO) -> [Statement] {
        io.count <== io.a.popCount()
        io.countOfEight <== io.a[7, 0].popCount()
        io.lowest <== io.a.lowestOne()
        let pairs = [io.a, io.b, io.c].map { word -> Pair in
            var p = Pair()
            p.low = word[3, 0]; p.high = word[15, 4]
            return p
        }
        let chosen = select(pairs, at: io.index, as: Pair())
        io.selectedLow <== chosen.low
        io.selectedHigh <== chosen.high
        // Two write ports; when both write one address in one cycle, the second statement's value stays.
        let memory = Memory(.uint(16), depth: 4)
        When(io.writeFirst) { memory.write(io.firstAddress, io.b) }
        When(io.writeSecond) { memory.write(io.secondAddress, io.c) }
        for (i, port) in [io.word0, io.word1, io.word2, io.word3].enumerated() { port <== memory.read(Const(i, .uint(2))) }
    }
}

@Suite struct SelectionTests {
    @Test func selectionAndMemoryWritePorts() throws {
        let elaborated = try Elaborator.elaborateWithPorts(SelectionBlock())
        let io = elaborated.ports
        try onEachBackend(elaborated.design) { sim, check in
            var rng = SeededGenerator(seed: 77)
            var words = [UInt64](repeating: 0, count: 4)
            var sameAddressWrites = 0
            sim.reset()
            for cycle in 0..<2000 {
                let a = rng.bool(0.05) ? 0 : rng.value(bits: 16), b = rng.value(bits: 16), c = rng.value(bits: 16)
                let index = rng.next() % 4
                let writeFirst = rng.bool(), writeSecond = rng.bool()
                let first = rng.next() % 4, second = rng.bool(0.4) ? first : rng.next() % 4
                for (port, value) in [(io.a, a), (io.b, b), (io.c, c), (io.index, index), (io.firstAddress, first), (io.secondAddress, second)] {
                    sim.poke(port, value)
                }
                sim.poke(io.writeFirst, writeFirst)
                sim.poke(io.writeSecond, writeSecond)
                let picked = index == 3 ? a : [a, b, c][Int(index)]            // past the end: element 0
                let expected: [(Signal, UInt64)] = [
                    (io.count, UInt64(a.nonzeroBitCount)), (io.countOfEight, UInt64((a & 0xFF).nonzeroBitCount)),
                    (io.lowest, a & (~a &+ 1) & 0xFFFF), (io.selectedLow, picked & 0xF), (io.selectedHigh, picked >> 4),
                    (io.word0, words[0]), (io.word1, words[1]), (io.word2, words[2]), (io.word3, words[3]),
                ]
                for (port, value) in expected { check.equal(sim.peek(port), value, "\(port) at cycle \(cycle) (a 0x\(String(a, radix: 16)))") }
                sim.step()
                if writeFirst { words[Int(first)] = b }
                if writeSecond { words[Int(second)] = c }
                if writeFirst && writeSecond && first == second { sameAddressWrites += 1 }
            }
            check.equal(sameAddressWrites > 100, true, "both ports wrote one address in one cycle often enough (\(sameAddressWrites))")
        }
    }
}
