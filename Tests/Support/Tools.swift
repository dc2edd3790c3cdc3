import Foundation
import Testing

// Running the external tools the tests compare against (gcc, objdump, qemu, verilator, iverilog,
// make, the built hdlgen), for every test target: one way to find a tool, one way to run a
// process, one CI flag.

/// Whether the tests run in CI, where a missing tool is a failure, never a skip.
public let runningInCI = ProcessInfo.processInfo.environment["CI"] == "true"

/// The repository's root folder.
public let repositoryRoot: URL = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }     // Tests/Support/Tools.swift
    return url
}()

/// The full path of `tool` on PATH, or in the system folders a user's PATH may lack (mkfs.fat and
/// fsck.fat live in /usr/sbin), or nil.
public func findTool(_ tool: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    let folders: [String] = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"]
    for folder in folders {
        let candidate = "\(folder)/\(tool)"
        // mtools' commands are symbolic links to one program, which reads argv[0]: check the
        // target, run the link.
        let target = URL(fileURLWithPath: candidate).resolvingSymlinksInPath().path
        if FileManager.default.isExecutableFile(atPath: target) { return candidate }
    }
    return nil
}

/// Whether the tools are there. Outside CI a missing tool skips the part of the test that needs
/// it (with a note); in CI it is recorded as a failure.
public func requireTools(_ tools: String..., sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Bool {
    let missing = tools.filter { findTool($0) == nil }
    return requireAvailable(missing.isEmpty, missing.joined(separator: ", "), sourceLocation: sourceLocation)
}

/// `requireTools` for anything else a test needs (a Python package, a built image): `available`
/// says whether `what` is there.
public func requireAvailable(_ available: Bool, _ what: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Bool {
    if available { return true }
    if runningInCI {
        Issue.record("\(what) is not installed, and CI must run every test (Scripts/setup.sh installs it)",
                     sourceLocation: sourceLocation)
    } else {
        print("note: \(what) is not installed; skipping what needs it")
    }
    return false
}

public struct ToolMissing: Error, CustomStringConvertible {
    public let tool: String
    public init(tool: String) { self.tool = tool }
    public var description: String { "\(tool) is not installed; run Scripts/setup.sh" }
}

/// What a process did: its exit status and what it printed on each stream.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: Data
    public var stderr: Data
    public var output: String { String(decoding: stdout, as: UTF8.self) }
    public var errors: String { String(decoding: stderr, as: UTF8.self) }
}

/// Runs the executable at `path` with no standard input (qemu-system -nographic must never wait on
/// a terminal), reading both pipes while it runs so that neither can fill up and block it.
public func runProcess(_ path: String, _ arguments: [String], in folder: URL? = nil) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    if let folder { process.currentDirectoryURL = folder }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let errors = PipeReader(err)
    let output = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus, stdout: output, stderr: errors.wait())
}

/// Runs `tool` (found on PATH) in `folder`, returning its exit status and everything it printed
/// (stdout, then stderr).
public func runTool(_ tool: String, _ arguments: [String], in folder: URL) throws -> (Int32, String) {
    guard let path = findTool(tool) else { throw ToolMissing(tool: tool) }
    let r = try runProcess(path, arguments, in: folder)
    return (r.status, r.output + r.errors)
}

/// Reads a pipe to its end on another thread.
final class PipeReader: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()
    init(_ pipe: Pipe) {
        Thread {
            self.data = pipe.fileHandleForReading.readDataToEndOfFile()
            self.done.signal()
        }.start()
    }
    func wait() -> Data { done.wait(); return data }
}

/// Runs the built `hdlgen` (from `swift build`, which `make test` runs first) like a user would.
public enum HDLGenBinary {
    public static var url: URL? {
        // The test bundle sits in the same build folder as the executable.
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("hdlgen")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }

    public static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        guard let url else {
            Issue.record("hdlgen is not built: run `swift build` first (make test does)")
            return (-1, "", "")
        }
        let r = try runProcess(url.path, arguments)
        return (r.status, r.output, r.errors)
    }
}
