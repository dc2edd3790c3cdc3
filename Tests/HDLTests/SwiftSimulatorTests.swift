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
        let sim = try SwiftSimulator(design: try Elaborator.elaborate(HexROM(path: path)))
        let expected: [UInt64] = [0xBEEF, 0x0001, 0, 0, 0, 0x00FF, 0, 0]
        for (address, word) in expected.enumerated() {
            sim.poke("address", UInt64(address))
            #expect(sim.peek("data") == word, "word \(address)")
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
        let sim = try SwiftSimulator(design: try Elaborator.elaborate(Counter(width: 8)))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("counter-\(UUID().uuidString).vcd").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try sim.startWaveform(path)
        sim.reset()
        sim.poke("enable", 1)
        sim.step(5)
        sim.stopWaveform()
        let vcd = try String(contentsOfFile: path, encoding: .utf8)
        for name in ["count", "enable", "clear", "value", "clock"] { #expect(vcd.contains(" \(name) $end"), "\(name)") }
        #expect(vcd.contains("b101 "))      // the count reaches 5
        #expect(vcd.contains("#60"))
    }

    @Test func counterMatchesReference() throws {
        let sim = try SwiftSimulator(design: try Elaborator.elaborate(Counter(width: 8)))
        sim.reset()
        var model: UInt64 = 0
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<10_000 {
            let enable = Bool.random(using: &rng), clear = UInt8.random(in: 0..<16, using: &rng) == 0
            sim.poke("enable", enable)
            sim.poke("clear", clear)
            sim.step()
            model = clear ? 0 : (enable ? (model + 1) & 0xFF : model)
            #expect(sim.peek("count") == model)
        }
    }

    @Test func wideValues() throws {
        let sim = try SwiftSimulator(design: try Elaborator.elaborate(WideAccumulator()))
        sim.reset()
        var model = BitVector(width: 100)
        let x = BitVector(width: 100, words: [0xFFFF_FFFF_FFFF_FFFF, 0x3_0000_0001])
        for _ in 0..<5 {
            sim.poke("add", x)
            sim.step()
            // model += x (two words with carry)
            let (lo, c) = model.words[0].addingReportingOverflow(x.words[0])
            model = BitVector(width: 100, words: [lo, model.words[1] &+ x.words[1] &+ (c ? 1 : 0)])
            #expect(sim.peekWide("sum") == model)
            #expect(sim.peek("top") == model.words[1] >> 0 & 0xF_FFFF_FFFF)
        }
    }

    @Test func memoryPortsAndBackdoor() throws {
        let sim = try SwiftSimulator(design: try Elaborator.elaborate(MaskedRAM()))
        #expect(try sim.readMemory("ram", at: 0, count: 2) == [0x1111_1111, 0x2222_2222])
        sim.poke("address", 1)
        #expect(sim.peek("read_async") == 0x2222_2222)
        sim.poke("write_data", 0xAABB_CCDD)
        sim.poke("write_mask", 0b0101)
        sim.poke("write_enable", 1)
        sim.step()
        #expect(sim.peek("read_data") == 0x2222_2222)   // read-old on a simultaneous write
        sim.poke("write_enable", 0)
        sim.step()
        #expect(sim.peek("read_data") == 0x22BB_22DD)
        try sim.loadMemory("ram", at: 3, words: [0xDEAD_BEEF])
        sim.poke("address", 3)
        #expect(sim.peek("read_async") == 0xDEAD_BEEF)
        #expect(throws: SimulationError.self) { try sim.loadMemory("ram", at: 15, words: [1, 2]) }
        #expect(throws: SimulationError.self) { try sim.readMemory("nope", at: 0, count: 1) }
    }
}
