import Foundation
import Testing
import TestSupport
import ISA
import SoCSim
@testable import RTLSim

// The small kernel (Software/kernel): Sv32/Sv39 page tables, six user processes linked at the same
// address, timer preemption, syscalls, and processes killed for reading kernel memory, writing
// their code, jumping into their data and reading another's heap. It must print the same bytes
// and exit 0 on qemu-system, on the ISA model, on the RTL under Verilator in lock-step with the
// model (every retired instruction and trap compared), and on the Swift simulator.

@Suite struct KernelTests {
    static let isolation = [
        "pid 3 readkern: killed by load page fault (cause 13), stval 0x80000000 (expected)",
        "pid 4 writecode: killed by store page fault (cause 15), stval 0x10000 (expected)",
        "pid 5 jumpdata: killed by instruction page fault (cause 12), stval 0x20000 (expected)",
        "pid 6 peek: killed by load page fault (cause 13), stval 0x40000 (expected)",
    ]

    @Test(arguments: [32, 64]) func sameOnEveryPlatform(xlen: Int) throws {
        guard requireAvailable(SoftwareImage.built, "the software image (make -C Software)") else { return }
        let elfPath = SoftwareImage.elf("kernel", xlen: xlen)
        let elf = try ELFFile(path: elfPath)
        let model = try SoftwareImage.isaModel("kernel", xlen: xlen)
        #expect(model.exitCode == 0 && model.output.hasSuffix("kernel: PASS\n"), "ISA model: \(model)")
        for line in Self.isolation { #expect(model.output.contains(line), "the kernel survives: \(line)") }
        if requireTools("qemu-system-riscv\(xlen)") {
            #expect(try SoftwareImage.qemu("kernel", xlen: xlen) == model, "qemu-system-riscv\(xlen)")
        }
        // Verilator, in lock-step with the ISA model.
        let soc = try SoCDesigns.soc(xlen)
        let runner = SoCRunner(simulator: try VerilatorSimulator(design: soc.design), soc: soc)
        var bytes: [UInt8] = []
        runner.output = { bytes.append($0) }
        try runner.load(elf)
        try runner.enableCosimulation(elf)
        let outcome = runner.run(maxCycles: 20_000_000)
        #expect(outcome == .exited(0), "Verilator with co-simulation: \(outcome)")
        #expect(String(decoding: bytes, as: UTF8.self) == model.output, "Verilator")
        #expect(runner.statistics.itlbMisses > 0 && runner.statistics.dtlbMisses > 0, "the run translated")
        // The Swift simulator.
        #expect(try SoftwareImage.rtl("kernel", xlen: xlen, on: try SwiftSimulator(design: soc.design)) == model, "Swift simulator")
    }
}
