import Foundation
import Testing
import TestSupport

/// Locates and drives the GNU RISC-V toolchain used as the reference in tests.
enum AsmToolchain {
    static let asPath = find("riscv64-unknown-elf-as")
    static let objdumpPath = find("riscv64-unknown-elf-objdump")
    static let ldPath = find("riscv64-unknown-elf-ld")

    static func find(_ tool: String) -> String? { findTool(tool) }

    /// True when the toolchain is usable; otherwise a failure in CI, a skip elsewhere.
    static func available(needLinker: Bool = false, _ sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        requireAvailable(asPath != nil && objdumpPath != nil && (!needLinker || ldPath != nil),
                         "riscv64-unknown-elf-as / -objdump\(needLinker ? " / -ld" : "")", sourceLocation: sourceLocation)
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    /// Runs `exe`; its standard output, or a `Failure` with what it printed on stderr.
    @discardableResult
    static func run(_ exe: String, _ args: [String]) throws -> String {
        let r = try runProcess(exe, args)
        guard r.status == 0 else {
            throw Failure(description: "\(exe) \(args.joined(separator: " ")) failed: " + r.errors)
        }
        return r.output
    }

    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("isa-asm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func march(_ xlen: Int) -> String { "-march=rv\(xlen)im_zicsr_zifencei" }

    /// Assembles GNU assembly text and returns the object file path.
    static func assemble(_ source: String, xlen: Int, in dir: URL, name: String) throws -> String {
        let s = dir.appendingPathComponent("\(name).s")
        let o = dir.appendingPathComponent("\(name).o")
        try (".option norvc\n" + source).write(to: s, atomically: true, encoding: .utf8)
        try run(asPath!, [march(xlen), "-o", o.path, s.path])
        return o.path
    }

    /// Runs `objdump -d` and returns (address, word, normalised text) for every instruction line.
    static func objdump(_ object: String, options: [String] = []) throws -> [(pc: UInt64, word: UInt32, text: String)] {
        let out = try run(objdumpPath!, ["-d"] + options + [object])
        var result: [(UInt64, UInt32, String)] = []
        for line in out.split(separator: "\n", omittingEmptySubsequences: true) {
            let parts = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].hasSuffix(":"),
                  let pc = UInt64(parts[0].dropLast().trimmingCharacters(in: .whitespaces), radix: 16),
                  let word = UInt32(parts[1].trimmingCharacters(in: .whitespaces), radix: 16)
            else { continue }
            result.append((pc, word, normalise(String(parts[2]))))
        }
        return result
    }

    /// Collapses whitespace (objdump's mnemonic/operand tab) and drops ` <symbol+off>` suffixes.
    static func normalise(_ s: String) -> String {
        var t = s
        if let r = t.range(of: " <") { t = String(t[..<r.lowerBound]) }
        return t.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

}

/// The shared seeded generator (SplitMix64), so corpora are reproducible.
typealias AsmRNG = SeededRNG
