import Foundation
import HDL

/// Finds or builds the Verilator shared library of a design, for `VerilatorSimulator(design:)`.
///
/// The Verilog, shim and `.vlt` of the design are written to `build/verilator/src-<hash>/` under
/// the package root, then `Scripts/verilate.sh` builds (or finds cached) `build/verilator/
/// <top>-<key>/lib<top>.so`. The script holds a file lock, so parallel tests never build the same
/// library twice, and keys the build by the sources and flags, so nothing is rebuilt needlessly.
public enum VerilatorBuild {
    /// A library ready to load, and whether this call had to build it.
    public struct Result: Sendable {
        public let library: String
        public let built: Bool
    }

    /// The package root: found from this file's location, else the current directory.
    public static var packageRoot: URL {
        let fromSource = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        if FileManager.default.fileExists(atPath: fromSource.appendingPathComponent("Scripts/verilate.sh").path) {
            return fromSource
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }

    /// Where libraries are built and cached: `build/verilator` under the package root.
    public static var cacheFolder: URL { packageRoot.appendingPathComponent("build/verilator") }

    /// The library `make verilate` built last for the Generated/ design `name`.
    public static func prebuiltLibrary(named name: String) -> String {
        cacheFolder.appendingPathComponent("lib\(name).so").path
    }

    /// The full path of an executable on `PATH`, or nil.
    public static func findExecutable(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        for folder in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Whether Verilator is installed (tests skip without it, except in CI).
    public static var verilatorAvailable: Bool { findExecutable("verilator") != nil }

    /// Builds the library of `design` (whose Verilog is `verilog`) unless it is cached.
    public static func library(for design: Design, verilog: String,
                               environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Result {
        guard findExecutable("verilator", environment: environment) != nil else {
            throw SimulationError("verilator not found; run Scripts/setup.sh")
        }
        let script = packageRoot.appendingPathComponent("Scripts/verilate.sh")
        guard FileManager.default.fileExists(atPath: script.path) else {
            throw SimulationError("cannot find Scripts/verilate.sh under \(packageRoot.path); run from the package folder")
        }
        let name = design.top
        let source = cacheFolder.appendingPathComponent("src-\(name)-\(VerilatorShimEmitter.designHash(verilog))")
        let shim = VerilatorShimEmitter()
        do {
            try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
            try Data(verilog.utf8).write(to: source.appendingPathComponent("\(name).v"), options: .atomic)
            try Data(shim.emitShim(design, verilog: verilog).utf8).write(to: source.appendingPathComponent("\(name)_shim.cpp"), options: .atomic)
            try Data(shim.emitConfig(design).utf8).write(to: source.appendingPathComponent("\(name).vlt"), options: .atomic)
            try Data(try VerilatorShimEmitter.runtimeHeader().utf8).write(to: source.appendingPathComponent(VerilatorShimEmitter.runtimeHeaderName), options: .atomic)
        } catch {
            throw SimulationError("cannot write the Verilator sources to \(source.path): \(error.localizedDescription)")
        }
        let log = source.appendingPathComponent("build-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script.path, "-o", cacheFolder.path, source.appendingPathComponent("\(name).v").path]
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: log)
        do { try process.run() } catch {
            throw SimulationError("cannot run Scripts/verilate.sh: \(error.localizedDescription)")
        }
        let stdout = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let details = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            let kept = source.appendingPathComponent("build-failed.log")
            try? Data(details.utf8).write(to: kept)
            let firstError = details.split(separator: "\n").first { $0.contains("rror") || $0.contains("not found") }
            throw SimulationError("Verilator build of '\(name)' failed: \(firstError.map(String.init) ?? "see \(kept.path)")")
        }
        guard let line = stdout.split(separator: "\n").last(where: { $0.hasPrefix("built ") || $0.hasPrefix("cached ") }) else {
            throw SimulationError("Scripts/verilate.sh printed no library path for '\(name)'")
        }
        let parts = line.split(separator: " ", maxSplits: 1)
        return Result(library: String(parts[1]), built: parts[0] == "built")
    }
}
