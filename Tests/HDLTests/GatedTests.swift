import Testing
import HDL
import TestSupport
@testable import RTLSim

// `Gated(active) { ... }`: while `active` is low the block's wires (its named wires, outputs and
// instance inputs) read 0 and its registers keep their values; while high it is ordinary logic.
// Both backends agree, and the Verilog puts the logic in `if (active)` branches.

struct GatedChild: Module {
    struct IO: Bundle { var x = Input(.uint(8)), y = Output(.uint(8)) }
    var io: IO { IO() }
    func body(_ io: IO) -> [Statement] { io.y <== io.x + 1 }
}

struct GatedProbe: Module {
    struct IO: Bundle {
        var a = Input(.uint(8)), b = Input(.uint(8)), active = Input(.bit)
        var sum = Output(.uint(8)), child = Output(.uint(8)), count = Output(.uint(8)), free = Output(.uint(8))
    }
    var io: IO { IO() }
    func body(_ io: IO) -> [Statement] {
        let count = Reg(.uint(8), reset: 0)
        io.count <== count
        io.free <== io.a ^ io.b                         // outside: never gated
        Gated(io.active) {
            let total = Wire(io.a + io.b)
            let child = Instance(GatedChild())
            child.x <== total
            io.sum <== total
            io.child <== child.y
            count.next <== count + 1
        }
    }
}

@Suite struct GatedTests {
    @Test func idleLogicReadsZeroAndKeepsItsRegisters() throws {
        let elaborated = try Elaborator.elaborateWithPorts(GatedProbe())
        #expect(elaborated.design.warnings.isEmpty, "\(elaborated.design.warnings)")
        let verilog = VerilogEmitter().emit(elaborated.design)
        #expect(verilog.contains("if (active) begin"), "\(verilog)")
        #expect(verilog.contains("assign free = a ^ b;"), "\(verilog)")
        let io = elaborated.ports
        try onEachBackend(elaborated.design) { sim, check in
            var count: UInt64 = 0
            for (a, b, active) in [(3, 4, 1), (200, 100, 0), (9, 9, 1), (255, 1, 1), (7, 7, 0)] {
                sim.poke(io.a, UInt64(a)); sim.poke(io.b, UInt64(b)); sim.poke(io.active, UInt64(active))
                sim.step()
                let sum = UInt64((a + b) & 0xFF)
                check.equal(sim.peek(io.sum), active == 1 ? sum : 0, "sum for \(a), \(b), \(active)")
                check.equal(sim.peek(io.child), active == 1 ? (sum + 1) & 0xFF : 0, "child")
                check.equal(sim.peek(io.free), UInt64(a ^ b), "free")
                count += UInt64(active)
                check.equal(sim.peek(io.count), count, "count")
            }
        }
    }
}
