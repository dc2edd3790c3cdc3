import Foundation
import Testing
import TestSupport
import HDL
import Cores
@testable import RTLSim

// Dhrystone as PicoRV32 ships it (pythondata-cpu-picorv32, built with its own small stdlib at
// -O3, GCC 12, as the anchors are measured): it prints its cycle and instruction counts, CPI and
// DMIPS/MHz through the UART. The anchor is PicoRV32 at CPI 3.89, 0.40 DMIPS/MHz.

@Suite struct DhrystoneTests {
    /// On the Swift simulator (RV32 and RV64), and on Verilator, which must count the very same cycles.
    @Test(arguments: [(32, Backend.swift), (32, .verilator), (64, .swift)]) func dhrystone(xlen: Int, on backend: Backend) throws {
        guard let tests = picorv32Tests else { return }
        if backend == .verilator && !requireTools("verilator") { return }
        let source = tests.deletingLastPathComponent().appendingPathComponent("dhrystone")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dhry-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for file in ["dhry_1.c", "dhry_2.c", "stdlib.c", "dhry.h"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(file), to: folder.appendingPathComponent(file))
        }
        try FileManager.default.copyItem(at: programsFolder.appendingPathComponent("dhrystone_start.S"),
                                         to: folder.appendingPathComponent("start.S"))
        try linkerScript.replacingOccurrences(of: "*(.bss*) }", with: "*(.bss*) *(COMMON) }")
            .write(to: folder.appendingPathComponent("link.ld"), atomically: true, encoding: .utf8)
        let (status, output) = try runTool("riscv64-unknown-elf-gcc", [
            "-O3"] + (xlen == 64 ? ["-march=rv64im_zicsr", "-mabi=lp64", "-mcmodel=medany"] : ["-march=rv32im_zicsr", "-mabi=ilp32"]) + ["-DTIME", "-DRISCV", "-DUSE_MYSTDLIB", "-ffreestanding",
            "-nostdlib", "-std=gnu89", "-w", "-T", "link.ld", "start.S", "dhry_1.c", "dhry_2.c", "stdlib.c", "-lgcc",
            "-o", "dhry.elf"], in: folder)
        try #require(status == 0, "Dhrystone does not build:\n\(output)")
        let elf = [UInt8](try Data(contentsOf: folder.appendingPathComponent("dhry.elf")))
        let bench = try SoCBench(xlen: xlen, backend: backend)
        let start = Date()
        // On the Swift simulator, every retired instruction is compared with the ISA model's.
        let result = try bench.run(elf, maxCycles: 2_000_000, trace: backend == .swift, cosimulate: backend == .swift)
        let seconds = Date().timeIntervalSince(start)
        #expect(result.mismatch == nil, "Dhrystone: \(result.mismatch ?? "")")
        if backend == .swift { #expect(result.retired.count > 40_000) }
        #expect(result.finished && result.exitCode == 0)
        let report = result.uart.split(separator: "\n").filter {
            $0.hasPrefix("User_Time") || $0.hasPrefix("Cycles_Per") || $0.hasPrefix("DMIPS") || $0.hasPrefix("Dhrystones")
        }
        print("Dhrystone on the RV\(xlen) core, \(backend) (\(result.cycles) cycles in all, "
              + "\(Int(Double(result.cycles) / seconds)) cycles/s with the harness peeking every cycle): " + report.joined(separator: "; "))
        #expect(result.uart.contains("DMIPS_Per_MHz"))
        // Every "name: value / should be: value" pair of Dhrystone's own self-check agrees.
        let lines = result.uart.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        var checked = 0
        for (line, next) in zip(lines, lines.dropFirst()) where next.hasPrefix("should be:") {
            let value = line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) }
            var expected = String(next.dropFirst("should be:".count)).trimmingCharacters(in: .whitespaces)
            if expected.hasPrefix("(implementation-dependent") { continue }
            if expected == "Number_Of_Runs + 10" { expected = "110" }
            #expect(value == expected, "Dhrystone: \(line) should be \(expected)")
            checked += 1
        }
        #expect(checked >= 20)
        #expect(result.cycles < (xlen == 64 ? 85_000 : 70_000), "Dhrystone got slower: \(result.cycles) cycles (65,015 / 78,148 when written)")
    }
}
