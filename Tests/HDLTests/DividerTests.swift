import Foundation
import Testing
import HDL
import Cores
import ISA
@testable import RTLSim

/// The division as the ISA model has it (its M-extension semantics: x / 0 = all ones, x % 0 = x,
/// signed overflow), as XLEN bits; `word`: RV64's *W forms, which RV32's divisions are.
func divideReference(op: Int, _ a: UInt64, _ b: UInt64, xlen: Int, word: Bool) -> UInt64 {
    let words = [MulDiv.divw, MulDiv.divuw, MulDiv.remw, MulDiv.remuw], full = [MulDiv.div, MulDiv.divu, MulDiv.rem, MulDiv.remu]
    return masked((word || xlen == 32 ? words : full)[op](a, b), xlen)
}

@Suite struct DividerTests {
    /// Random divisions, dividends of every size: each result as the ISA says, and a dividend of
    /// n significant bits done within n rounded up to a nibble, plus two cycles.
    @Test(arguments: [32, 64]) func divider(_ xlen: Int) throws {
        let elaborated = try Elaborator.elaborateWithPorts(Divider(xlen: xlen))
        let io = elaborated.ports
        try onEachBackend(elaborated.design) { sim, check in
            var rng = SeededGenerator(seed: 11)
            sim.reset()
            for n in 0..<600 {
                let word = xlen == 64 && rng.bool(0.3)
                let a = rng.value(bits: 1 + Int(rng.next() % UInt64(xlen))), b = rng.value(bits: 1 + Int(rng.next() % UInt64(xlen)))
                let op = Int(rng.next() % 4)
                sim.poke(io.a, a); sim.poke(io.b, b); sim.poke(io.op, UInt64(op)); sim.poke(io.word, word)
                sim.poke(io.start, true)
                sim.step()
                sim.poke(io.start, false)
                var cycles = 1
                while sim.peek(io.done) == 0 && cycles <= xlen + 2 { sim.step(); cycles += 1 }
                let expected = divideReference(op: op, a, b, xlen: xlen, word: word)
                check.equal(sim.peek(io.result), expected, "division \(n): op \(op) word \(word) a 0x\(String(a, radix: 16)) b 0x\(String(b, radix: 16))")
                let significant = word ? 32 : xlen       // the magnitude's bits at most
                check.equal(cycles <= (significant + 3) / 4 * 4 + 2, true, "division \(n) took \(cycles) cycles")
                if masked(a, word ? 32 : xlen) < 16 && op & 1 == 1 {   // a small unsigned dividend: a nibble's steps
                    check.equal(cycles <= 4 + 2, true, "division \(n) of a small dividend took \(cycles) cycles")
                }
            }
        }
    }
}
