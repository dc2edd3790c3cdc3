import Foundation
import Testing
import HDL
import Cores
@testable import RTLSim

/// A 100-bit accumulator: checks the wide path of the Swift simulator.
struct WideAccumulator: Module {
    struct IO: HDL.Bundle {
        var add = Input(.uint(100))
        var sum = Output(.uint(100))
        var top = Output(.uint(36))
    }
    var io: IO { IO() }
    func body(_ io: IO) -> [Statement] {
        let total = Reg(.uint(100), reset: 0)
        total.next <== total + io.add
        io.sum <== total
        io.top <== total[99, 64]
    }
}

/// A memory with a synchronous read port and byte-masked writes.
struct MaskedRAM: Module {
    struct IO: HDL.Bundle {
        var address = Input(.uint(4))
        var writeData = Input(.uint(32))
        var writeMask = Input(.uint(4))
        var writeEnable = Input(.bit)
        var readData = Output(.uint(32))
        var readAsync = Output(.uint(32))
    }
    var io: IO { IO() }
    func body(_ io: IO) -> [Statement] {
        let ram = Memory(.uint(32), depth: 16, initial: [0x1111_1111, 0x2222_2222])
        When(io.writeEnable) {
            ram.write(io.address, io.writeData, mask: io.writeMask)
        }
        io.readData <== ram.readSync(io.address)
        io.readAsync <== ram.read(io.address)
    }
}

/// A ROM whose contents come from a `$readmemh`-style hex file.
struct HexROM: Module {
    var path: String
    struct IO: HDL.Bundle {
        var address = Input(.uint(3))
        var data = Output(.uint(16))
    }
    var io: IO { IO() }
    func body(_ io: IO) -> [Statement] {
        let rom = Memory(.uint(16), depth: 8, hexFile: path)
        io.data <== rom.read(io.address)
    }
}

@Suite struct SwiftSimulatorTests {
    @Test func memoryFromHexFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rom-\(UUID().uuidString).hex").path
        try "// a comment\nbeef 0001\n@5\n00ff // the sixth word\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let elaborated = try Elaborator.elaborateWithPorts(HexROM(path: path))
        let sim = try SwiftSimulator(design: elaborated.design), io = elaborated.ports
        let expected: [UInt64] = [0xBEEF, 0x0001, 0, 0, 0, 0x00FF, 0, 0]
        for (address, word) in expected.enumerated() {
            sim.poke(io.address, UInt64(address))
            #expect(sim.peek(io.data) == word, "word \(address)")
        }
    }

    @Test func missingHexFileIsAnElaborationError() {
        #expect {
            _ = try Elaborator.elaborate(HexROM(path: "/nonexistent/rom.hex"))
        } throws: { error in
            "\(error)".contains("cannot read the hex file /nonexistent/rom.hex")
        }
    }

    @Test func waveformNamesEverySignal() throws {
        let elaborated = try Elaborator.elaborateWithPorts(Counter(width: 8))
        let sim = try SwiftSimulator(design: elaborated.design)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("counter-\(UUID().uuidString).vcd").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try sim.startWaveform(path)
        sim.reset()
        sim.poke(elaborated.ports.enable, 1)
        sim.step(5)
        sim.stopWaveform()
        let vcd = try String(contentsOfFile: path, encoding: .utf8)
        for name in ["count", "enable", "clear", "value", "clock"] { #expect(vcd.contains(" \(name) $end"), "\(name)") }
        #expect(vcd.contains("b101 "))      // the count reaches 5
        #expect(vcd.contains("#60"))
    }

    @Test func counterMatchesReference() throws {
        let elaborated = try Elaborator.elaborateWithPorts(Counter(width: 8))
        let sim = try SwiftSimulator(design: elaborated.design), io = elaborated.ports
        sim.reset()
        var model: UInt64 = 0
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<10_000 {
            let enable = Bool.random(using: &rng), clear = UInt8.random(in: 0..<16, using: &rng) == 0
            sim.poke(io.enable, enable)
            sim.poke(io.clear, clear)
            sim.step()
            model = clear ? 0 : (enable ? (model + 1) & 0xFF : model)
            #expect(sim.peek(io.count) == model)
        }
    }

    @Test func wideValues() throws {
        let elaborated = try Elaborator.elaborateWithPorts(WideAccumulator())
        let sim = try SwiftSimulator(design: elaborated.design), io = elaborated.ports
        sim.reset()
        var model = BitVector(width: 100)
        let x = BitVector(width: 100, words: [0xFFFF_FFFF_FFFF_FFFF, 0x3_0000_0001])
        for _ in 0..<5 {
            sim.poke(io.add, x)
            sim.step()
            // model += x (two words with carry)
            let (lo, c) = model.words[0].addingReportingOverflow(x.words[0])
            model = BitVector(width: 100, words: [lo, model.words[1] &+ x.words[1] &+ (c ? 1 : 0)])
            #expect(sim.peekWide(io.sum) == model)
            #expect(sim.peek(io.top) == model.words[1] >> 0 & 0xF_FFFF_FFFF)
        }
    }

    @Test func memoryPortsAndBackdoor() throws {
        let elaborated = try Elaborator.elaborateWithPorts(MaskedRAM())
        let sim = try SwiftSimulator(design: elaborated.design), io = elaborated.ports
        #expect(try sim.readMemory("ram", at: 0, count: 2) == [0x1111_1111, 0x2222_2222])
        sim.poke(io.address, 1)
        #expect(sim.peek(io.readAsync) == 0x2222_2222)
        sim.poke(io.writeData, 0xAABB_CCDD)
        sim.poke(io.writeMask, 0b0101)
        sim.poke(io.writeEnable, 1)
        sim.step()
        #expect(sim.peek(io.readData) == 0x2222_2222)   // read-old on a simultaneous write
        sim.poke(io.writeEnable, 0)
        sim.step()
        #expect(sim.peek(io.readData) == 0x22BB_22DD)
        try sim.loadMemory("ram", at: 3, words: [0xDEAD_BEEF])
        sim.poke(io.address, 3)
        #expect(sim.peek(io.readAsync) == 0xDEAD_BEEF)
        #expect(throws: SimulationError.self) { try sim.loadMemory("ram", at: 15, words: [1, 2]) }
        #expect(throws: SimulationError.self) { try sim.readMemory("nope", at: 0, count: 1) }
    }
}
