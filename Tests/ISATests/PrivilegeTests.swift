import Foundation
import Testing
import TestSupport
@testable import ISA

/// Bare-metal privilege / virtual-memory programs in Software/isa-tests (vm.S: Sv32/Sv39, SUM,
/// MXR, A/D, page-fault causes and stval, MPRV, delegation, CLINT interrupts; priv.S: TVM/TSR/TW,
/// counter enables, vectored stvec). Each checks its own trap log and reports through the test
/// finisher. When qemu-system-riscv32/64 is installed the same ELFs are also run there, which
/// validates the tests' expectations against an independent implementation.
@Suite struct PrivilegeTests {
    static let programs = ["vm", "priv"]

    @Test(.enabled(if: Support.hasGCC || Support.isCI, "riscv64-unknown-elf-gcc not installed"),
          arguments: [32, 64])
    func bareMetalPrivilegePrograms(xlen: Int) throws {
        guard requireTools("riscv64-unknown-elf-gcc"), let gcc = Support.gcc else { return }
        let dir = Support.tempDir("priv\(xlen)")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let arch = xlen == 32 ? ["-march=rv32im", "-mabi=ilp32"] : ["-march=rv64im", "-mabi=lp64"]
        let qemu = Support.which("qemu-system-riscv\(xlen)")
        for name in Self.programs {
            let elf = "\(dir)/\(name).elf"
            let src = "\(Support.repoRoot)/Software/isa-tests/\(name).S"
            let b = try Support.run(gcc, arch + ["-misa-spec=2.2", "-nostdlib", "-static", "-I\(Support.repoRoot)/Generated", "-T",
                                                 "\(Support.repoRoot)/Software/isa-tests/link.ld", "-o", elf, src])
            try #require(b.status == 0, "\(name): \(String(decoding: b.stderr, as: UTF8.self))")
            // Under both A/D schemes: Svade (the default, as the RTL) and qemu's hardware updates.
            for hardwareAD in [false, true] {
                let (reason, _) = try Support.runBare(elf, maxInstructions: 1_000_000, hardwareUpdatesAccessedDirty: hardwareAD)
                #expect(reason == .exited(0), "\(name).S on RV\(xlen)\(hardwareAD ? " (hardware A/D)" : ""): \(reason) (exit code = failing check, see the source)")
            }
            if let qemu {
                let q = try Support.run("/usr/bin/timeout", ["-s", "KILL", "20", qemu, "-machine", "virt", "-nographic", "-bios", "none",
                                                            "-m", "64M", "-kernel", elf])
                #expect(q.status == 0, "\(name).S on qemu-system-riscv\(xlen) exited \(q.status)")
            }
        }
    }
}
