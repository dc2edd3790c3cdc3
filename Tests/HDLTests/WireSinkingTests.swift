import Testing
import HDL
import TestSupport
@testable import RTLSim

// Named wires cost nothing: a wire assigned once but read only inside one branch of one
// combinational block is computed in that branch of the Verilog; everywhere else it stays an
// `assign`. Both backends (and the two in lock-step) agree on what the design does.

struct SinkProbe: Module {
    struct IO: Bundle {
        var a = Input(.uint(8))
        var b = Input(.uint(8))
        var select = Input(.bit)
        var out = Output(.uint(8))
        var both = Output(.uint(8))
    }
    var io: IO { IO() }
    func body(_ io: IO) -> [Statement] {
        let sum = Wire(io.a + io.b)                  // read in one branch: moves there
        let mixed = Wire(sum ^ io.b)                 // read in the same branch, reads sum
        let shared = Wire(io.a & io.b)               // read by two outputs: stays an assign
        io.out <== 0
        When(io.select) { io.out <== mixed }
        io.both <== shared
        When(io.select) { io.both <== shared | 1 }
    }
}

@Suite struct WireSinkingTests {
    @Test func aWireReadInOneBranchIsComputedThere() throws {
        let elaborated = try Elaborator.elaborateWithPorts(SinkProbe())
        let verilog = VerilogEmitter().emit(elaborated.design)
        let lines = verilog.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let branch = try #require(lines.firstIndex { $0.hasPrefix("if (select) begin") })
        #expect(lines[branch + 1].hasPrefix("sum = a + b;"), "\(verilog)")
        #expect(lines[branch + 2].hasPrefix("mixed = sum ^ b;"), "\(verilog)")
        #expect(verilog.contains("reg  [7:0] sum;") && verilog.contains("reg  [7:0] mixed;"))
        #expect(verilog.contains("assign shared = a & b;"), "\(verilog)")
        let io = elaborated.ports
        try onEachBackend(elaborated.design) { sim, check in
            for (a, b, select) in [(3, 4, 1), (200, 100, 1), (9, 9, 0), (255, 1, 1)] {
                sim.poke(io.a, UInt64(a)); sim.poke(io.b, UInt64(b)); sim.poke(io.select, UInt64(select))
                sim.step()
                let sum = UInt64((a + b) & 0xFF)
                check.equal(sim.peek(io.out), select == 1 ? sum ^ UInt64(b) : 0, "out for \(a), \(b), \(select)")
                check.equal(sim.peek(io.both), UInt64(a & b) | UInt64(select), "both")
            }
        }
    }
}
