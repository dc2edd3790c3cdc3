import Foundation
import Testing
import TestSupport
@testable import ISA

/// Random RV32IM/RV64IM programs run on the model (in-process) and on qemu-user must produce
/// identical output (buffer contents + all registers). Default 200 programs per XLEN; set
/// ISA_RANDOM_PROGRAMS=N for longer campaigns.
@Suite struct DifferentialTests {
    static let count = Int(ProcessInfo.processInfo.environment["ISA_RANDOM_PROGRAMS"] ?? "") ?? 200

    @Test(.enabled(if: (Support.hasGCC && Support.hasQemu) || Support.isCI, "riscv64-unknown-elf-gcc / qemu-user not installed"),
          arguments: [32, 64])
    func randomProgramsMatchQemu(xlen: Int) throws {
        guard requireTools("riscv64-unknown-elf-gcc", "qemu-riscv32", "qemu-riscv64"),
              let gcc = Support.gcc, let qemu = xlen == 32 ? Support.qemu32 : Support.qemu64 else { return }
        let dir = Support.tempDir("random\(xlen)")
        let arch = xlen == 32 ? ["-march=rv32im", "-mabi=ilp32"] : ["-march=rv64im", "-mabi=lp64"]
        let failures = Collector<String>()
        let n = Self.count
        Support.parallel(n) { i in
            let seed = UInt64(xlen) << 32 | UInt64(i)
            var gen = RandomProgramGenerator(xlen: xlen, seed: seed)
            let src = "\(dir)/p\(i).s", elf = "\(dir)/p\(i).elf"
            do {
                try gen.generate().write(toFile: src, atomically: false, encoding: .utf8)
                let cc = try Support.run(gcc, arch + ["-nostdlib", "-static", "-o", elf, src])
                guard cc.status == 0 else { failures.add("seed \(seed): gcc failed: \(String(decoding: cc.stderr, as: UTF8.self))"); return }
                let q = try Support.run(qemu, [elf])
                let (reason, out) = try Support.runUser(elf, maxInstructions: 100_000)
                if reason != .exited(0) || q.status != 0 || [UInt8](q.stdout) != out {
                    failures.add("seed \(seed) (\(src)): model \(reason), \(out.count) bytes; qemu status \(q.status), \(q.stdout.count) bytes; first difference at byte \(zip(out, q.stdout).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? -1)")
                    return
                }
                try? FileManager.default.removeItem(atPath: src)
            } catch {
                failures.add("seed \(seed): \(error)")
            }
        }
        let f = failures.all
        if f.isEmpty { try? FileManager.default.removeItem(atPath: dir) }   // kept for debugging otherwise
        #expect(f.isEmpty, "\(f.count) of \(n) programs differ:\n\(f.prefix(5).joined(separator: "\n"))")
    }
}
