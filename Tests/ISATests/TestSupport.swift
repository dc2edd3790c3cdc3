import Foundation
import Testing
@testable import ISA

/// Shared helpers: repository paths, external tools, processes, a seeded RNG.
enum Support {
    static let repoRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"

    static func which(_ tool: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    static let gcc = which("riscv64-unknown-elf-gcc")
    static let qemu32 = which("qemu-riscv32")
    static let qemu64 = which("qemu-riscv64")
    static let hasGCC = gcc != nil
    static let hasQemu = qemu32 != nil && qemu64 != nil
    static let hasPicorv32: Bool = {
        (try? run("/usr/bin/env", ["python3", "-c", "import pythondata_cpu_picorv32"]).status) == 0
    }()

    /// Tests needing tools run when the tools exist, and also in CI (where a missing tool must
    /// fail the test instead of skipping it).
    static func requireTools(_ ok: Bool, _ what: String) -> Bool {
        if ok { return true }
        if isCI { Issue.record("\(what) is required in CI but missing") }
        return false
    }

    struct ProcessResult { var status: Int32; var stdout: Data; var stderr: Data }

    static func run(_ exe: String, _ args: [String], cwd: String? = nil) throws -> ProcessResult {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice   // qemu-system -nographic must never wait on a tty
        try p.run()
        // Read both pipes concurrently with the child to avoid pipe-buffer deadlocks.
        let errBox = DataBox()
        let t = Thread { errBox.data = err.fileHandleForReading.readDataToEndOfFile() }
        t.start()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        while !errBox.done { usleep(100) }
        return ProcessResult(status: p.terminationStatus, stdout: o, stderr: errBox.data)
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
    static func runBare(_ path: String, xlen: Int? = nil, maxInstructions: UInt64 = 10_000_000) throws -> (StopReason, String) {
        let elf = try ELFFile(path: path)
        let out = BufferSink()
        let m = try Machine.bareMetal(elf, xlen: xlen, console: out)
        let r = m.run(maxInstructions: maxInstructions)
        return (r, out.string)
    }

    /// Runs `body(i)` for i in 0..<n on all cores.
    static func parallel(_ n: Int, _ body: @Sendable (Int) -> Void) {
        DispatchQueue.concurrentPerform(iterations: n, execute: body)
    }
}

final class DataBox: @unchecked Sendable {
    private let lock = NSLock()
    private var _data = Data()
    private var _done = false
    var data: Data {
        get { lock.lock(); defer { lock.unlock() }; return _data }
        set { lock.lock(); _data = newValue; _done = true; lock.unlock() }
    }
    var done: Bool { lock.lock(); defer { lock.unlock() }; return _done }
}

/// Thread-safe result collection for parallel loops.
final class Collector<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [T] = []
    func add(_ t: T) { lock.lock(); items.append(t); lock.unlock() }
    var all: [T] { lock.lock(); defer { lock.unlock() }; return items }
}

