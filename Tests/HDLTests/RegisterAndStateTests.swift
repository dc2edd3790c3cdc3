import Testing
import HDL
import TestSupport
@testable import RTLSim

// Registers are assigned through `next`, FSM states are typed, bundles bind once, and the
// handshake helpers: each misuse is an elaboration error (or warning) at the Swift line, and a
// typed FSM runs the same on both backends.

/// A three-state FSM: idle until `go`, then busy for `length` cycles, then done for one cycle.
struct Sequencer: Module {
    enum State: Int, HardwareEnum { case idle, busy, done }
    struct IO: Bundle {
        var go = Input(.bit)
        var again = Input(.bit)
        var busy = Output(.bit)
        var finished = Output(.bit)
        var handshake = Decoupled(Signal(.uint(4)))
    }
    var io: IO { IO() }

    func body(_ io: IO) -> [Statement] {
        let state = Reg(State.self, reset: .idle)
        let count = Reg(.uint(4))
        io.busy <== state == .busy
        io.finished <== state == .done
        io.handshake.valid <== state == .done
        io.handshake.bits <== count
        Switch(state) {
            Is(.idle) { When(io.go) { state.next <== .busy; count.next <== 0 } }
            Is(.busy) {
                count.next <== count + 1
                When(count == 2) { state.next <== .done }
            }
            Is(.done) { When(io.handshake.fire) { state.next <== Mux(io.again, .busy, .idle) } }
        }
    }
}

@Suite struct RegisterAndStateTests {
    @Test func typedStateMachineRunsOnBothBackends() throws {
        let elaborated = try Elaborator.elaborateWithPorts(Sequencer())
        let io = elaborated.ports
        #expect(VerilogEmitter().emit(elaborated.design).contains("STATE_BUSY"))
        try onEachBackend(elaborated.design) { sim, check in
            sim.reset()
            sim.poke(io.go, 1)
            sim.step()
            sim.poke(io.go, 0)
            check.equal(sim.peek(io.busy), UInt64(1), "busy after go")
            sim.step(3)
            check.equal(sim.peek(io.finished), UInt64(1), "done after three busy cycles")
            check.equal(sim.peek(io.handshake.valid), UInt64(1), "offers its count")
            check.equal(sim.peek(io.handshake.bits), UInt64(3), "the count")
            sim.step()
            check.equal(sim.peek(io.finished), UInt64(1), "waits for ready")
            sim.poke(io.handshake.ready, 1)
            sim.poke(io.again, 1)
            sim.step()
            check.equal(sim.peek(io.busy), UInt64(1), "fire with again: busy again")
        }
    }

    @Test func registerAssignedLikeAWireIsAnError() {
        let line = #line + 3
        let errors = elaborationErrors(Probe("regwire", ports: { Byte() }) { io in
            let held = Reg(.uint(8))
            held <== io.value
            io.result <== held
        })
        expectOne(errors, .invalid, line: line, "'held' is a register, assigned here like a wire")
        #expect(errors.first?.fix.contains("held.next <==") == true)
    }

    /// `assign` writes through a closure inside the DSL: the error still names this file's line.
    @Test func registersAssignedByIndexNeedNext() {
        let line = #line + 3
        let errors = elaborationErrors(Probe("bank", ports: { Byte() }) { io in
            let bank = Regs(2, .uint(8))
            assign(bank, at: io.value[0], io.value)
            io.result <== bank[io.value[1, 1]]
        })
        #expect(errors.count == 2 && errors.allSatisfy { $0.location.line == line && $0.location.fileName == "RegisterAndStateTests.swift" },
                "\(errors)")
    }

    @Test func nextOfAWireIsAnError() {
        let line = #line + 3
        let errors = elaborationErrors(Probe("wirenext", ports: { Byte() }) { io in
            let sum = Wire(.uint(8))
            sum.next <== io.value
            io.result <== sum
        })
        expectOne(errors, .invalid, line: line, "is not a register, so it has no `next`")
    }

    @Test func aBundleIsBoundOnce() {
        let line = #line + 4
        let errors = elaborationErrors(Probe("twice", ports: { Byte() }) { io in
            let fields = Valid(Signal(.uint(8)))
            let first = Reg(fields)
            let second = Wire(fields)
            first.valid.next <== 1
            first.bits.next <== io.value
            io.result <== second.bits
        })
        #expect(errors.contains { $0.location.line == line && $0.message.contains("already hardware") }, "\(errors)")
    }

    @Test func switchMissingAStateWarns() throws {
        let line = #line + 5
        let design = try Elaborator.elaborate(Probe("partial", ports: { Byte() }) { io in
            let state = Reg(Sequencer.State.self, reset: .idle)
            io.result <== 0
            When(io.value == 0) { io.result <== 1 }
            Switch(state) {
                Is(.idle) { state.next <== .busy }
                Is(.busy) { state.next <== .idle }
            }
        })
        let warning = try #require(design.warnings.first)
        #expect(warning.location.line == line && warning.severity == .warning, "\(warning)")
        #expect(warning.message.contains(".done") && warning.fix.contains("Default"), "\(warning)")
    }

    @Test func registersResetToZeroUnlessToldOtherwise() throws {
        let elaborated = try Elaborator.elaborateWithPorts(Probe("resets", ports: { Byte() }) { io in
            let zero = Reg(.uint(8))
            let free = Reg(.uint(8), reset: nil)
            zero.next <== io.value
            free.next <== io.value
            io.result <== zero
        })
        let registers = try #require(elaborated.design.module(named: "probe_resets")?.registers)
        #expect(registers.map { $0.reset != nil } == [true, false])
    }
}
