import Foundation

/// Running the external tools the tests compare against (gcc, objdump, qemu, verilator, iverilog).

/// Whether the tests run in CI, where a missing tool is a failure, never a skip.
public let runningInCI = ProcessInfo.processInfo.environment["CI"] == "true"

/// The full path of `tool` on PATH, or nil.
public func findTool(_ tool: String) -> String? {
    for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
        let candidate = "\(folder)/\(tool)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}

public struct ToolMissing: Error, CustomStringConvertible {
    public let tool: String
    public var description: String { "\(tool) is not installed; run Scripts/setup.sh" }
}

/// Runs `tool` in `folder`, returning its exit status and everything it printed (stdout and stderr).
public func runTool(_ tool: String, _ arguments: [String], in folder: URL) throws -> (Int32, String) {
    guard let path = findTool(tool) else { throw ToolMissing(tool: tool) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    process.currentDirectoryURL = folder
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
