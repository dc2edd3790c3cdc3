import Foundation
import Testing
import HDL
@testable import RTLSim

/// A field extractor instantiated twice on the same input: after flattening, the two copies
/// compute equal nodes, which the Swift simulator merges.
struct FieldPicker: Module {
    struct IO: HDL.Bundle {
        var word = Input(.uint(16))
        var field = Output(.uint(4))
    }
    var io: IO { IO() }
    func body(_ io: IO) -> [Statement] {
        io.field <== Cat(io.word[11, 4], io.word[15, 12])[7, 4]      // a slice of a concatenation: word[7:4]
    }
}

/// Nested `When`s over registers (whose untaken sides the Swift simulator skips), shared logic in
/// two instances, slices of slices and of concatenations.
struct GuardedAccumulator: Module {
    struct IO: HDL.Bundle {
        var a = Input(.uint(16))
        var b = Input(.uint(16))
        var load = Input(.bit)
        var mode = Input(.bit)
        var total = Output(.uint(32))
        var fields = Output(.uint(8))
        var last = Output(.uint(16))
        var selector = Input(.uint(2))
        var picked = Output(.uint(16))
        var isFive = Output(.bit)
    }
    var io: IO { IO() }
    func body(_ io: IO) -> [Statement] {
        let total = Reg(.uint(32), reset: 0)
        let last = Reg(.uint(16), reset: 0)
        let first = Instance(FieldPicker()), second = Instance(FieldPicker())
        first.word <== io.a
        second.word <== io.a
        When(io.load) {
            When(io.mode) {
                total.next <== total + (io.a * io.b)[31, 0] + Cat(io.b, io.a)[23, 8].zeroExtended(to: 32)
                last.next <== (io.a ^ io.b)[15, 0]
            }.otherwise {
                total.next <== (total ^ Cat(io.a, io.b)) - io.a.zeroExtended(to: 32)
            }
        }.elseWhen(io.mode) {
            last.next <== last + 1
        }
        io.picked <== io.b
        Switch(io.selector) {                          // a chain of compares with constants
            Is(0) { io.picked <== io.a }
            Is(1) { io.picked <== io.a ^ io.b }
            Is(2) { io.picked <== io.a & io.b }
        }
        io.isFive <== io.b[11, 8] == 5                  // a field compared with a constant
        io.total <== total
        io.fields <== Cat(first.field, second.field)
        io.last <== last
    }
}

@Suite struct SimulatorCompilerTests {
    /// The simplified, guarded tape computes what the design says: against a model in Swift, on
    /// the Swift simulator, on Verilator and on both in lock-step.
    @Test func guardedAndSimplifiedLogicMatchesTheModel() throws {
        let elaborated = try Elaborator.elaborateWithPorts(GuardedAccumulator())
        let io = elaborated.ports
        try onEachBackend(elaborated.design) { sim, check in
            var rng = SeededGenerator(seed: 7)
            var total: UInt64 = 0, last: UInt64 = 0
            sim.reset()
            for cycle in 0..<3_000 {
                let a = rng.value(bits: 16), b = rng.value(bits: 16), load = rng.bool(0.6), mode = rng.bool()
                sim.poke(io.a, a); sim.poke(io.b, b); sim.poke(io.load, load); sim.poke(io.mode, mode)
                let selector = rng.value(bits: 2)
                sim.poke(io.selector, selector)
                let field = (a >> 4) & 0xF
                check.equal(sim.peek(io.fields), field << 4 | field, "fields at cycle \(cycle)")
                check.equal(sim.peek(io.picked), [a, a ^ b, a & b, b][Int(selector)], "picked at cycle \(cycle)")
                check.equal(sim.peek(io.isFive), (b >> 8) & 0xF == 5 ? 1 : 0, "isFive at cycle \(cycle)")
                sim.step()
                if load && mode {
                    total = (total + ((a * b) & 0xFFFF_FFFF) + (((b << 16 | a) >> 8) & 0xFFFF)) & 0xFFFF_FFFF
                    last = a ^ b
                } else if load {
                    total = ((total ^ (a << 16 | b)) &- a) & 0xFFFF_FFFF
                } else if mode {
                    last = (last + 1) & 0xFFFF
                }
                check.equal(sim.peek(io.total), total, "total after cycle \(cycle)")
                check.equal(sim.peek(io.last), last, "last after cycle \(cycle)")
            }
        }
    }

    /// A register that holds unless loaded keeps its value when a poke sets the load, the logic
    /// settles, and another poke clears it before the clock edge.
    @Test func heldRegisterIgnoresALoadWithdrawnBeforeTheEdge() throws {
        let elaborated = try Elaborator.elaborateWithPorts(GuardedAccumulator())
        let io = elaborated.ports
        try onEachBackend(elaborated.design) { sim, check in
            sim.reset()
            sim.poke(io.a, 5); sim.poke(io.b, 7); sim.poke(io.mode, true); sim.poke(io.load, true)
            sim.step()                                        // total = 5 * 7 + ({7, 5} >> 8 & 0xFFFF)
            let total = sim.peek(io.total)
            check.equal(total, 35 + 0x700, "total after one load")
            sim.poke(io.a, 9)
            _ = sim.peek(io.fields)                           // settles with load = 1
            sim.poke(io.load, false); sim.poke(io.mode, false)
            sim.step()
            check.equal(sim.peek(io.total), total, "total after a load withdrawn before the edge")
            check.equal(sim.peek(io.last), 5 ^ 7, "last after a load withdrawn before the edge")
        }
    }

    /// The compiler did its work on that design: the two pickers' logic was merged, the
    /// registers' updates sit behind skips, the `Switch` is one lookup and the field compare one
    /// operation.
    @Test func tapeIsSimplifiedAndGuarded() throws {
        let design = try Elaborator.elaborate(GuardedAccumulator())
        let sim = try SwiftSimulator(design: design)
        #expect(sim.tape.contains { $0.op == .skipUnless })
        #expect(sim.tape.contains { $0.op == .skipIf })
        #expect(sim.tape.contains { $0.op == .switchLookup })
        #expect(sim.tape.contains { $0.op == .fieldEqual })
        var unsimplified = try FlatNetlist(design)
        let before = CompiledDesign(unsimplified).tape.count
        unsimplified.simplify()
        #expect(CompiledDesign(unsimplified).tape.count < before)
        // One slice of `a` for both pickers' fields (each picker's concatenation and slice fold to it).
        let slicesOfA = sim.tape.filter { $0.op == .slice && $0.width == 4 && $0.mask == 0xF }
        #expect(slicesOfA.count == 1, "\(slicesOfA.count) slices a[7:4]")
    }
}
