import Foundation
import Testing
import TestSupport
@testable import ISA

/// The RV32I/M instruction tests shipped with pythondata-cpu-picorv32, built by
/// Scripts/build-picorv32-tests.sh with the harness in Software/isa-tests/picorv32-env, must all
/// pass (test finisher exit 0, UART prints "...OK").
@Suite struct Picorv32Tests {
    @Test(.enabled(if: (Support.hasGCC && Support.hasPicorv32) || Support.isCI, "riscv64-unknown-elf-gcc or pythondata-cpu-picorv32 not installed"))
    func allInstructionTestsPass() throws {
        guard requireAvailable(Support.hasGCC && Support.hasPicorv32, "riscv64-unknown-elf-gcc and pythondata-cpu-picorv32") else { return }
        let dir = Support.tempDir("picorv32")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let b = try Support.run("/bin/sh", ["\(Support.repoRoot)/Scripts/build-picorv32-tests.sh", dir])
        try #require(b.status == 0, "\(String(decoding: b.stderr, as: UTF8.self))")
        let elfs = String(decoding: b.stdout, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(elfs.count >= 40)
        for elf in elfs {
            let (reason, out) = try Support.runBare(elf)
            #expect(reason == .exited(0) && out.hasSuffix("OK\n"), "\(elf): \(reason) output \(out)")
        }
    }

    @Test(.enabled(if: Support.hasGCC || Support.isCI, "riscv64-unknown-elf-gcc not installed"))
    func failingTestIsReported() throws {
        guard requireTools("riscv64-unknown-elf-gcc"), let gcc = Support.gcc else { return }
        // A test body that fails (ebreak) must end with the finisher's failure code.
        let dir = Support.tempDir("picofail")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "    .globl mytest\nmytest:\n    ebreak\n".write(toFile: "\(dir)/t.S", atomically: false, encoding: .utf8)
        let b = try Support.run(gcc, ["-march=rv32im", "-mabi=ilp32", "-misa-spec=2.2", "-nostdlib", "-static",
                                      "-T", "\(Support.repoRoot)/Software/isa-tests/link.ld", "-o", "\(dir)/t.elf",
                                      "\(Support.repoRoot)/Software/isa-tests/picorv32-env/start.S", "\(dir)/t.S"])
        try #require(b.status == 0, "\(String(decoding: b.stderr, as: UTF8.self))")
        let (reason, _) = try Support.runBare("\(dir)/t.elf")
        #expect(reason == .exited(1))
    }
}
