import Foundation
import Testing
import TestSupport
@testable import ISA

/// C programs from Software/user built for rv32im/ilp32 and rv64im/lp64 must print exactly what
/// qemu-user prints, and exit with the same status.
@Suite struct UserProgramTests {
    static let programs = ["strings", "recursion", "muldiv"]

    @Test(.enabled(if: (Support.hasGCC && Support.hasQemu) || Support.isCI, "riscv64-unknown-elf-gcc / qemu-user not installed"),
          arguments: [32, 64])
    func cProgramsMatchQemu(xlen: Int) throws {
        guard requireTools("riscv64-unknown-elf-gcc", "qemu-riscv32", "qemu-riscv64"),
              let qemu = xlen == 32 ? Support.qemu32 : Support.qemu64 else { return }
        let dir = Support.tempDir("cprogs\(xlen)")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let results = Collector<String>()
        Support.parallel(Self.programs.count) { i in
            let name = Self.programs[i]
            let elf = "\(dir)/\(name).elf"
            do {
                let b = try Support.run("/bin/sh", ["\(Support.repoRoot)/Software/user/build.sh", "\(xlen)", elf, "\(Support.repoRoot)/Software/user/\(name).c"])
                guard b.status == 0 else { results.add("\(name): build failed: \(String(decoding: b.stderr, as: UTF8.self))"); return }
                let q = try Support.run(qemu, [elf])
                let (reason, out) = try Support.runUser(elf)
                if reason != .exited(q.status) { results.add("\(name): model \(reason), qemu exit \(q.status)") }
                if [UInt8](q.stdout) != out {
                    results.add("\(name): output differs\n--- model:\n\(String(decoding: out, as: UTF8.self))\n--- qemu:\n\(String(decoding: q.stdout, as: UTF8.self))")
                }
                if out.isEmpty { results.add("\(name): no output") }
            } catch { results.add("\(name): \(error)") }
        }
        #expect(results.all.isEmpty, "\(results.all.joined(separator: "\n"))")
    }

    /// `step()` (used for traces and co-simulation) and `run()` must agree exactly.
    @Test(.enabled(if: Support.hasGCC || Support.isCI, "riscv64-unknown-elf-gcc not installed"), arguments: [32, 64])
    func stepAndRunAgree(xlen: Int) throws {
        guard requireTools("riscv64-unknown-elf-gcc") else { return }
        let dir = Support.tempDir("step\(xlen)")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let elfPath = "\(dir)/muldiv.elf"
        let b = try Support.run("/bin/sh", ["\(Support.repoRoot)/Software/user/build.sh", "\(xlen)", elfPath, "\(Support.repoRoot)/Software/user/muldiv.c"])
        try #require(b.status == 0)
        let elf = try ELFFile(path: elfPath)
        let out1 = BufferSink(), out2 = BufferSink()
        let fast = try Machine.linuxUser(elf, stdout: out1, stderr: BufferSink())
        let slow = try Machine.linuxUser(elf, stdout: out2, stderr: BufferSink())
        let r1 = fast.run()
        var count: UInt64 = 0
        var lastOrder: UInt64? = nil
        while let r = slow.step() {
            count += 1
            if let l = lastOrder { #expect(r.order == l + 1) }
            lastOrder = r.order
            if r.trap != nil { break }
        }
        #expect(r1 == .exited(0) && slow.stopReason == .exited(0))
        #expect(out1.bytes == out2.bytes)
        #expect(fast.instructionsRetired == slow.instructionsRetired && count == slow.instructionsRetired)
        for i in 0..<32 { #expect(fast.hart.register(i) == slow.hart.register(i)) }
    }

    @Test(.enabled(if: Support.hasGCC || Support.isCI, "riscv64-unknown-elf-gcc not installed"))
    func unsupportedSyscallStopsWithMessage() throws {
        guard requireTools("riscv64-unknown-elf-gcc"), let gcc = Support.gcc else { return }
        let dir = Support.tempDir("syscall")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let src = "\(dir)/s.s"
        try "    .globl _start\n_start:\n    li a7, 1234\n    ecall\n".write(toFile: src, atomically: false, encoding: .utf8)
        let b = try Support.run(gcc, ["-march=rv64im", "-mabi=lp64", "-nostdlib", "-static", "-o", "\(dir)/s.elf", src])
        try #require(b.status == 0)
        let (reason, _) = try Support.runUser("\(dir)/s.elf")
        guard case .error(let msg) = reason else { Issue.record("expected error, got \(reason)"); return }
        #expect(msg.hasPrefix("unsupported syscall 1234 at pc 0x"))
    }
}
