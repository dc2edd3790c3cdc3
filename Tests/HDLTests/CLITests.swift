import Foundation
import Testing
import TestSupport

@Suite struct CLITests {
    @Test func listsDesigns() throws {
        let r = try HDLGenBinary.run(["emit", "--list"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("counter"))
        #expect(r.stdout.contains("sim_benchmark"))
    }

    @Test func emitsIntoAFreshFolder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hdlgen-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try HDLGenBinary.run(["emit", "--out", dir.path, "counter"])
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOf: dir.appendingPathComponent("counter.v"), encoding: .utf8)
        #expect(text.contains("module counter ("))
    }

    @Test func unknownDesignIsAOneLineError() throws {
        let r = try HDLGenBinary.run(["emit", "--out", "/tmp", "no_such_design"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("unknown design 'no_such_design'"))
        #expect(!r.stderr.contains("Fatal"))
    }

    @Test func unwritableOutputFolderIsAnErrorAndWritesNothing() throws {
        let r = try HDLGenBinary.run(["emit", "--out", "/proc/hdlgen-out", "counter"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("cannot write") || r.stderr.contains("does not exist"))
        #expect(!FileManager.default.fileExists(atPath: "/proc/hdlgen-out"))
    }

    @Test func missingParentFolderIsAnError() throws {
        let r = try HDLGenBinary.run(["emit", "--out", "/nonexistent-\(UUID().uuidString)/gen", "counter"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("does not exist"))
    }

    @Test func simAndIssRejectBadInputInOneLine() throws {
        for arguments in [["sim", "--backend", "swift", "/etc/passwd"], ["iss", "/etc/passwd"]] {
            let r = try HDLGenBinary.run(arguments)
            #expect(r.status != 0, "\(arguments)")
            #expect(r.stderr.contains("not an ELF file"), "\(arguments): \(r.stderr)")
            #expect(!r.stderr.contains("Fatal"), "\(arguments)")
        }
        let backend = try HDLGenBinary.run(["sim", "--backend", "nope", "x.elf"])
        #expect(backend.status != 0)
        #expect(backend.stderr.contains("--backend must be swift or verilator"))
    }

    @Test func badSDCardOptionsAreOneLineErrors() throws {
        let elf = repositoryRoot.appendingPathComponent("Software/build/rv32/hello.elf").path
        // (--args itself: ProgramArgumentsTests)
        guard requireAvailable(FileManager.default.fileExists(atPath: elf), "Software/build (make -C Software)") else { return }
        let odd = try temporaryFile("odd.img", bytes: Data(count: 700))
        defer { removeTemporaryFile(odd) }
        let cases: [([String], String)] = [
            (["--sd-image", "/nonexistent/card.img"], "no such disk image"),
            (["--sd-image", odd], "a whole number of 512-byte blocks, this one has 700 bytes"),
            (["--sd-kind", "mmc"], "--sd-kind must be one of"),
            (["--sd-fault", "fire"], "--sd-fault must be one of"),
            (["--sd-fault", "write-error"], "describe the card of --sd-image"),
        ]
        for command in [["iss"], ["sim", "--backend", "swift"]] {
            for (options, message) in cases {
                let r = try HDLGenBinary.run(command + options + [elf])
                #expect(r.status != 0, "\(command + options)")
                #expect(r.stderr.contains(message), "\(command + options): \(r.stderr)")
                #expect(!r.stderr.contains("Fatal"), "\(command + options)")
            }
        }
    }

    @Test func badBenchOptionsAreOneLineErrors() throws {
        for (options, message) in [(["--timeline-cycles=-1"], "--timeline-cycles must be 0 or more"),
                                   (["--profile-top", "0"], "--profile-top must be 1 or more")] {
            let r = try HDLGenBinary.run(["bench", "gemm"] + options)
            #expect(r.status != 0, "\(options)")
            #expect(r.stderr.contains(message), "\(options): \(r.stderr)")
            #expect(!r.stderr.contains("Fatal"), "\(options)")
        }
    }

    /// Without a terminal on stderr (tests, CI, pipes) runs long enough to show ProgressLine on one
    /// write nothing of it: stderr has only what it had before.
    @Test func noProgressLineWithoutATerminal() throws {
        // Both from `make software`, which the test command (`make test`) runs before the tests, so the GPU
        // tests' own builds of Software/gpu have nothing left to write while this one reads gemm.elf.
        let gemm = repositoryRoot.appendingPathComponent("Software/gpu/build/rv32/gemm.elf").path
        let dhrystone = repositoryRoot.appendingPathComponent("Software/build/rv32/dhrystone.elf").path
        guard requireAvailable([gemm, dhrystone].allSatisfy(FileManager.default.fileExists), "Software builds (make software)") else { return }
        let iss = try HDLGenBinary.run(["iss", gemm])      // 13 M instructions (2 s in debug), with GPU launches
        #expect(iss.status == 0 && iss.stdout.hasSuffix("gemm: PASS\n"), "\(iss.stderr)")
        #expect(iss.stderr == "")
        let sim = try HDLGenBinary.run(["sim", "--backend", "swift", "--max-cycles", "30000", dhrystone])
        #expect(sim.status == 1 && sim.stdout.contains("Dhrystone Benchmark"))
        #expect(sim.stderr == "Error: the program did not finish within 30000 cycles (--max-cycles)\n")
    }

    @Test func wrongFlagIsAnError() throws {
        let r = try HDLGenBinary.run(["emit", "--no-such-flag"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("--no-such-flag"))
    }
}
