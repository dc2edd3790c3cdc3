// YosysCells: a design's yosys cell count with memories kept as RAM blocks, counted as
// Scripts/bench-cpu.sh counts its second column (synth -flatten up to `fine`, then techmap/abc without
// memory_map) but without synth's SAT-based `share` pass, which had not finished on the GPU after 20
// CPU-minutes (the rest takes about 6); cached under a folder by a hash of the Verilog.
import Foundation
import RTLSim

public enum YosysCells {
    /// The yosys commands after `read_verilog` (TOP replaced by the top module).
    static let script = "synth -flatten -noshare -top TOP -run begin:fine; opt -fast -full; techmap; opt -fast; abc -fast; opt -fast; tee -q -o STAT stat"

    /// Cells of `top` in `verilog`; nil when yosys is not on PATH. Throws when yosys fails.
    public static func count(verilog: String, top: String, cacheFolder: URL) throws -> Int? {
        guard let yosys = VerilatorBuild.findExecutable("yosys") else { return nil }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325            // FNV-1a over the Verilog and the script
        for byte in (verilog + script + top).utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        try FileManager.default.createDirectory(at: cacheFolder, withIntermediateDirectories: true)
        let key = "\(top)-\(String(hash, radix: 16))"
        let cache = cacheFolder.appendingPathComponent("\(key).cells")
        if let text = try? String(contentsOf: cache, encoding: .utf8), let n = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
            return n
        }
        let source = cacheFolder.appendingPathComponent("\(key).v"), stat = cacheFolder.appendingPathComponent("\(key).stat")
        try verilog.write(to: source, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: yosys)
        let commands = "read_verilog \(source.path); " + script.replacingOccurrences(of: "TOP", with: top).replacingOccurrences(of: "STAT", with: stat.path)
        process.arguments = ["-q", "-p", commands]
        let log = cacheFolder.appendingPathComponent("\(key).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = process.standardOutput
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let text = try? String(contentsOf: stat, encoding: .utf8),
              let line = text.split(separator: "\n").last(where: { $0.contains("Number of cells") }),
              let n = line.split(separator: " ").last.flatMap({ Int($0) }) else {
            throw YosysError(message: "yosys failed on \(top) (see \(log.path))")
        }
        try "\(n)\n".write(to: cache, atomically: true, encoding: .utf8)
        try? FileManager.default.removeItem(at: source)
        return n
    }
}

public struct YosysError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
