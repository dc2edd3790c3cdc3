import Testing
import Foundation
import Spec
import TestSupport

// The privilege and virtual-memory programs of Software/isa-tests (vm.S: Sv32/Sv39 page faults and
// their tval, SUM, MXR, superpages, A/D under Svade, MPRV, delegation, interrupts; priv.S: TVM,
// TSR, TW, counter enables; vmfaults.S: directed MMU faults, each with its cause and tval) on the
// SoC RTL, in lock-step with the ISA model: every retired instruction and every trap (cause and
// tval) must match. The ISA tests check the same programs on the model and on qemu.

@Suite struct VirtualMemoryTests {
    /// -D flags per program. vmfaults.S: SVADE (the RTL's A/D scheme), NOT_QEMU (the spec's
    /// behaviour where qemu 7.2 departs from it).
    static let defines = ["vmfaults": ["SVADE", "NOT_QEMU"]]

    static func build(_ name: String, xlen: Int, defines: [String] = []) throws -> [UInt8] {
        let folder = URL(fileURLWithPath: temporaryPath("vm-\(name)-\(xlen)"))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let arch = xlen == 32 ? ["-march=rv32im", "-mabi=ilp32"] : ["-march=rv64im", "-mabi=lp64", "-mcmodel=medany"]
        let tests = repositoryRoot.appendingPathComponent("Software/isa-tests")
        let (status, output) = try runTool("riscv64-unknown-elf-gcc", arch + defines.map { "-D\($0)" } + [
            "-misa-spec=2.2", "-nostdlib", "-static", "-I", repositoryRoot.appendingPathComponent("Generated").path,
            "-T", tests.appendingPathComponent("link.ld").path, "-o", "test.elf", tests.appendingPathComponent("\(name).S").path], in: folder)
        guard status == 0 else { throw VolumeOrBuildError("\(name).S: \(output)") }
        return [UInt8](try Data(contentsOf: folder.appendingPathComponent("test.elf")))
    }

    @Test(arguments: ["vm", "priv", "vmfaults"], [32, 64]) func privilegeProgramsInLockStep(name: String, xlen: Int) throws {
        guard requireTools("riscv64-unknown-elf-gcc") else { return }
        let bench = try SoCBench(xlen: xlen, ramBytes: 1 << 20)
        let result = try bench.run(try Self.build(name, xlen: xlen, defines: Self.defines[name] ?? []), maxCycles: 400_000, trace: false, cosimulate: true)
        if let mismatch = result.mismatch { Issue.record("RV\(xlen) \(name).S: \(mismatch)") }
        #expect(result.finished && result.exitCode == 0, "RV\(xlen) \(name).S: exit \(result.exitCode) (the failing check, see the source)")
    }
}

struct VolumeOrBuildError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
