import Foundation
import Testing
import HDL
import Cores
import ISA
@testable import RTLSim

// Test support for the CPU: assemble a program with the RISC-V GCC, load it into the SoC's RAM,
// run the Swift simulator until the test finisher fires, and collect UART bytes and the
// retirement records. Programs are self-checking: a failed check exits with its check number.


/// The macros every test program may use: CHECK compares a register with a constant and fails
/// with the given number; PASS and FAIL write the test finisher.
let prelude = """
    #define FINISHER 0x100000
    #if __riscv_xlen == 64
    #define LREG ld
    #define SREG sd
    #else
    #define LREG lw
    #define SREG sw
    #endif
    .macro CHECK reg, value, number
        li t6, \\value
        beq \\reg, t6, 1f
        li a0, \\number
        j fail
    1:
    .endm
    .section .text.init
    .globl _start
    _start:
        li sp, 0x80010000
        j main
    fail:
        li t0, FINISHER
        slli a0, a0, 16
        li t1, 0x3333
        or a0, a0, t1
        sw a0, 0(t0)
    2:  j 2b
    pass:
        li t0, FINISHER
        li t1, 0x5555
        sw t1, 0(t0)
    3:  j 3b

    """

let linkerScript = """
    OUTPUT_ARCH(riscv)
    ENTRY(_start)
    SECTIONS {
        . = 0x80000000;
        .text : { *(.text.init) *(.text*) }
        . = ALIGN(16);
        .data : { *(.rodata*) *(.data*) *(.sdata*) *(.sbss*) *(.bss*) }
    }
    """

/// Assembles `source` (after the prelude) for RV32IM or RV64IM and returns the flat image that
/// starts at 0x8000_0000.
func assemble(_ source: String, xlen: Int) throws -> [UInt8] {
    try assembleFiles(["test.S": prelude + source], xlen: xlen).image
}

/// Assembles `test.S` of `files` (other files are headers it includes) and links it at 0x8000_0000.
func assembleFiles(_ files: [String: String], xlen: Int) throws -> (image: [UInt8], elf: [UInt8]) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cpu-\(getpid())-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for (name, text) in files { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
    try linkerScript.write(to: folder.appendingPathComponent("link.ld"), atomically: true, encoding: .utf8)
    let arch = xlen == 64 ? ["-march=rv64im_zicsr_zifencei", "-mabi=lp64", "-mcmodel=medany"]
                          : ["-march=rv32im_zicsr_zifencei", "-mabi=ilp32"]
    let (status, output) = try runTool("riscv64-unknown-elf-gcc", arch + ["-nostdlib", "-T", "link.ld", "-o", "test.elf", "test.S"], in: folder)
    guard status == 0 else { throw SimulationError("assembly failed:\n\(output)") }
    let (copied, copyOutput) = try runTool("riscv64-unknown-elf-objcopy", ["-O", "binary", "test.elf", "test.bin"], in: folder)
    guard copied == 0 else { throw SimulationError("objcopy failed:\n\(copyOutput)") }
    return ([UInt8](try Data(contentsOf: folder.appendingPathComponent("test.bin"))),
            [UInt8](try Data(contentsOf: folder.appendingPathComponent("test.elf"))))
}

/// One record of the retirement port.
struct Retired {
    var pc: UInt64, nextPC: UInt64, instruction: UInt64
    var trap: Bool, cause: UInt64, mode: UInt64
    var rd: Int, rdValue: UInt64
    var memAddress: UInt64, memWriteMask: UInt64, memWriteData: UInt64
    var cycle: Int
}

/// What a run produced.
struct RunResult {
    var finished = false
    var exitCode: UInt64 = 0
    var uart = ""
    var cycles = 0
    var retired: [Retired] = []
}

/// Where a program runs: the Swift simulator, Verilator, or both in lock-step.
enum Backend: String, Sendable { case swift, verilator, lockstep }

/// The SoC on a simulator, elaborated once per configuration.
final class SoCBench {
    let xlen: Int
    let sim: any Simulator
    nonisolated(unsafe) static var cache: [String: Design] = [:]
    static let lock = NSLock()

    init(xlen: Int, memoryLatency: Int = 0, dataLatency: Int? = nil, ramBytes: Int = 64 << 10, backend: Backend = .swift) throws {
        self.xlen = xlen
        let key = "\(xlen)-\(memoryLatency)-\(dataLatency ?? -1)-\(ramBytes)"
        SoCBench.lock.lock()
        defer { SoCBench.lock.unlock() }
        let design: Design
        if let cached = SoCBench.cache[key] {
            design = cached
        } else {
            design = try Elaborator.elaborate(SoC(xlen: xlen, ramBytes: ramBytes, memoryLatency: memoryLatency, dataLatency: dataLatency))
            SoCBench.cache[key] = design
        }
        switch backend {
        case .swift: sim = try SwiftSimulator(design: design)
        case .verilator: sim = try VerilatorSimulator(design: design)
        case .lockstep: sim = LockstepSimulator(try SwiftSimulator(design: design), try VerilatorSimulator(design: design))
        }
    }

    /// Loads `image` at the start of RAM, resets, and runs until the finisher fires.
    /// With `stopAt`, the run also ends after the first store to that address (riscv-tests' tohost).
    func run(_ image: [UInt8], maxCycles: Int = 200_000, trace: Bool = true, stopAt: UInt64? = nil) throws -> RunResult {
        let lanes = xlen / 8
        var words: [UInt64] = []
        for start in stride(from: 0, to: image.count, by: lanes) {
            var word: UInt64 = 0
            for k in 0..<lanes where start + k < image.count { word |= UInt64(image[start + k]) << (8 * k) }
            words.append(word)
        }
        try sim.loadMemory("ram", at: 0, words: words)
        sim.reset()
        var result = RunResult()
        while result.cycles < maxCycles {
            sim.step()
            result.cycles += 1
            if sim.peek("uart_tx_valid") == 1 { result.uart.append(Character(UnicodeScalar(UInt8(sim.peek("uart_tx_data"))))) }
            if trace && sim.peek("retire_valid") == 1 {
                result.retired.append(Retired(
                    pc: sim.peek("retire_bits_pc"), nextPC: sim.peek("retire_bits_next_pc"),
                    instruction: sim.peek("retire_bits_instruction"), trap: sim.peek("retire_bits_trap") == 1,
                    cause: sim.peek("retire_bits_cause"), mode: sim.peek("retire_bits_mode"),
                    rd: Int(sim.peek("retire_bits_rd")), rdValue: sim.peek("retire_bits_rd_value"),
                    memAddress: sim.peek("retire_bits_mem_address"), memWriteMask: sim.peek("retire_bits_mem_write_mask"),
                    memWriteData: sim.peek("retire_bits_mem_write_data"), cycle: result.cycles))
            }
            if let stopAt, let last = result.retired.last, last.cycle == result.cycles, last.memAddress == stopAt,
               last.memWriteMask != 0 {
                result.finished = true
                break
            }
            if sim.peek("finished") == 1 {
                result.finished = true
                result.exitCode = sim.peek("exit_code")
                break
            }
        }
        return result
    }
}

/// Assembles and runs `source` on the SoC and expects a pass (exit code 0); with `cosimulate`, also
/// that every retired instruction matches the ISA model's.
@discardableResult
func expectPass(_ source: String, xlen: Int, memoryLatency: Int = 0, dataLatency: Int? = nil, maxCycles: Int = 200_000,
                cosimulate: Bool = true,
                sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> RunResult {
    let bench = try SoCBench(xlen: xlen, memoryLatency: memoryLatency, dataLatency: dataLatency)
    let program = try assembleFiles(["test.S": prelude + source], xlen: xlen)
    let result = try bench.run(program.image, maxCycles: maxCycles)
    if cosimulate {
        for mismatch in try compareWithModel(result, elf: program.elf, xlen: xlen).prefix(3) {
            Issue.record("RV\(xlen) against the ISA model: \(mismatch)", sourceLocation: sourceLocation)
        }
    }
    let finished = result.finished
    #expect(finished, "RV\(xlen): the program did not finish in \(maxCycles) cycles; last pc \(String(result.retired.last?.pc ?? 0, radix: 16))",
            sourceLocation: sourceLocation)
    let exitCode = result.exitCode
    #expect(exitCode == 0, "RV\(xlen): check \(exitCode) failed", sourceLocation: sourceLocation)
    return result
}

/// Steps the ISA model through the program of `run` (its ELF file) and compares each record of the
/// retirement port with the model's: pc, instruction, next pc, trap and cause, privilege, rd and
/// its value, data address. Reads of the cycle/time counters differ by design: the model is given
/// the core's value instead.
/// Returns a description of each differing record.
func compareWithModel(_ run: RunResult, elf: [UInt8], xlen: Int) throws -> [String] {
    let model = try Machine.bareMetal(try ELFFile(bytes: elf), xlen: xlen, ramSize: 64 << 10, console: BufferSink())
    let mask: UInt64 = xlen == 64 ? ~0 : 0xFFFF_FFFF      // the model keeps RV32 values sign-extended
    var mismatches: [String] = []
    for (index, core) in run.retired.enumerated() {
        guard let reference = model.step() else { return mismatches + ["the model stopped at record \(index)"] }
        let csr = (core.instruction >> 20) & 0xFFF
        let readsCounter = core.instruction & 0x7F == 0x73 && (core.instruction >> 12) & 3 != 0
            && ((0xB00...0xB9F).contains(csr) || (0xC00...0xC9F).contains(csr))
        var same = core.pc == reference.pc & mask && core.instruction == UInt64(reference.instruction)
            && core.nextPC == reference.nextPC & mask && core.trap == (reference.trap != nil)
            && core.mode == UInt64(reference.privilege.rawValue)
            && (core.rd == (reference.rd ?? 0) || readsCounter && core.rd == 0)
            && (core.memAddress == (reference.memAddress ?? 0) & mask || core.trap)
        if readsCounter && reference.trap == nil, let rd = reference.rd { model.hart.setRegister(rd, core.rdValue) }
        if let trap = reference.trap {
            same = same && core.cause == (trap.cause | (trap.isInterrupt ? 1 << UInt64(xlen - 1) : 0)) & mask
        } else if !readsCounter {
            same = same && core.rdValue == reference.rdValue & mask
        }
        if !same { mismatches.append("record \(index) differs:\n core  \(core)\n model \(reference)") }
    }
    return mismatches
}
