import Foundation
import Testing
import TestSupport
import HDL
import Cores
import ISA
@testable import RTLSim
import SoCSim
import Spec

// Test support for the CPU: assemble a program with the RISC-V GCC, run it on the SoC through the
// product's runner (SoCRunner: the same load, run, co-simulation as `hdlgen sim --cosim`) until
// the test finisher fires, and collect UART bytes and the retirement records. Programs are
// self-checking: a failed check exits with its check number.


/// The macros every test program may use: CHECK compares a register with a constant and fails
/// with the given number; PASS and FAIL write the test finisher.
let prelude = """
    #define FINISHER \(MemoryMap.testFinisher.base)
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
        li t1, \(TestFinisherCodes.fail)
        or a0, a0, t1
        sw a0, 0(t0)
    2:  j 2b
    pass:
        li t0, FINISHER
        li t1, \(TestFinisherCodes.pass)
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

/// Assembles `source` (after the prelude) for RV32IM or RV64IM and returns the ELF file, linked at
/// 0x8000_0000.
func assemble(_ source: String, xlen: Int) throws -> [UInt8] {
    try assembleFiles(["test.S": prelude + source], xlen: xlen)
}

/// Assembles `test.S` of `files` (other files are headers it includes) and links it at 0x8000_0000.
func assembleFiles(_ files: [String: String], xlen: Int) throws -> [UInt8] {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cpu-\(getpid())-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for (name, text) in files { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
    try linkerScript.write(to: folder.appendingPathComponent("link.ld"), atomically: true, encoding: .utf8)
    let arch = xlen == 64 ? ["-march=rv64im_zicsr_zifencei", "-mabi=lp64", "-mcmodel=medany"]
                          : ["-march=rv32im_zicsr_zifencei", "-mabi=ilp32"]
    let (status, output) = try runTool("riscv64-unknown-elf-gcc", arch + ["-nostdlib", "-T", "link.ld", "-o", "test.elf", "test.S"], in: folder)
    guard status == 0 else { throw SimulationError("assembly failed:\n\(output)") }
    return [UInt8](try Data(contentsOf: folder.appendingPathComponent("test.elf")))
}

/// One record of the retirement port, as the tests look at it: the product's record (from the
/// SoC runner) with the cause as xcause has it and the cycle it left the pipeline in.
struct Retired {
    var pc: UInt64, nextPC: UInt64, instruction: UInt64
    var trap: Bool, cause: UInt64, mode: UInt64
    var rd: Int, rdValue: UInt64
    var memAddress: UInt64
    var cycle: Int

    init(_ r: RetirementRecord, cycle: UInt64, xlen: Int) {
        pc = r.pc; nextPC = r.nextPC; instruction = UInt64(r.instruction)
        trap = r.trap != nil
        cause = r.trap.map { $0.cause | ($0.isInterrupt ? 1 << UInt64(xlen - 1) : 0) } ?? 0
        mode = UInt64(r.privilege.rawValue)
        rd = r.rd ?? 0; rdValue = r.rdValue
        memAddress = r.memAddress ?? 0
        self.cycle = Int(cycle)
    }
}

/// What a run produced.
struct RunResult {
    var finished = false
    var exitCode: UInt64 = 0
    var uart = ""
    var cycles = 0
    var retired: [Retired] = []
    /// The co-simulation's report, when a record differed from the ISA model's.
    var mismatch: String?
}

/// Where a program runs: the Swift simulator, Verilator, or both in lock-step.
enum Backend: String, Sendable { case swift, verilator, lockstep }

/// The SoC on a simulator, elaborated once per configuration. CPU tests run the SoC without its GPU
/// (`gpu: nil`): the idle GPU's logic would cost them several times the simulation time
/// (BENCHMARKS.md); the GPU's own tests (Tests/GPUTests/SoCGPUTests.swift) run the full SoC.
final class SoCBench {
    let xlen: Int
    let sim: any Simulator
    let soc: SoCDesign
    nonisolated(unsafe) static var cache: [String: SoCDesign] = [:]
    static let lock = NSLock()

    init(xlen: Int, memoryLatency: Int = 0, dataLatency: Int? = nil, ramBytes: Int = 64 << 10, backend: Backend = .swift,
         gpu: GPUConfig? = nil) throws {
        self.xlen = xlen
        let key = "\(xlen)-\(memoryLatency)-\(dataLatency ?? -1)-\(ramBytes)-\(gpu.map { "\($0)" } ?? "nogpu")"
        SoCBench.lock.lock()
        defer { SoCBench.lock.unlock() }
        if let cached = SoCBench.cache[key] {
            soc = cached
        } else {
            soc = try SoCDesign(SoC(xlen: xlen, ramBytes: ramBytes, memoryLatency: memoryLatency, dataLatency: dataLatency, gpu: gpu))
            SoCBench.cache[key] = soc
        }
        let design = soc.design
        switch backend {
        case .swift: sim = try SwiftSimulator(design: design)
        case .verilator: sim = try VerilatorSimulator(design: design)
        case .lockstep: sim = LockstepSimulator(try SwiftSimulator(design: design), try VerilatorSimulator(design: design))
        }
    }

    /// A runner for programs on this bench's SoC.
    func runner() -> SoCRunner { SoCRunner(simulator: sim, soc: soc) }

    /// Loads the ELF file `elf`, resets, and runs until the finisher fires, through the product's
    /// runner (`SoCRunner`, as `hdlgen sim` runs programs). With `cosimulate`, every retired
    /// instruction is compared with the ISA model's, by the runner's co-simulation.
    func run(_ elf: [UInt8], maxCycles: Int = 200_000, trace: Bool = true, cosimulate: Bool = false) throws -> RunResult {
        let file = try ELFFile(bytes: elf)
        let runner = runner()
        try runner.load(file)
        if cosimulate { try runner.enableCosimulation(file) }
        var result = RunResult()
        runner.output = { result.uart.append(Character(UnicodeScalar($0))) }
        let xlen = self.xlen
        if trace { runner.onRetire = { result.retired.append(Retired($0, cycle: $1, xlen: xlen)) } }
        switch runner.run(maxCycles: UInt64(maxCycles)) {
        case .exited(let code):
            result.finished = true
            result.exitCode = UInt64(UInt32(bitPattern: code))
        case .cycleLimit, .reached: break
        case .mismatch(let report): result.mismatch = report
        }
        result.cycles = Int(runner.statistics.cycles)
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
    let result = try bench.run(try assemble(source, xlen: xlen), maxCycles: maxCycles, cosimulate: cosimulate)
    if let mismatch = result.mismatch {
        Issue.record("RV\(xlen) against the ISA model: \(mismatch)", sourceLocation: sourceLocation)
    }
    let finished = result.finished
    #expect(finished || result.mismatch != nil,
            "RV\(xlen): the program did not finish in \(maxCycles) cycles; last pc \(String(result.retired.last?.pc ?? 0, radix: 16))",
            sourceLocation: sourceLocation)
    let exitCode = result.exitCode
    #expect(exitCode == 0, "RV\(xlen): check \(exitCode) failed", sourceLocation: sourceLocation)
    return result
}
