import ArgumentParser
import Cores
import Foundation
import HDL
import RTLSim
import Spec

/// `hdlgen emit`: elaborates every design and writes its Verilog (and Verilator shim) to a folder.
struct EmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "emit", abstract: "Write the Verilog of every design to Generated/.")

    @Option(name: .long, help: "Output folder.")
    var out: String = "Generated"

    @Flag(name: .long, help: "List the designs and exit.")
    var list = false

    @Argument(help: "Designs to emit (default: all).")
    var designs: [String] = []

    func run() throws {
        if list {
            for d in Designs.all { print("\(d.name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(d.summary)") }
            return
        }
        var entries: [Designs.Entry] = []
        for name in designs {
            guard let entry = Designs.named(name) else {
                throw ValidationError("unknown design '\(name)'; `hdlgen emit --list` names them")
            }
            entries.append(entry)
        }
        if entries.isEmpty { entries = Designs.all }
        var files: [String: String] = [:]
        for entry in entries {
            do {
                let design = try entry.elaborate()
                for w in design.warnings { FileHandle.standardError.write(Data("\(w)\n".utf8)) }
                let verilog = VerilogEmitter().emit(design)
                files["\(entry.name).v"] = verilog
                // The Verilator bridge: C-ABI shim and configuration, built by `make verilate`.
                files["\(entry.name)_shim.cpp"] = VerilatorShimEmitter().emitShim(design, verilog: verilog)
                files["\(entry.name).vlt"] = VerilatorShimEmitter().emitConfig(design)
            } catch {
                throw CommandFailure("design '\(entry.name)' did not elaborate:\n\(error)")
            }
        }
        files[VerilatorShimEmitter.runtimeHeaderName] = try VerilatorShimEmitter.runtimeHeader()
        files[SpecCHeader.fileName] = SpecCHeader.text      // the contracts for C and assembly
        try OutputFolder.replaceFiles(in: out, with: files, removingStale: designs.isEmpty)
    }
}
