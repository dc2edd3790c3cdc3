import Foundation
import Testing
import TestSupport
import HDL
import Cores
@testable import RTLSim

// Every design's Verilog must be clean under `verilator --lint-only -Wall` and `iverilog -Wall`:
// no output at all. The test-only modules are linted too: they use every operator, and instances.

@Suite struct LintTests {
    static let designs: [String] = Designs.all.map(\.name) + ["narrow_operators", "wide_operators", "uart_loopback", "selection"]

    func design(_ name: String) throws -> Design {
        switch name {
        case "narrow_operators": return try Elaborator.elaborate(NarrowOperators()).renamingTop(to: name)
        case "wide_operators": return try Elaborator.elaborate(WideOperators()).renamingTop(to: name)
        case "uart_loopback": return try Elaborator.elaborate(UARTLoopback(divisor: 4)).renamingTop(to: name)
        case "selection": return try Elaborator.elaborate(SelectionBlock()).renamingTop(to: name)
        default: return try #require(Designs.named(name)).elaborate()
        }
    }

    @Test(arguments: designs)
    func verilogIsLintClean(_ name: String) throws {
        let design = try design(name)
        #expect(design.warnings.isEmpty, "\(design.warnings)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lint-\(name)-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("\(name).v")
        try Data(VerilogEmitter().emit(design).utf8).write(to: file)

        if requireTools("verilator") {
            let (status, output) = try runTool("verilator", ["--lint-only", "-Wall", "--top-module", name, file.path], in: folder)
            #expect(status == 0 && output.isEmpty, "verilator --lint-only -Wall \(name).v:\n\(output)")
        }
        if requireTools("iverilog") {
            let (status, output) = try runTool("iverilog", ["-Wall", "-g2005", "-o", "/dev/null", file.path], in: folder)
            #expect(status == 0 && output.isEmpty, "iverilog -Wall -g2005 \(name).v:\n\(output)")
        }
    }
}
