import Foundation
import Testing
import TestSupport
import HDL
import Cores
@testable import RTLSim

// A test suite nobody here wrote: the rv32ui/rv32um instruction tests that PyPI's
// `pythondata-cpu-picorv32` ships (riscv-tests in PicoRV32's copy), run on the RV32 SoC with our
// own riscv_test.h (Programs/). Installed by `pip install pythondata-cpu-picorv32`; skipped without it.

/// The folder of the PicoRV32 tests, if the package is installed.
let picorv32Tests: URL? = {
    guard let (status, output) = try? runTool("python3", ["-c", "import pythondata_cpu_picorv32 as p; print(p.data_location)"],
                                              in: FileManager.default.temporaryDirectory),
          status == 0 else { return nil }
    let folder = URL(fileURLWithPath: output.trimmingCharacters(in: .whitespacesAndNewlines)).appendingPathComponent("tests")
    return FileManager.default.fileExists(atPath: folder.appendingPathComponent("test_macros.h").path) ? folder : nil
}()

let conformanceNames: [String] = {
    guard let folder = picorv32Tests,
          let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
    return files.filter { $0.hasSuffix(".S") }.map { String($0.dropLast(2)) }.sorted()
}()

let programsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Programs")

@Suite struct ConformanceTests {
    @Test(arguments: conformanceNames) func rv32(_ name: String) throws {
        let result = try run(name)
        #expect(result.finished, "\(name) did not finish")
        #expect(result.exitCode == 0, "\(name): test case \(Int(result.exitCode) - 1000) failed")
    }

    /// A broken copy of add.S fails with the number of the broken case: the harness sees failures.
    @Test func brokenTestFails() throws {
        guard conformanceNames.contains("add") else { return }
        let result = try run("add") { $0.replacingOccurrences(of: "TEST_RR_OP( 3,  add", with: "TEST_RR_OP( 3,  sub") }
        #expect(result.finished && result.exitCode == 1003)
    }

    func run(_ name: String, edit: (String) -> String = { $0 }) throws -> RunResult {
        let folder = try #require(picorv32Tests)
        let files = [
            "test.S": edit(try String(contentsOf: folder.appendingPathComponent("\(name).S"), encoding: .utf8)),
            "test_macros.h": try String(contentsOf: folder.appendingPathComponent("test_macros.h"), encoding: .utf8),
            "riscv_test.h": try String(contentsOf: programsFolder.appendingPathComponent("riscv_test.h"), encoding: .utf8),
        ]
        let bench = try SoCBench(xlen: 32)
        return try bench.run(try assembleFiles(files, xlen: 32), maxCycles: 50_000, trace: false)
    }

    @Test func suiteIsPresent() {
        if conformanceNames.isEmpty {
            if runningInCI { Issue.record("pythondata-cpu-picorv32 is not installed") }
            print("note: pythondata-cpu-picorv32 is not installed; skipping the rv32ui/rv32um tests")
        }
    }
}

