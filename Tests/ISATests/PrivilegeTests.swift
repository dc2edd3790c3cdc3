import Foundation
import Testing
import TestSupport
@testable import ISA

/// Bare-metal privilege / virtual-memory programs in Software/isa-tests (vm.S: Sv32/Sv39, SUM,
/// MXR, A/D, page-fault causes and stval, MPRV, delegation, CLINT interrupts; priv.S: TVM/TSR/TW,
/// counter enables, vectored stvec; vmfaults.S: directed MMU faults with their cause and tval).
/// Each checks its own trap log and reports through the test finisher. When
/// qemu-system-riscv32/64 is installed the same ELFs are also run there, which validates the
/// tests' expectations against an independent implementation.
@Suite struct PrivilegeTests {
    /// Where a build runs: the ISA model under Svade (its default, as the RTL) or with qemu's
    /// hardware A/D updates, or qemu-system.
    enum Target { case model, modelHardwareAD, qemu }

    /// Each program, the -D flags it is built with, and where that build runs. vm.S and priv.S run
    /// everywhere unchanged; vmfaults.S's A/D cases depend on the scheme (SVADE) and a few cases
    /// are not run on qemu 7.2, which departs from the spec there (NOT_QEMU; see the source).
    static let builds: [(name: String, defines: [String], targets: [Target])] = [
        ("vm", [], [.model, .modelHardwareAD, .qemu]),
        ("priv", [], [.model, .modelHardwareAD, .qemu]),
        ("vmfaults", ["SVADE", "NOT_QEMU"], [.model]),
        ("vmfaults", ["NOT_QEMU"], [.modelHardwareAD]),
        ("vmfaults", [], [.qemu]),
    ]

    @Test(.enabled(if: Support.hasGCC || Support.isCI, "riscv64-unknown-elf-gcc not installed"),
          arguments: [32, 64])
    func bareMetalPrivilegePrograms(xlen: Int) throws {
        guard requireTools("riscv64-unknown-elf-gcc"), let gcc = Support.gcc else { return }
        let dir = Support.tempDir("priv\(xlen)")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let arch = xlen == 32 ? ["-march=rv32im", "-mabi=ilp32"] : ["-march=rv64im", "-mabi=lp64"]
        let qemu = Support.which("qemu-system-riscv\(xlen)")
        for (name, defines, targets) in Self.builds {
            let label = "\(name).S" + defines.map { " -D\($0)" }.joined()
            let elf = "\(dir)/\(([name] + defines).joined(separator: "-")).elf"
            let src = "\(Support.repoRoot)/Software/isa-tests/\(name).S"
            let b = try Support.run(gcc, arch + defines.map { "-D\($0)" } + [
                "-misa-spec=2.2", "-nostdlib", "-static", "-I\(Support.repoRoot)/Generated", "-T",
                "\(Support.repoRoot)/Software/isa-tests/link.ld", "-o", elf, src])
            try #require(b.status == 0, "\(label): \(String(decoding: b.stderr, as: UTF8.self))")
            for target in targets {
                switch target {
                case .model, .modelHardwareAD:
                    // Svade (the default, as the RTL) or qemu's hardware A/D updates.
                    let hardwareAD = target == .modelHardwareAD
                    let (reason, _) = try Support.runBare(elf, maxInstructions: 1_000_000, hardwareUpdatesAccessedDirty: hardwareAD)
                    #expect(reason == .exited(0), "\(label) on RV\(xlen)\(hardwareAD ? " (hardware A/D)" : ""): \(reason) (exit code = failing check, see the source)")
                case .qemu:
                    guard let qemu else { continue }
                    let q = try Support.run("/usr/bin/timeout", ["-s", "KILL", "20", qemu, "-machine", "virt", "-nographic", "-bios", "none",
                                                                "-m", "64M", "-kernel", elf])
                    #expect(q.status == 0, "\(label) on qemu-system-riscv\(xlen) exited \(q.status)")
                }
            }
        }
    }
}
