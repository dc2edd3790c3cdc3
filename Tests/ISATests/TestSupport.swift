import Foundation
import Testing
import TestSupport
@testable import ISA

/// The ISA tests' helpers on top of TestSupport: the tools they need, temporary folders, and
/// running an ELF on the model in-process.
enum Support {
    static let repoRoot = repositoryRoot.path
    static let isCI = runningInCI
    static func which(_ tool: String) -> String? { findTool(tool) }

    static let gcc = which("riscv64-unknown-elf-gcc")
    static let qemu32 = which("qemu-riscv32")
    static let qemu64 = which("qemu-riscv64")
    static let hasGCC = gcc != nil
    static let hasQemu = qemu32 != nil && qemu64 != nil
    static let hasPicorv32: Bool = {
        (try? run("/usr/bin/env", ["python3", "-c", "import pythondata_cpu_picorv32"]).status) == 0
    }()

    static func run(_ exe: String, _ args: [String], cwd: String? = nil) throws -> ProcessResult {
        try runProcess(exe, args, in: cwd.map { URL(fileURLWithPath: $0) })
    }

    static func tempDir(_ name: String) -> String {
        let d = NSTemporaryDirectory() + "isa-tests-\(getpid())-\(name)-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    /// Runs an ELF in Linux user mode in-process; returns (stop reason, stdout bytes).
    static func runUser(_ path: String, maxInstructions: UInt64 = 50_000_000) throws -> (StopReason, [UInt8]) {
        let elf = try ELFFile(path: path)
        let out = BufferSink(), err = BufferSink()
        let m = try Machine.linuxUser(elf, memorySize: 64 << 20, stdout: out, stderr: err)
        let r = m.run(maxInstructions: maxInstructions)
        return (r, out.bytes)
    }

    /// Runs a bare-metal ELF in-process; returns (stop reason, UART output).
    static func runBare(_ path: String, xlen: Int? = nil, maxInstructions: UInt64 = 10_000_000,
                        hardwareUpdatesAccessedDirty: Bool = false) throws -> (StopReason, String) {
        let elf = try ELFFile(path: path)
        let out = BufferSink()
        let m = try Machine.bareMetal(elf, xlen: xlen, console: out)
        m.hardwareUpdatesAccessedDirty = hardwareUpdatesAccessedDirty
        let r = m.run(maxInstructions: maxInstructions)
        return (r, out.string)
    }

    /// Runs `body(i)` for i in 0..<n on all cores.
    static func parallel(_ n: Int, _ body: @Sendable (Int) -> Void) {
        DispatchQueue.concurrentPerform(iterations: n, execute: body)
    }
}

/// Thread-safe result collection for parallel loops.
final class Collector<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [T] = []
    func add(_ t: T) { lock.lock(); items.append(t); lock.unlock() }
    var all: [T] { lock.lock(); defer { lock.unlock() }; return items }
}

