// DemoTests: the digit classifier of docs/DEMO.md end to end. The machine's int8 logits equal train.py's
// reference bit for bit, its accuracy equals the script's; the RTL (SoC + GPU RTL on Verilator, in lock-step
// with the ISA and GPU models, and on the Swift simulator) prints what the ISA model prints; bad cards end
// with a clear message and a non-zero exit.
import Cores
import Foundation
import RTLSim
import SoCSim
import Testing
import TestSupport

@Suite(.serialized) struct DemoTests {
    /// `logits` prints every image's logits in reference.txt's format; the GPU and the CPU alone agree (the
    /// program compares them and fails otherwise).
    @Test(arguments: [32, 64]) func logitsAreBitExactWithTheScript(xlen: Int) throws {
        guard let demo = try DemoBuild.shared() else { return }
        let run = try demo.run(xlen: xlen, args: xlen == 32 ? "logits" : "logits nocpu")
        #expect(run.status == 0, "\(run.stdout.suffix(2000))\(run.stderr.prefix(2000))")
        let logits = run.stdout.split(separator: "\n").filter { $0.hasPrefix("logits ") }.map(String.init)
        let reference = try String(contentsOfFile: demo.file("reference.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(logits.count == 360 && logits == reference, "first difference: \(zip(logits, reference).first { $0 != $1 }.map { "\($0) / \($1)" } ?? "counts \(logits.count) / \(reference.count)")")
        let summary = try demo.summary()
        #expect(run.stdout.contains("\naccuracy: \(summary.int8.correct)/\(summary.int8.total)\n"), "\(run.stdout.suffix(800))")
        #expect(summary.int8.total == 360 && summary.float.total == 360)
        #expect(abs(summary.int8.correct - summary.float.correct) * 100 <= 2 * 360, "float \(summary.float), int8 \(summary.int8)")
        if xlen == 32 { #expect(run.stdout.contains("\nCPU alone: the same logits as the GPU for all 360 images, accuracy \(summary.int8)\n"), "\(run.stdout.suffix(800))") }
    }

    /// The RTL under Verilator, in lock-step with the ISA model and the GPU model (every retired instruction and
    /// every issued warp-instruction compared), prints byte for byte what the ISA model alone prints.
    @Test func rtlPrintsWhatTheModelPrints() throws {
        guard let demo = try DemoBuild.shared(), requireTools("verilator") else { return }
        let library = try VerilatorSimulator(design: SoCDesign(SoC(xlen: 32), name: Designs.socName(xlen: 32)).design).libraryPath
        let args = "24 nocycles"
        let iss = try demo.run(xlen: 32, args: args)
        let rtl = try demo.run(xlen: 32, args: args, simulator: ["sim", "--cosim", "--library", library])
        #expect(iss.status == 0 && rtl.status == 0, "\(rtl.stderr.prefix(3000))")
        #expect(iss.stdout.contains("\naccuracy: ") && iss.stdout.contains("predictions:"), "\(iss.stdout)")
        #expect(rtl.stdout == iss.stdout)
    }

    /// The Swift simulator on a small subset (a card whose tests.bin holds the first 3 images: reading and checking
    /// the whole set would take minutes there): the same bytes as the ISA model, the CPU-alone run included.
    @Test func swiftSimulatorPrintsWhatTheModelPrints() throws {
        guard let demo = try DemoBuild.shared() else { return }
        let image = try cardImage(files: [("model.bin", try DemoCardTests.model { _ in }), ("tests.bin", try DemoCardTests.tests(first: 3))])
        defer { removeTemporaryFile(image) }
        let args = "nocycles"
        let iss = try demo.run(xlen: 32, args: args, image: image)
        let rtl = try demo.run(xlen: 32, args: args, simulator: ["sim", "--backend", "swift"], image: image)
        #expect(iss.status == 0 && rtl.status == 0, "\(rtl.stderr.prefix(3000))")
        #expect(iss.stdout.contains("\naccuracy: "), "\(iss.stdout)")
        #expect(rtl.stdout == iss.stdout)
    }
}
