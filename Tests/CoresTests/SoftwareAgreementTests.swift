import Foundation
import Testing
import TestSupport
import HDL
import Cores
import ISA
@testable import RTLSim
import SoCSim

// Every program of the software image (Software/, `make software`) must give the same UART bytes
// and exit code on qemu-system (the full-system reference), on the ISA model, and on the SoC RTL
// under both simulators. Dhrystone prints timings, which differ by nature, so for it only the exit
// code and its PASS line are compared. The model-only program (qemu 7.2 does misaligned accesses
// instead of trapping) is compared without qemu.

/// What one platform printed and how it ended.
struct ProgramRun: Equatable, CustomStringConvertible {
    var output: String
    var exitCode: Int32
    var description: String { "exit \(exitCode), output \(output.debugDescription)" }
}

enum SoftwareImage {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let programs = ["hello", "trap_test", "interrupt_test", "umode_test", "csr_test", "exit_test", "unhandled_trap", "dhrystone",
                           "dhrystone_user"]
    static let modelOnly = ["misaligned_test"]

    /// Builds the image once (make is incremental).
    static let built: Bool = {
        guard let (status, output) = try? runTool("make", ["-s", "-C", root.appendingPathComponent("Software").path], in: root) else { return false }
        if status != 0 { print(output) }
        return status == 0
    }()

    static func elf(_ name: String, xlen: Int) -> String {
        root.appendingPathComponent("Software/build/rv\(xlen)/\(name).elf").path
    }

    static func qemu(_ name: String, xlen: Int) throws -> ProgramRun {
        let (status, output) = try runTool("timeout", ["60", "qemu-system-riscv\(xlen)", "-machine", "virt", "-bios", "none",
                                                        "-nographic", "-kernel", elf(name, xlen: xlen)], in: root)
        return ProgramRun(output: output, exitCode: status)
    }

    static func isaModel(_ name: String, xlen: Int) throws -> ProgramRun {
        let sink = BufferSink()
        let machine = try Machine.bareMetal(try ELFFile(path: elf(name, xlen: xlen)), xlen: xlen, console: sink)
        guard case .exited(let code) = machine.run(maxInstructions: 50_000_000) else {
            Issue.record("\(name) did not exit on the ISA model")
            return ProgramRun(output: String(decoding: sink.bytes, as: UTF8.self), exitCode: -1)
        }
        return ProgramRun(output: String(decoding: sink.bytes, as: UTF8.self), exitCode: code)
    }

    static func rtl(_ name: String, xlen: Int, on sim: Simulator) throws -> ProgramRun {
        let runner = SoCRunner(simulator: sim, soc: try SoCDesigns.soc(xlen))
        var bytes: [UInt8] = []
        runner.output = { bytes.append($0) }
        try runner.load(try ELFFile(path: elf(name, xlen: xlen)))
        let outcome = runner.run(maxCycles: 50_000_000)
        guard case .exited(let code) = outcome else {
            Issue.record("\(name) on \(type(of: sim)): \(outcome)")
            return ProgramRun(output: String(decoding: bytes, as: UTF8.self), exitCode: -1)
        }
        return ProgramRun(output: String(decoding: bytes, as: UTF8.self), exitCode: code)
    }

    /// Dhrystone's output without the lines that report timings.
    static func comparable(_ run: ProgramRun, _ name: String) -> ProgramRun {
        guard name.hasPrefix("dhrystone") else { return run }
        return ProgramRun(output: run.output.split(separator: "\n").filter { $0.contains("PASS") }.joined(separator: "\n"),
                          exitCode: run.exitCode)
    }
}

/// The SoC designs without their GPU (CPU-only programs: see SoCBench), elaborated once per XLEN.
enum SoCDesigns {
    static let rv32 = Result { try SoCDesign(SoC(xlen: 32, gpu: nil), name: Designs.socName(xlen: 32, gpu: false)) }
    static let rv64 = Result { try SoCDesign(SoC(xlen: 64, gpu: nil), name: Designs.socName(xlen: 64, gpu: false)) }
    static func soc(_ xlen: Int) throws -> SoCDesign { try (xlen == 32 ? rv32 : rv64).get() }
}

@Suite(.serialized) struct SoftwareAgreementTests {
    static let cases: [(String, Int)] = SoftwareImage.programs.flatMap { [($0, 32), ($0, 64)] }

    @Test(arguments: cases) func sameOutputEverywhere(_ name: String, _ xlen: Int) throws {
        try #require(SoftwareImage.built, "make -C Software failed")
        let qemu = SoftwareImage.comparable(try SoftwareImage.qemu(name, xlen: xlen), name)
        let model = SoftwareImage.comparable(try SoftwareImage.isaModel(name, xlen: xlen), name)
        let design = try SoCDesigns.soc(xlen).design
        let verilator = SoftwareImage.comparable(try SoftwareImage.rtl(name, xlen: xlen, on: try VerilatorSimulator(design: design)), name)
        #expect(!qemu.output.isEmpty)
        #expect(model == qemu, "ISA model vs qemu-system")
        #expect(verilator == qemu, "RTL on Verilator vs qemu-system")
        // The Swift simulator runs the same RTL more slowly; Dhrystone's long loop is left to Verilator.
        if !name.hasPrefix("dhrystone") {
            let swift = SoftwareImage.comparable(try SoftwareImage.rtl(name, xlen: xlen, on: try SwiftSimulator(design: design)), name)
            #expect(swift == qemu, "RTL on the Swift simulator vs qemu-system")
        }
    }

    @Test(arguments: [32, 64]) func modelOnlyProgramsAgreeWithoutQemu(_ xlen: Int) throws {
        try #require(SoftwareImage.built, "make -C Software failed")
        for name in SoftwareImage.modelOnly {
            let model = try SoftwareImage.isaModel(name, xlen: xlen)
            let rtl = try SoftwareImage.rtl(name, xlen: xlen, on: try VerilatorSimulator(design: try SoCDesigns.soc(xlen).design))
            #expect(model.exitCode == 0, "\(name) on the ISA model: \(model)")
            #expect(rtl == model, "\(name): RTL vs ISA model")
        }
    }

    /// The two simulators agree cycle by cycle on every port (the retirement port included) and
    /// every register of the SoC while a program runs.
    @Test(arguments: [("hello", 32), ("exit_test", 64)]) func simulatorsAgreeCycleByCycle(_ name: String, _ xlen: Int) throws {
        try #require(SoftwareImage.built, "make -C Software failed")
        let soc = try SoCDesigns.soc(xlen)
        let design = soc.design
        let lockstep = LockstepSimulator(try SwiftSimulator(design: design), try VerilatorSimulator(design: design))
        let run = try SoftwareImage.rtl(name, xlen: xlen, on: lockstep)
        #expect(run.exitCode == (name == "exit_test" ? 42 : 0))
        #expect(lockstep.firstMismatch == nil, "\(String(describing: lockstep.firstMismatch))")
        #expect(soc.ports.retire.bits.pc.name.map(lockstep.comparedSignals.contains) == true)
    }
}
