import Foundation
import Testing
import TestSupport
@testable import ISA

/// Builds a minimal little-endian RISC-V ELF executable in memory.
func makeELF(is64: Bool, segments: [(vaddr: UInt64, data: [UInt8], memsz: UInt64)], entry: UInt64 = 0x8000_0000) -> [UInt8] {
    var f: [UInt8] = []
    func put(_ v: UInt64, _ n: Int) { for i in 0..<n { f.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) } }
    let ehsize = is64 ? 64 : 52, phentsize = is64 ? 56 : 32
    let phoff = ehsize
    var dataOff = phoff + phentsize * segments.count
    f += [0x7F, 0x45, 0x4C, 0x46, is64 ? 2 : 1, 1, 1, 0] + Array(repeating: 0, count: 8)
    put(2, 2); put(243, 2); put(1, 4)
    put(entry, is64 ? 8 : 4); put(UInt64(phoff), is64 ? 8 : 4); put(0, is64 ? 8 : 4)
    put(0, 4); put(UInt64(ehsize), 2); put(UInt64(phentsize), 2); put(UInt64(segments.count), 2)
    put(is64 ? 64 : 40, 2); put(0, 2); put(0, 2)
    for s in segments {
        if is64 {
            put(1, 4); put(7, 4); put(UInt64(dataOff), 8); put(s.vaddr, 8); put(s.vaddr, 8)
            put(UInt64(s.data.count), 8); put(s.memsz, 8); put(8, 8)
        } else {
            put(1, 4); put(UInt64(dataOff), 4); put(s.vaddr, 4); put(s.vaddr, 4)
            put(UInt64(s.data.count), 4); put(s.memsz, 4); put(7, 4); put(4, 4)
        }
        dataOff += s.data.count
    }
    for s in segments { f += s.data }
    return f
}

/// Writes 0x5555 (pass) to the test finisher and spins. RV32I code, so it runs in RV32 and RV64 ELFs.
let finisherProgram: [UInt8] = try! Program(xlen: 32, origin: 0x8000_0000) {
    li(.a0, 0x100000)              // lui a0, 0x100
    li(.a1, 0x5555)                // lui a1, 5; addi a1, a1, 0x555
    sw(.a1, 0, .a0)
    Label("spin")
    j("spin")
}.assembleBytes()

@Suite struct ELFLoaderTests {
    @Test(arguments: [false, true])
    func validFileLoadsAndRuns(is64: Bool) throws {
        let bytes = makeELF(is64: is64, segments: [(0x8000_0000, finisherProgram, 0x2000)])
        let elf = try ELFFile(bytes: bytes)
        #expect(elf.xlen == (is64 ? 64 : 32) && elf.entry == 0x8000_0000)
        let m = try Machine.bareMetal(elf, console: BufferSink())
        #expect(m.run(maxInstructions: 100) == .exited(0))
        #expect(m.readMemory(0x8000_1000, count: 16) == Array(repeating: 0, count: 16))   // bss zero-filled
    }

    @Test(arguments: [false, true])
    func truncatedFilesAreRejected(is64: Bool) {
        let bytes = makeELF(is64: is64, segments: [(0x8000_0000, finisherProgram, 0x2000)])
        for len in 0..<bytes.count {
            #expect(throws: ELFError.self, "length \(len)") { try ELFFile(bytes: Array(bytes[0..<len])) }
        }
    }

    @Test func specificProblemsAreNamed() throws {
        let good = makeELF(is64: false, segments: [(0x8000_0000, finisherProgram, 0x100)])
        func message(_ bytes: [UInt8]) -> String {
            do { _ = try ELFFile(bytes: bytes); return "no error" } catch { return error.description }
        }
        var wrongClass = good; wrongClass[4] = 3
        #expect(message(wrongClass).contains("class"))
        var bigEndian = good; bigEndian[5] = 2
        #expect(message(bigEndian).contains("big-endian"))
        var wrongMachine = good; wrongMachine[18] = 62
        #expect(message(wrongMachine).contains("machine"))
        var badMagic = good; badMagic[1] = 0
        #expect(message(badMagic).contains("magic"))
        let overlapping = makeELF(is64: false, segments: [(0x8000_0000, finisherProgram, 0x100), (0x8000_0080, [1, 2, 3], 0x10)])
        #expect(message(overlapping).contains("overlapping"))
        let outside = try ELFFile(bytes: makeELF(is64: true, segments: [(0x4000_0000, finisherProgram, 0x100)], entry: 0x4000_0000))
        do { _ = try Machine.bareMetal(outside, console: BufferSink()); Issue.record("expected out-of-RAM error") } catch {
            #expect(error.description.contains("outside RAM"))
        }
        let huge = try ELFFile(bytes: makeELF(is64: true, segments: [(0x8000_0000, finisherProgram, 0x4000_0000)]))
        #expect(throws: ELFError.self) { try Machine.bareMetal(huge, console: BufferSink()) }
    }

    @Test func randomByteFlipsNeverCrash() throws {
        var sources = [makeELF(is64: false, segments: [(0x8000_0000, finisherProgram, 0x100)]),
                       makeELF(is64: true, segments: [(0x8000_0000, finisherProgram, 0x100), (0x8000_1000, [9, 9], 0x20)])]
        if let gcc = Support.gcc {
            let dir = Support.tempDir("flip")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            try "    .globl _start\n_start:\n    li a0, 0\n    li a7, 93\n    ecall\n    .data\ntohost: .word 0\n".write(toFile: "\(dir)/a.s", atomically: false, encoding: .utf8)
            let b = try Support.run(gcc, ["-march=rv64im", "-mabi=lp64", "-nostdlib", "-static", "-o", "\(dir)/a.elf", "\(dir)/a.s"])
            if b.status == 0, let d = FileManager.default.contents(atPath: "\(dir)/a.elf") { sources.append([UInt8](d)) }
        }
        var rng = SeededRNG(seed: 2024)
        var rejected = 0, accepted = 0
        for src in sources {
            for _ in 0..<400 {
                var f = src
                for _ in 0..<(1 + Int(rng.next() % 4)) {
                    let i = Int(rng.next() % UInt64(f.count))
                    f[i] ^= UInt8(truncatingIfNeeded: rng.next() | 1)
                }
                do {
                    let elf = try ELFFile(bytes: f)
                    accepted += 1
                    // Whatever parses must also load (or fail cleanly) and run without crashing.
                    if let m = try? Machine.bareMetal(elf, console: BufferSink()) { _ = m.run(maxInstructions: 1000) }
                    if let m = try? Machine.linuxUser(elf, memorySize: 1 << 20, stdout: BufferSink(), stderr: BufferSink()) {
                        _ = m.run(maxInstructions: 1000)
                    }
                } catch {
                    rejected += 1
                    #expect(!error.description.isEmpty && !error.description.contains("\n"))
                }
            }
        }
        #expect(rejected > 0 && accepted + rejected == sources.count * 400)
    }
}
