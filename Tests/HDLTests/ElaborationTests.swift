import Testing
import HDL

// One test per elaboration error: the message names the culprit and points at the Swift line.
// Each test writes its hardware inline (with `Probe`) and takes the expected line from #line.

/// A module whose ports and body are given as closures, so a test can describe a small piece of
/// faulty hardware next to its expectations. `label` keeps the Verilog names of probes apart.
struct Probe<Ports: Bundle>: Module {
    let label: String
    let ports: () -> Ports
    let logic: (Ports) -> [Statement]

    init(_ label: String, ports: @escaping () -> Ports, @LogicBuilder logic: @escaping (Ports) -> [Statement]) {
        self.label = label
        self.ports = ports
        self.logic = logic
    }

    var name: String { "probe_\(label)" }
    var io: Ports { ports() }
    func body(_ io: Ports) -> [Statement] { logic(io) }
}

/// Eight bits in, eight bits out.
struct Byte: Bundle {
    var value = Input(.uint(8))
    var result = Output(.uint(8))
}

/// The diagnostics of a module that must not elaborate.
func elaborationErrors<M: Module>(_ module: M, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [Diagnostic] {
    do {
        _ = try Elaborator.elaborate(module)
        Issue.record("\(module.name) elaborated, but it has an error", sourceLocation: sourceLocation)
        return []
    } catch {
        return error.diagnostics
    }
}

/// Expects exactly one diagnostic, of `kind`, at `line` of this file, whose text contains `text`.
func expectOne(_ diagnostics: [Diagnostic], _ kind: Diagnostic.Kind, line: Int, _ text: String,
               sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    #expect(diagnostics.count == 1, "\(diagnostics)", sourceLocation: sourceLocation)
    guard let d = diagnostics.first else { return }
    #expect(d.kind == kind, sourceLocation: sourceLocation)
    let file = sourceLocation.fileName      // the test's own file, where its hardware is written
    #expect(d.location.fileName == file, sourceLocation: sourceLocation)
    #expect(d.location.line == line, "\(d)", sourceLocation: sourceLocation)
    #expect(d.message.contains(text), "\(d.message)", sourceLocation: sourceLocation)
    #expect(d.description.hasPrefix("\(file):\(line): error: \(kind.rawValue): "), sourceLocation: sourceLocation)
}

@Suite struct ElaborationTests {
    @Test func widthMismatchInConnect() {
        let line = #line + 2
        let errors = elaborationErrors(Probe("narrow", ports: { Byte() }) { io in
            io.result <== io.value[3, 0]
        })
        expectOne(errors, .widthMismatch, line: line, "'result' is 8 bits but the value is 4 bits")
        #expect(errors.first?.fix.contains(".zeroExtended(to: 8)") == true)
    }

    @Test func silentTruncation() {
        let line = #line + 2
        let errors = elaborationErrors(Probe("wide", ports: { Byte() }) { io in
            io.result <== io.value.zeroExtended(to: 9)
        })
        expectOne(errors, .truncation, line: line, "'result' is 8 bits but the value is 9 bits")
        #expect(errors.first?.fix.contains(".truncated(to: 8)") == true)
    }

    @Test func operandsOfDifferentWidths() {
        let line = #line + 3
        let errors = elaborationErrors(Probe("add", ports: { Byte() }) { io in
            let nibble = Wire(io.value[3, 0])
            io.result <== io.value + nibble
        })
        expectOne(errors, .widthMismatch, line: line, "operands of '+' have different widths: 'value' is 8 bits, 'nibble' is 4 bits")
    }

    @Test func undrivenOutput() {
        struct Ports: Bundle {
            var value = Input(.uint(8))
            var result = Output(.uint(8))
            var forgotten = Output(.bit)
        }
        let line = #line - 2
        let errors = elaborationErrors(Probe("undriven", ports: { Ports() }) { io in
            io.result <== io.value
        })
        expectOne(errors, .undriven, line: line, "output 'forgotten' is never driven")
    }

    @Test func latch() {
        let line = #line + 4
        let errors = elaborationErrors(Probe("latch", ports: { Byte() }) { io in
            let doubled = Wire(.uint(8))
            When(io.value[0]) {
                doubled <== io.value + io.value
            }
            io.result <== doubled
        })
        expectOne(errors, .partiallyDriven, line: line, "wire 'doubled' is not assigned on every path, which would make a latch")
    }

    @Test func multipleDrivers() {
        let line = #line + 3
        let errors = elaborationErrors(Probe("twice", ports: { Byte() }) { io in
            io.result <== io.value
            io.result <== ~io.value
        })
        expectOne(errors, .multipleDrivers, line: line, "output 'result' is already driven at ElaborationTests.swift:\(line - 1)")
    }

    @Test func combinationalLoop() {
        let line = #line + 4
        let errors = elaborationErrors(Probe("loop", ports: { Byte() }) { io in
            let first = Wire(.uint(8))
            let second = Wire(.uint(8))
            first <== second + io.value
            second <== first
            io.result <== second
        })
        expectOne(errors, .combinationalLoop, line: line, "depends on itself without a register")
        #expect(errors.first?.message.contains("first") == true && errors.first?.message.contains("second") == true)
    }

    @Test func combinationalLoopThroughAnInstance() {
        let passThrough = Probe("pass", ports: { Byte() }) { io in
            io.result <== io.value
        }
        let line = #line + 3
        let errors = elaborationErrors(Probe("loop_outer", ports: { Byte() }) { io in
            let inner = Instance(passThrough)
            inner.value <== inner.result ^ io.value
            io.result <== inner.result
        })
        expectOne(errors, .combinationalLoop, line: line,
                  "inner_value -> inner_result (through instance 'inner') -> inner_value depends on itself without a register")
    }

    @Test func drivingAnInput() {
        let line = #line + 2
        let errors = elaborationErrors(Probe("drive_input", ports: { Byte() }) { io in
            io.value <== 0
            io.result <== io.value
        })
        expectOne(errors, .wrongDirection, line: line, "'value' is an input of module 'probe_drive_input' and cannot be driven inside it")
    }

    @Test func drivingAnInstanceOutput() {
        let child = Probe("child", ports: { Byte() }) { io in
            io.result <== io.value
        }
        let line = #line + 4
        let errors = elaborationErrors(Probe("drive_output", ports: { Byte() }) { io in
            let inner = Instance(child)
            inner.value <== io.value
            inner.result <== io.value
            io.result <== inner.result
        })
        expectOne(errors, .wrongDirection, line: line, "'result' is an output of instance 'inner' and cannot be driven")
    }

    @Test func unconnectedInstanceInput() {
        let child = Probe("unconnected_child", ports: { Byte() }) { io in
            io.result <== io.value
        }
        let line = #line + 2
        let errors = elaborationErrors(Probe("unconnected", ports: { Byte() }) { io in
            let inner = Instance(child)
            io.result <== inner.result
        })
        expectOne(errors, .unconnectedInput, line: line, "input 'value' of instance 'inner' is not connected")
    }

    @Test func signalFromAnotherModule() {
        let line = #line + 4
        let errors = elaborationErrors(Probe("outer", ports: { Byte() }) { io in
            // The child's body reaches for the parent's port instead of a port of its own.
            let inner = Instance(Probe("leaky", ports: { Byte() }) { child in
                child.result <== child.value ^ io.value
            })
            inner.value <== io.value
            io.result <== inner.result
        })
        expectOne(errors, .foreignSignal, line: line, "'value' belongs to module 'probe_outer' but is used in 'probe_leaky'")
    }

    // An unknown port cannot be named: ports are stored properties of the `IO` bundle, so a
    // misspelled port is a Swift compile error rather than an elaboration error.

    @Test func unusedInputIsAWarning() throws {
        struct Ports: Bundle {
            var value = Input(.uint(8))
            var spare = Input(.bit)
            var result = Output(.uint(8))
        }
        let line = #line - 3
        let design = try Elaborator.elaborate(Probe("unused", ports: { Ports() }) { io in
            io.result <== io.value
        })
        #expect(design.warnings.count == 1)
        let warning = try #require(design.warnings.first)
        #expect(warning.severity == .warning && warning.kind == .unusedInput)
        #expect(warning.location.fileName == "ElaborationTests.swift" && warning.location.line == line)
        #expect(warning.description == "ElaborationTests.swift:\(line): warning: unused input: input 'spare' of module 'probe_unused' is never read; use it or remove it")
    }

    @Test func everyErrorIsReported() {
        let errors = elaborationErrors(Probe("several", ports: { Byte() }) { io in
            io.result <== io.value[3, 0]
            io.value <== 0
        })
        #expect(errors.map(\.kind) == [.widthMismatch, .wrongDirection])
    }
}
