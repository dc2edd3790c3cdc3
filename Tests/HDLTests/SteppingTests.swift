import Testing
import HDL
import Cores
@testable import RTLSim

/// `step(_:untilAnyOf:)`: runs until a watched one-bit port reads 1, on both backends.
@Suite struct SteppingTests {
    @Test func stopsAtTheFirstEdgeWhereAWatchedPortIsHigh() throws {
        let elaborated = try Elaborator.elaborateWithPorts(FIFO(width: 8, depth: 4))
        let io = elaborated.ports
        try onEachBackend(elaborated.design) { sim, check in
            sim.reset()
            check.equal(sim.step(50, untilAnyOf: [io.deq.valid]), 50, "nothing pushed: runs every cycle")
            sim.poke(io.enq.valid, 1)
            sim.poke(io.enq.bits, 0x5A)
            check.equal(sim.step(50, untilAnyOf: [io.deq.valid]), 1, "edges until the pushed word shows")
            check.equal(sim.peek(io.deq.bits), 0x5A, "the word")
            sim.poke(io.enq.valid, 0)
            check.equal(sim.step(10, untilAnyOf: [io.enq.ready, io.deq.valid]), 1, "already high: stops after one edge")
        }
    }

    @Test func watchingAWidePortOrAnUnknownNameIsRecorded() throws {
        let elaborated = try Elaborator.elaborateWithPorts(FIFO(width: 8, depth: 4))
        let design = elaborated.design
        let sim = try SwiftSimulator(design: design)
        #expect(sim.step(5, untilAnyOf: [elaborated.ports.count]) == 0)
        #expect(sim.firstError?.description.contains("not a one-bit port") == true)
        let other = try SwiftSimulator(design: design)
        #expect(other.step(5, untilAnyOf: ["nope"]) == 0)
        #expect(other.firstError?.description.contains("no port or register named 'nope'") == true)
    }
}
