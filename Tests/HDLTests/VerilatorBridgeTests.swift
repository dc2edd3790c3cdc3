import Foundation
import Testing
import TestSupport
import HDL
import Cores
@testable import RTLSim

// The Verilator bridge: shim + shared library + VerilatorSimulator, and the lock-step runner.
// Without Verilator these tests are skipped, except in CI (CI=true), where they must fail.

/// A 100-bit accumulator with a combinational 100-bit sum: the wide (VlWide) poke/peek path.
struct VBWideAdder: Module {
    struct IO: HDL.Bundle {
        var a = Input(.uint(100))
        var b = Input(.uint(100))
        var sum = Output(.uint(100))
        var total = Output(.uint(100))
    }
    var io: IO { IO() }
    func body(_ io: IO) -> [Statement] {
        let acc = Reg(.uint(100), reset: 0)
        acc.next <== acc + io.a
        io.sum <== io.a + io.b
        io.total <== acc
    }
}

/// Inputs that reach only registers: Verilator schedules no input-driven logic, so the shim runs
/// each rising edge without eval() (hdl_rise); with a waveform open every edge is a full eval().
struct VBRegistered: Module {
    struct IO: HDL.Bundle {
        var a = Input(.uint(16))
        var enable = Input(.bit)
        var x = Output(.uint(16))
        var y = Output(.uint(32))
    }
    var io: IO { IO() }
    func body(_ io: IO) -> [Statement] {
        let r = Reg(.uint(16), reset: 1)
        let s = Reg(.uint(32), reset: 0)
        When(io.enable) { r.next <== (r << 1) ^ io.a ^ Mux(r[15], Const(0x2D, .uint(16)), Const(0, .uint(16))) }
        s.next <== s + r.zeroExtended(to: 32)
        io.x <== r
        io.y <== s ^ r.zeroExtended(to: 32)
    }
}

/// A child holding a 70-bit memory, for back-door access below the top (`pad.words`).
struct VBScratchpad: Module {
    struct IO: HDL.Bundle {
        var address = Input(.uint(3))
        var writeData = Input(.uint(70))
        var writeEnable = Input(.bit)
        var readData = Output(.uint(70))
        var writeCount = Output(.uint(8))
    }
    var io: IO { IO() }
    func body(_ io: IO) -> [Statement] {
        let words = Memory(.uint(70), depth: 8)
        let writes = Reg(.uint(8), reset: 0)
        When(io.writeEnable) {
            words.write(io.address, io.writeData)
            writes.next <== writes + 1
        }
        io.readData <== words.read(io.address)
        io.writeCount <== writes
    }
}

/// A top with its own memory (with initial contents) and one inside an instance.
struct VBMemoryTop: Module {
    struct IO: HDL.Bundle {
        var address = Input(.uint(4))
        var writeData = Input(.uint(70))
        var writeEnable = Input(.bit)
        var data = Output(.uint(16))
        var padData = Output(.uint(70))
        var padWrites = Output(.uint(8))
    }
    var io: IO { IO() }
    func body(_ io: IO) -> [Statement] {
        let lookup = Memory(.uint(16), depth: 16, initial: [0x11, 0x22, 0x33])
        io.data <== lookup.read(io.address)
        let pad = Instance(VBScratchpad(), named: "pad")
        pad.address <== io.address[2, 0]
        pad.writeData <== io.writeData
        pad.writeEnable <== io.writeEnable
        io.padData <== pad.readData
        io.padWrites <== pad.writeCount
    }
}

/// Same ports as `Counter` but counts by two: the lock-step runner must catch it.
struct VBCounterByTwo: Module {
    struct IO: HDL.Bundle {
        var enable = Input(.bit)
        var clear = Input(.bit)
        var count = Output(.uint(8))
    }
    var io: IO { IO() }
    func body(_ io: IO) -> [Statement] {
        let value = Reg(.uint(8), reset: 0)
        When(io.clear) {
            value.next <== 0
        }.elseWhen(io.enable) {
            value.next <== value + 2
        }
        io.count <== value
    }
}

/// Registers named with a `__` (as the GPU's slot table, `table__present`), which Verilator spells
/// `___05F` internally, so the configuration file that makes them readable must too.
struct VBDoubleUnderscore: Module {
    struct IO: HDL.Bundle {
        var value = Input(.uint(8))
        var sum = Output(.uint(8))
    }
    var io: IO { IO() }
    func body(_ io: IO) -> [Statement] {
        let a = Reg(.uint(8), named: "pair__a"), b = Reg(.uint(8), named: "pair__b")
        a.next <== io.value
        b.next <== a + b
        io.sum <== b
    }
}

/// Whether to run: Verilator present, or CI (where its absence must fail the tests).
let verilatorTestsEnabled = (findTool("verilator") != nil) || runningInCI

func wide(_ lo: UInt64, _ hi: UInt64) -> BitVector { BitVector(width: 100, words: [lo, hi]) }

/// `x + y` mod 2^100.
func add100(_ x: BitVector, _ y: BitVector) -> BitVector {
    let (lo, carry) = x.words[0].addingReportingOverflow(y.words[0])
    return BitVector(width: 100, words: [lo, x.words[1] &+ y.words[1] &+ (carry ? 1 : 0)])
}

@Suite(.enabled(if: verilatorTestsEnabled, "verilator is not installed"))
struct VerilatorBridgeTests {
    @Test func counterMatchesReference() throws {
        let elaborated = try Elaborator.elaborateWithPorts(Counter(width: 8))
        let sim = try VerilatorSimulator(design: elaborated.design), io = elaborated.ports
        sim.reset(cycles: 2)
        #expect(sim.peek(io.count) == 0)
        var model: UInt64 = 0
        var rng = SystemRandomNumberGenerator()
        var bad = 0
        for _ in 0..<10_000 {
            let enable = Bool.random(using: &rng), clear = UInt8.random(in: 0..<16, using: &rng) == 0
            sim.poke(io.enable, enable)
            sim.poke(io.clear, clear)
            sim.step()
            model = clear ? 0 : (enable ? (model + 1) & 0xFF : model)
            if sim.peek(io.count) != model { bad += 1 }
        }
        #expect(bad == 0)
        #expect(try sim.peekRegister("value").low64 == model)
        #expect(sim.peek("value") == model)
        #expect(sim.registerNames == ["value"])
        #expect(sim.cycle == 10_002)
        try sim.check()
    }

    @Test func registersWithDoubleUnderscoresAreReadable() throws {
        let design = try Elaborator.elaborate(VBDoubleUnderscore())
        #expect(VerilatorShimEmitter().emitConfig(design).contains("-var \"pair___05Fa\""))
        let sim = LockstepSimulator(try SwiftSimulator(design: design), try VerilatorSimulator(design: design))
        #expect(sim.registerNames.contains("pair__a") && sim.registerNames.contains("pair__b"))
        sim.reset(cycles: 1)
        for k in 1...20 {
            sim.poke("value", UInt64(k))
            sim.step(1)
        }
        try sim.check()
        #expect(try (sim.b as! VerilatorSimulator).peekRegister("pair__b").low64 == UInt64((1...19).reduce(0, +) & 0xFF))
    }

    @Test func widePokeAndPeek() throws {
        let elaborated = try Elaborator.elaborateWithPorts(VBWideAdder())
        let sim = try VerilatorSimulator(design: elaborated.design), io = elaborated.ports
        sim.reset()
        let x = wide(0xFFFF_FFFF_FFFF_FFFF, 0xF_0000_0001), y = wide(1, 0x3_FFFF_FFFF)
        sim.poke(io.a, x)
        sim.poke(io.b, y)
        #expect(sim.peekWide(io.sum) == add100(x, y))    // combinational, settled before any edge
        #expect(sim.peekWide(io.a) == x)
        var total = BitVector(width: 100)
        for _ in 0..<5 {
            sim.step()
            total = add100(total, x)
            #expect(sim.peekWide(io.total) == total)
            #expect(try sim.peekRegister("acc") == total)
        }
        // Values wider than the port are truncated; UInt64 pokes zero-extend.
        sim.poke(io.a, BitVector(width: 128, words: [5, ~0]))
        #expect(sim.peekWide(io.a) == wide(5, 0xF_FFFF_FFFF))
        sim.poke(io.b, 7)
        #expect(sim.peekWide(io.b) == wide(7, 0))
        try sim.check()
    }

    @Test func memoryBackdoor() throws {
        let elaborated = try Elaborator.elaborateWithPorts(VBMemoryTop())
        let sim = try VerilatorSimulator(design: elaborated.design), io = elaborated.ports
        #expect(try sim.readMemory("lookup", at: 0, count: 4) == [0x11, 0x22, 0x33, 0])
        try sim.loadMemory("lookup", at: 5, words: [0xBEEF, 0x1_CAFE])   // 16-bit words: truncated
        #expect(try sim.readMemory("lookup", at: 5, count: 2) == [0xBEEF, 0xCAFE])
        sim.poke(io.address, 5)
        #expect(sim.peek(io.data) == 0xBEEF)                           // async read re-settles
        try sim.loadMemory("pad.words", at: 5, words: [0x0123_4567_89AB_CDEF])
        #expect(sim.peek(io.padData) == 0x0123_4567_89AB_CDEF)
        sim.poke(io.address, 2)
        sim.poke(io.writeData, BitVector(width: 70, words: [42, 0x3F]))
        sim.poke(io.writeEnable, 1)
        sim.step()
        sim.poke(io.writeEnable, 0)
        #expect(try sim.readMemory("pad.words", at: 2, count: 1) == [42])
        #expect(sim.peekWide(io.padData) == BitVector(width: 70, words: [42, 0x3F]))
        #expect(sim.registerNames == ["pad.writes"])
        #expect(try sim.peekRegister("pad.writes").low64 == 1)   // a register inside an instance
        #expect(throws: SimulationError.self) { try sim.loadMemory("lookup", at: 15, words: [1, 2]) }
        #expect(throws: SimulationError.self) { try sim.readMemory("nope", at: 0, count: 1) }
        try sim.check()
    }

    @Test func waveform() throws {
        let elaborated = try Elaborator.elaborateWithPorts(Counter(width: 8))
        let sim = try VerilatorSimulator(design: elaborated.design)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vb-\(UUID().uuidString).vcd").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try sim.startWaveform(path)
        sim.reset()
        sim.poke(elaborated.ports.enable, 1)
        sim.step(10)
        sim.stopWaveform()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.isEmpty)
        for name in ["clock", "reset", "enable", "clear", "count", "value"] {
            #expect(text.contains(" \(name) "), "no \(name) in the VCD")
        }
        #expect(text.contains("#105"))     // edge 11 at 10*11-5
        // A second waveform of the same model, started later.
        let again = path + ".2.vcd"
        defer { try? FileManager.default.removeItem(atPath: again) }
        try sim.startWaveform(again)
        sim.step(4)
        sim.stopWaveform()
        let second = try String(contentsOfFile: again, encoding: .utf8)
        #expect(second.contains(" count ") && second.contains("#150"))
        #expect(throws: SimulationError.self) { try sim.startWaveform("/nonexistent-folder/x.vcd") }
    }

    /// The cycle loop's two ways through an edge agree: without a waveform a design whose inputs
    /// reach only registers runs its rising edge without eval() (and the FIFO, whose inputs reach
    /// its outputs, evals); with one, every edge is a full eval(). Same inputs, same outputs, every
    /// cycle; and the edge count stays right for a waveform started after fast edges.
    @Test func edgesWithoutEvalMatchFullEvals() throws {
        let registered = try Elaborator.elaborateWithPorts(VBRegistered())
        let fifo = try Elaborator.elaborateWithPorts(FIFO(width: 8, depth: 4))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vb-\(UUID().uuidString).vcd").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        for (design, inputs, outputs) in [(registered.design, ["a", "enable"], ["x", "y"]),
                                          (fifo.design, ["enq_valid", "enq_bits", "deq_ready"], ["enq_ready", "deq_valid", "deq_bits", "count"])] {
            let fast = try VerilatorSimulator(design: design), full = try VerilatorSimulator(design: design)
            try full.startWaveform(path)
            fast.reset(); full.reset()
            var rng = SeededRNG(seed: 7)
            for cycle in 0..<300 {
                for name in inputs { let v = UInt64.random(in: 0...0xFFFF, using: &rng); fast.poke(name, v); full.poke(name, v) }
                let steps = Int.random(in: 1...3, using: &rng)
                fast.step(steps); full.step(steps)
                for name in outputs where fast.peek(name) != full.peek(name) {
                    Issue.record("\(design.top) cycle \(cycle): \(name) is \(fast.peek(name)) without eval, \(full.peek(name)) with")
                }
            }
            full.stopWaveform()
            let edges = fast.cycle
            try fast.startWaveform(path)
            fast.step(1)
            fast.stopWaveform()
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text.contains("#\((edges + 1) * 10 - 5)"), "\(design.top): the waveform's first edge is edge \(edges + 1)")
            try fast.check(); try full.check()
        }
    }

    /// VERILATE_TRACE=0 (the CPU race's build) leaves out VCD support: the model runs, a waveform
    /// is refused with a reason.
    @Test func libraryWithoutTracing() throws {
        let elaborated = try Elaborator.elaborateWithPorts(Counter(width: 7))
        let design = elaborated.design
        var environment = ProcessInfo.processInfo.environment
        environment["VERILATE_TRACE"] = "0"
        let build = try VerilatorBuild.library(for: design, verilog: VerilogEmitter().emit(design), environment: environment)
        let sim = try VerilatorSimulator(design: design, library: build.library)
        sim.reset()
        sim.poke(elaborated.ports.enable, 1)
        sim.step(5)
        #expect(sim.peek("value") == 5)
        let error = #expect(throws: SimulationError.self) { try sim.startWaveform("/tmp/never.vcd") }
        #expect(error?.description.contains("built without tracing") == true)
    }

    @Test func cachedAndStaleLibraries() throws {
        let design = try Elaborator.elaborate(Counter(width: 5))
        let first = try VerilatorSimulator(design: design)
        let second = try VerilatorSimulator(design: design)
        #expect(!second.libraryWasBuilt)
        #expect(first.libraryPath == second.libraryPath)
        let other = try Elaborator.elaborate(Counter(width: 6))
        let error = #expect(throws: SimulationError.self) {
            _ = try VerilatorSimulator(design: other, library: first.libraryPath)
        }
        #expect(error?.description.contains("stale Verilator library") == true)
        #expect(error?.description.contains("make verilate") == true)
        #expect(error?.description.contains("\n") == false)
    }

    /// `make verilate` libraries (build/verilator/lib<name>.so) load only if built from today's Verilog.
    @Test func prebuiltLibraryIsChecked() throws {
        let (design, io) = try registered("counter", Counter(width: 8))
        do {
            let sim = try VerilatorSimulator.prebuilt(design, name: "counter")
            sim.reset()
            sim.poke(io.enable, 1)
            sim.step(3)
            #expect(sim.peek(io.count) == 3)
        } catch let error as SimulationError {
            // Not built, or built from older Verilog: the one-line error names the make target.
            #expect(error.description.contains("make verilate DESIGNS=counter"))
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func badInput() throws {
        let design = try Elaborator.elaborate(Counter(width: 8))
        let missing = #expect(throws: SimulationError.self) {
            _ = try VerilatorBuild.library(for: design, verilog: VerilogEmitter().emit(design), environment: ["PATH": "/nonexistent"])
        }
        #expect(missing?.description == "verilator not found; run Scripts/setup.sh")
        let sim = try VerilatorSimulator(design: design)
        #expect(throws: SimulationError.self) { try sim.checkedPoke("nope", BitVector(width: 1)) }
        #expect(throws: SimulationError.self) { try sim.checkedPoke("count", BitVector(width: 8)) }
        #expect(throws: SimulationError.self) { try sim.checkedPeek("nope") }
        #expect(throws: SimulationError.self) { try sim.peekRegister("nope") }
        sim.poke("nope", 1)                      // recorded, not a crash
        #expect(sim.peek("missing") == 0)
        #expect(sim.firstError?.description.contains("'nope'") == true)
        #expect(throws: SimulationError.self) { try sim.check() }
        #expect(throws: SimulationError.self) {
            _ = try VerilatorSimulator(design: design, library: "/nonexistent/libx.so")
        }
    }

    @Test func lockstepAgrees() throws {
        for design in [try Elaborator.elaborate(Counter(width: 8)), try Elaborator.elaborate(VBWideAdder())] {
            let sim = LockstepSimulator(try SwiftSimulator(design: design), try VerilatorSimulator(design: design))
            sim.reset()
            var rng = SystemRandomNumberGenerator()
            for _ in 0..<500 {
                for p in design.topModule.ports where p.direction == .input {
                    sim.poke(p.name, BitVector(width: p.type.width, words: [rng.next(), rng.next()]))
                }
                sim.step()
            }
            #expect(!sim.comparedSignals.isEmpty)
            try sim.check()
        }
        let memory = try Elaborator.elaborateWithPorts(VBMemoryTop())
        let io = memory.ports
        let sim = LockstepSimulator(try SwiftSimulator(design: memory.design), try VerilatorSimulator(design: memory.design))
        try sim.loadMemory("pad.words", at: 1, words: [99])
        sim.reset()
        for i in 0..<200 {
            sim.poke(io.address, UInt64(i % 16))
            sim.poke(io.writeData, UInt64(i * 7919))
            sim.poke(io.writeEnable, i % 3 == 0)
            sim.step()
        }
        #expect(sim.comparedSignals.contains("pad.writes"))
        #expect(try sim.readMemory("lookup", at: 0, count: 3) == [0x11, 0x22, 0x33])
        try sim.check()
    }

    @Test func lockstepReportsFirstDifference() throws {
        let counter = try Elaborator.elaborateWithPorts(Counter(width: 8))
        let sim = LockstepSimulator(try VerilatorSimulator(design: counter.design),
                                    try SwiftSimulator(design: try Elaborator.elaborate(VBCounterByTwo())))
        sim.reset()
        sim.poke(counter.ports.enable, 1)    // the same port on both: VBCounterByTwo has Counter's ports
        #expect(sim.firstMismatch == nil)
        let error = #expect(throws: SimulationError.self) { try sim.stepChecked(5) }
        // Reset took edge 1; edge 2 is the first count: 1 on Verilator, 2 on the broken one.
        #expect(sim.firstMismatch?.cycle == 2)
        #expect(sim.firstMismatch?.signal == "count")
        #expect(error?.description == "lock-step mismatch at cycle 2 on 'count': VerilatorSimulator = 8'h01, SwiftSimulator = 8'h02")
        #expect(sim.cycle == 2)
    }
}
