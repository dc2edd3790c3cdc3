import Testing
import Foundation
import Spec
import ISA
import SoCSim
import TestSupport

// A program's command line (Spec's ProgramArguments): the SoC runner and the ISA model write the
// string into `program_args` after loading; the program sees it. A program without the array, or
// a string that does not fit, is a clear error.

@Suite struct ProgramArgumentsTests {
    /// Checks the first bytes of program_args and exits 0, or with the failing check's number.
    static let source = """
        main:
            la t0, program_args
            lbu t1, 0(t0)
            CHECK t1, 'l', 1
            lbu t1, 3(t0)
            CHECK t1, '/', 2
            lbu t1, 7(t0)
            CHECK t1, 0, 3
            j pass
        .data
        .globl program_args
        program_args: .fill \(ProgramArguments.size), 1, 0x55
        """

    @Test(arguments: [32, 64]) func theProgramSeesItsArguments(xlen: Int) throws {
        guard requireTools("riscv64-unknown-elf-gcc") else { return }
        let elf = try ELFFile(bytes: try assemble(Self.source, xlen: xlen))
        let machine = try Machine.bareMetal(elf, console: BufferSink())
        try machine.setArguments("ls /SUB", of: elf)
        #expect(machine.run(maxInstructions: 10_000) == .exited(0), "ISA model")
        let bench = try SoCBench(xlen: xlen)
        let runner = bench.runner()
        try runner.load(elf)
        try runner.setArguments("ls /SUB", of: elf)
        #expect(runner.run(maxCycles: 10_000) == .exited(0), "RTL")
        // In co-simulation the ISA model sees the same command line, whichever comes first (it once saw none).
        for argumentsFirst in [true, false] {
            let cosim = bench.runner()
            try cosim.load(elf)
            if argumentsFirst { try cosim.setArguments("ls /SUB", of: elf) }
            try cosim.enableCosimulation(elf)
            if !argumentsFirst { try cosim.setArguments("ls /SUB", of: elf) }
            #expect(cosim.run(maxCycles: 10_000) == .exited(0), "RTL in co-simulation, arguments first: \(argumentsFirst)")
        }

        #expect(throws: ELFError.self) { try machine.setArguments(String(repeating: "a", count: ProgramArguments.size), of: elf) }
        let bare = try ELFFile(bytes: try assemble("main: j pass\n", xlen: xlen))
        #expect(throws: ELFError.self) { try Machine.bareMetal(bare, console: BufferSink()).setArguments("x", of: bare) }
        #expect(throws: (any Error).self) { try runner.setArguments("x", of: bare) }
    }
}
