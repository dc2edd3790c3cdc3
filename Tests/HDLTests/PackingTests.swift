import Testing
import HDL
import RTLSim

// `packed`/`unpacked` (a bundle as one word and back) and a ROM (a memory never written, which
// leaves its module combinational), on both simulators.

/// Three fields of different widths, the first in the lowest bits when packed.
struct Triple: Bundle {
    var flag = Signal(.bit)
    var kind = Signal(.uint(3))
    var value = Signal(.uint(12))
}

/// A Triple goes in, is packed into one register, and comes out unpacked a cycle later; `word`
/// shows the packed register.
struct PackedPipe: Module {
    struct IO: Bundle {
        var input = Input(Triple())
        var output = Output(Triple())
        var word = Output(.uint(16))
    }
    var io: IO { IO() }
    func body(_ io: IO) -> [Statement] {
        #expect(packedFields(Triple()).map(\.offset) == [0, 1, 4])
        let held = Reg(.uint(packedWidth(Triple())), reset: 0)
        held.next <== packed(io.input)
        let out = unpacked(held, as: Triple())
        io.output.flag <== out.flag
        io.output.kind <== out.kind
        io.output.value <== out.value
        io.word <== held
    }
}

struct SquaresROM: Module {
    struct IO: Bundle {
        var index = Input(.uint(3))
        var square = Output(.uint(6))
    }
    var io: IO { IO() }
    func body(_ io: IO) -> [Statement] {
        let rom = Memory(.uint(6), depth: 8, initial: (0..<8).map { $0 * $0 }, backdoor: false)
        io.square <== rom.read(io.index)
    }
}

@Suite struct PackingTests {
    @Test func packedRegisterRoundTrips() throws {
        let elaborated = try Elaborator.elaborateWithPorts(PackedPipe())
        let io = elaborated.ports
        try onEachBackend(elaborated.design) { sim, check in
            var rng = SeededGenerator(seed: 3)
            sim.reset()
            for cycle in 0..<200 {
                let flag = rng.value(bits: 1), kind = rng.value(bits: 3), value = rng.value(bits: 12)
                sim.poke(io.input.flag, flag)
                sim.poke(io.input.kind, kind)
                sim.poke(io.input.value, value)
                sim.step()
                check.equal(sim.peek(io.word), flag | kind << 1 | value << 4, "packed word after cycle \(cycle)")
                check.equal(sim.peek(io.output.flag), flag, "flag after cycle \(cycle)")
                check.equal(sim.peek(io.output.kind), kind, "kind after cycle \(cycle)")
                check.equal(sim.peek(io.output.value), value, "value after cycle \(cycle)")
            }
        }
    }

    @Test func unpackingAWordOfTheWrongWidthIsAnError() {
        let line = #line + 2
        let errors = elaborationErrors(Probe("unpack", ports: { Byte() }) { io in
            let t = unpacked(io.value, as: Triple())
            io.result <== Cat(t.kind, t.flag).zeroExtended(to: 8)
        })
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.kind == .widthMismatch)
        #expect(errors.first?.location.line == line)
        #expect(errors.first?.message.contains("unpacking 8 bits into a Triple of 16 bits") == true)
    }

    @Test func aROMIsCombinational() throws {
        let elaborated = try Elaborator.elaborateWithPorts(SquaresROM())
        let design = elaborated.design, io = elaborated.ports
        #expect(!design.topModule.isClocked)
        let verilog = VerilogEmitter().emit(design)
        #expect(!verilog.contains("input  wire clock"))
        try onEachBackend(design) { sim, check in
            for i: UInt64 in 0..<8 {
                sim.poke(io.index, i)
                check.equal(sim.peek(io.square), i * i, "square of \(i)")
            }
        }
    }
}
