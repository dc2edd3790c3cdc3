import Testing
import HDL

// Declarations take their Verilog names from the Swift line; two on one line each get their own,
// and one with no name to take warns with its line.

@Suite struct NamingTests {
    @Test func twoDeclarationsOnOneLineKeepTheirNames() throws {
        let design = try Elaborator.elaborate(Probe("pair", ports: { Byte() }) { io in
            let low = Wire(io.value & 0x0F), high = Wire(io.value & 0xF0)
            io.result <== low | high
        })
        let verilog = VerilogEmitter().emit(design)
        #expect(verilog.contains("wire [7:0] low;") && verilog.contains("wire [7:0] high;"), "\(verilog)")
        #expect(design.warnings.isEmpty, "\(design.warnings)")
    }

    @Test func anUnnamedDeclarationWarnsWithItsLine() throws {
        let line = #line + 2
        let design = try Elaborator.elaborate(Probe("anonymous", ports: { Byte() }) { io in
            io.result <== Wire(io.value ^ 0xFF) & io.value
        })
        let warning = try #require(design.warnings.first)
        #expect(warning.kind == .unnamed && warning.location.line == line && warning.location.fileName == "NamingTests.swift",
                "\(warning)")
        #expect(warning.message.contains("'wire'") && warning.fix.contains("named:"), "\(warning)")
    }

    @Test func aGivenNameNeedsNoSourceLine() throws {
        let design = try Elaborator.elaborate(Probe("given", ports: { Byte() }) { io in
            io.result <== Wire(io.value ^ 0xFF, named: "inverted")
        })
        #expect(VerilogEmitter().emit(design).contains("inverted"))
        #expect(design.warnings.isEmpty)
    }
}
