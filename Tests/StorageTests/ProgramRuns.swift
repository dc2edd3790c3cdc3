import Cores
import Foundation
import ISA
import RTLSim
import SDCard
import SoCSim
import Spec
import Testing
import TestSupport

// Running the storage programs (Software/storage, built by `make -C Software`) with an SD card in
// the slot: on the ISA model, where the controller is SDControllerModel, and on the SoC RTL under
// either simulator, where the card sits on the SPI pins. Each run says what the UART printed and
// how the program ended.

enum Platform: String, CaseIterable, Sendable { case isa, swift, verilator }

struct ProgramRun: Equatable, CustomStringConvertible {
    /// The UART bytes.
    var bytes: [UInt8]
    var output: String { String(decoding: bytes, as: UTF8.self) }
    /// The exit code, or nil when the program did not finish within the limit.
    var exitCode: Int32?
    var description: String { "exit \(exitCode.map(String.init) ?? "none (limit reached)"), output:\n\(output)" }
}

enum StoragePrograms {
    /// Builds the software image once (make is incremental).
    static let built: Bool = {
        guard let (status, output) = try? runTool("make", ["-s", "-C", "Software"], in: repositoryRoot) else { return false }
        if status != 0 { print(output) }
        return status == 0
    }()

    static func elf(_ name: String, xlen: Int) throws -> ELFFile {
        try ELFFile(path: repositoryRoot.appendingPathComponent("Software/build/rv\(xlen)/\(name).elf").path)
    }

    /// The SoC designs without their GPU (these programs use none; its idle logic would slow them), once per XLEN.
    static let designs = [32, 64].map { xlen in Result { try SoCDesign(SoC(xlen: xlen, gpu: nil), name: Designs.socName(xlen: xlen, gpu: false)) } }

    /// Runs `program` with `arguments` and `card` in the slot (nil: an empty slot).
    static func run(_ program: String, _ arguments: String = "", xlen: Int = 32, card: SDCardModel?, on platform: Platform,
                    maxInstructions: UInt64 = 20_000_000, maxCycles: UInt64 = 40_000_000) throws -> ProgramRun {
        let elf = try elf(program, xlen: xlen)
        if platform == .isa {
            let console = BufferSink()
            let machine = try Machine.bareMetal(elf, xlen: xlen, console: console)
            machine.map(SDControllerModel(card: card), at: MemoryMap.sd.base)
            try machine.setArguments(arguments, of: elf)
            let stop = machine.run(maxInstructions: maxInstructions)
            var code: Int32? = nil
            if case .exited(let c) = stop { code = c }
            return ProgramRun(bytes: console.bytes, exitCode: code)
        }
        let soc = try designs[xlen == 32 ? 0 : 1].get()
        let sim: Simulator = platform == .swift ? try SwiftSimulator(design: soc.design)
                                                : try VerilatorSimulator(design: soc.design)
        let runner = SoCRunner(simulator: sim, soc: soc)
        var bytes: [UInt8] = []
        runner.output = { bytes.append($0) }
        try runner.load(elf)
        try runner.setArguments(arguments, of: elf)
        runner.insert(card)
        var code: Int32? = nil
        if case .exited(let c) = runner.run(maxCycles: maxCycles) { code = c }
        return ProgramRun(bytes: bytes, exitCode: code)
    }
}
