import Foundation
import Testing
import TestSupport
import Spec
@testable import ISA

/// Bare-metal privilege / virtual-memory programs in Software/isa-tests (vm.S: Sv32/Sv39, SUM,
/// MXR, A/D, page-fault causes and stval, MPRV, delegation, CLINT interrupts; priv.S: TVM/TSR/TW,
/// counter enables, vectored stvec; vmfaults.S: directed MMU faults with their cause and tval;
/// pmp.S: the PMP entry). Each checks its own trap log and reports through the test finisher (or,
/// built with SPIKE, through tohost). The same programs also run on qemu-system-riscv32/64 and on
/// Spike (the privilege and VM reference), which validates the tests' expectations against two
/// independent implementations.
@Suite struct PrivilegeTests {
    /// Where a build runs: the ISA model under Svade (its default, as the RTL) or with qemu's
    /// hardware A/D updates, qemu-system, or Spike with this machine's 8-byte PMP granules.
    enum Target { case model, modelHardwareAD, qemu, spike }

    /// Each program, the -D flags it is built with, and where that build runs. vm.S and priv.S run
    /// everywhere unchanged; vmfaults.S's A/D cases depend on the scheme (SVADE) and a few cases
    /// are not run on qemu 7.2, which departs from the spec there (NOT_QEMU; see the source); on
    /// Spike the PTEs "outside RAM" of those cases would read its boot ROM. pmp.S's NOT_QEMU cases
    /// are the WARL rules of 8-byte granules (qemu has 4-byte ones). SPIKE ends through tohost.
    static let builds: [(name: String, defines: [String], targets: [Target])] = [
        ("vm", [], [.model, .modelHardwareAD, .qemu]),
        ("priv", [], [.model, .modelHardwareAD, .qemu]),
        ("vmfaults", ["SVADE", "NOT_QEMU"], [.model]),
        ("vmfaults", ["NOT_QEMU"], [.modelHardwareAD]),
        ("vmfaults", [], [.qemu]),
        ("vmfaults", ["SVADE", "SPIKE"], [.spike]),
        ("priv", ["SPIKE"], [.spike]),
        ("pmp", ["NOT_QEMU"], [.model]),
        ("pmp", [], [.qemu]),
        ("pmp", ["NOT_QEMU", "SPIKE"], [.spike]),
    ]

    @Test(.enabled(if: Support.hasGCC || Support.isCI, "riscv64-unknown-elf-gcc not installed"),
          arguments: [32, 64])
    func bareMetalPrivilegePrograms(xlen: Int) throws {
        guard requireTools("riscv64-unknown-elf-gcc"), let gcc = Support.gcc else { return }
        let dir = Support.tempDir("priv\(xlen)")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let arch = xlen == 32 ? ["-march=rv32im", "-mabi=ilp32"] : ["-march=rv64im", "-mabi=lp64"]
        let qemu = Support.which("qemu-system-riscv\(xlen)")
        let spike = requireTools("spike", "dtc") ? Support.which("spike") : nil
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
                case .spike:
                    guard let spike else { continue }
                    let r = try Support.run("/usr/bin/timeout", ["-s", "KILL", "20", spike, "--isa=rv\(xlen)im_zicsr_zifencei",
                                                                "--pmpgranularity=\(1 << PMP.granuleShift)", "-m0x80000000:0x4000000", elf])
                    #expect(r.status == 0, "\(label) on Spike exited \(r.status): \(String(decoding: r.stdout + r.stderr, as: UTF8.self))")
                }
            }
        }
    }
}
