import ArgumentParser
import GPU
import ISA
import SDCard
import SoCSim
import Spec
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `hdlgen iss`: runs a RISC-V ELF on the ISA model (bare metal or Linux user mode).
struct ISSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iss",
        abstract: "Run a RISC-V ELF on the golden-reference instruction-set simulator.",
        discussion: "When stderr is a terminal, a line on it shows the instructions retired, their rate and the time while the program runs (not with --trace).")

    @Option(help: "Register width, 32 or 64 (default: the ELF class).")
    var xlen: Int?

    @Flag(help: "Linux user mode: U-mode at the ELF entry, write/exit/exit_group/brk syscalls.")
    var user = false

    @Flag(help: "Print one line per executed instruction (format in docs/ISA.md).")
    var trace = false

    @Flag(help: "Print instructions retired, seconds and MIPS to stderr.")
    var stats = false

    @Option(help: "Stop with an error after N retired instructions.")
    var maxInstructions: UInt64?

    @Flag(name: .customLong("hardware-ad"), help: "Page tables: set A and D during the walk, as qemu does (default: Svade, a page fault, as the RTL and Spike do).")
    var hardwareAD = false

    @Option(help: "Dump memory at exit: hex ADDR:LEN, e.g. 80001000:40.")
    var dump: [String] = []

    @OptionGroup var gpu: GPUOptions

    @OptionGroup var sd: SDCardOptions

    @Option(help: "RAM size in MiB (bare metal) or guest memory in MiB (user mode).")
    var memory: UInt64?

    @Argument(help: "The ELF executable.")
    var file: String

    func fail(_ message: String) -> ExitCode {
        var line = "iss: " + message + "\n"
        line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
        return ExitCode(1)
    }

    func run() throws {
        if let xlen, xlen != 32 && xlen != 64 { throw fail("--xlen must be 32 or 64") }
        if let memory, memory < 1 || memory > 4096 { throw fail("--memory must be between 1 and 4096 MiB") }
        if user && (sd.image != nil || sd.args != nil) { throw fail("--sd-image and --args are for bare-metal programs (without --user)") }
        var dumps: [(UInt64, Int)] = []
        for d in dump {
            let parts = d.split(separator: ":")
            guard parts.count == 2, let a = UInt64(parts[0].replacingPrefix("0x"), radix: 16),
                  let l = Int(parts[1].replacingPrefix("0x"), radix: 16), l >= 0 else {
                throw fail("bad --dump '\(d)' (expected hex ADDR:LEN)")
            }
            dumps.append((a, l))
        }
        let elf: ELFFile
        do { elf = try ELFFile(path: file) } catch { throw fail("\(file): \(error.description)") }
        // On a terminal, a line of instructions retired while the program runs (not with --trace).
        let progress = ProgressLine("iss", unit: "instructions")
        let out = ProgressAwareSink(fd: 1, progress: progress)
        let machine: Machine
        do {
            if user {
                machine = try Machine.linuxUser(elf, xlen: xlen, memorySize: (memory ?? 256) << 20,
                                                programName: file, stdout: out, stderr: ProgressAwareSink(fd: 2, progress: progress))
            } else {
                machine = try Machine.bareMetal(elf, xlen: xlen, ramSize: (memory ?? 16) << 20, console: out)
                _ = gpu.attach(to: machine)
                machine.hardwareUpdatesAccessedDirty = hardwareAD
                if let args = sd.args { try machine.setArguments(args, of: elf) }
            }
        } catch { throw fail("\(file): \(error.description)") }
        if !user {
            do { machine.map(SDControllerModel(card: try sd.card()), at: MemoryMap.sd.base) }
            catch { throw fail("\(error)") }
        }

        let limit = maxInstructions ?? .max
        var start = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        let reason: StopReason
        if trace {
            let formatter = TraceFormatter(xlen: machine.xlen) { Disassembler.disassemble($0, pc: $1, xlen: $2) }
            let traceOut = FileDescriptorSink(fd: 1)
            var r: StopReason? = nil
            var executed: UInt64 = 0
            while r == nil {
                if executed >= limit { r = .instructionLimit; break }
                executed += 1
                if let ret = machine.step() {
                    var line = formatter.format(ret) + "\n"
                    out.flush()
                    line.withUTF8 { traceOut.write(UnsafeRawBufferPointer($0)) }
                } else {
                    r = machine.stopReason
                }
            }
            traceOut.flush()
            reason = r ?? .error("stopped")
        } else {
            reason = machine.run(maxInstructions: limit, progress: progress)
        }
        out.flush()
        var end = timespec()
        clock_gettime(CLOCK_MONOTONIC, &end)
        let seconds = Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
        for (a, l) in dumps {
            guard let bytes = machine.readMemory(a, count: l) else { throw fail("--dump \(String(a, radix: 16)):\(String(l, radix: 16)) is outside RAM") }
            var text = ""
            for row in stride(from: 0, to: bytes.count, by: 16) {
                text += String(a + UInt64(row), radix: 16) + ":"
                for b in bytes[row..<min(row + 16, bytes.count)] {
                    text += " " + (b < 16 ? "0" : "") + String(b, radix: 16)
                }
                text += "\n"
            }
            text.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
        }
        if stats {
            let n = machine.instructionsRetired
            var line = "instructions: \(n)\nseconds: \(String(format3(seconds)))\nMIPS: \(format3(Double(n) / max(seconds, 1e-9) / 1e6))\n"
            line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
        }
        switch reason {
        case .exited(let code):
            if code != 0 { throw ExitCode(code) }
        case .instructionLimit:
            throw fail("instruction limit of \(limit) reached (pc 0x\(String(machine.hart.pc, radix: 16)))")
        case .error(let message):
            throw fail(message)
        }
    }
}

private func format3(_ v: Double) -> String {
    let scaled = (v * 1000).rounded()
    guard scaled.isFinite, abs(scaled) < 1e15 else { return "\(v)" }
    let i = Int64(scaled)
    let frac = abs(i % 1000)
    return "\(i / 1000).\(frac < 10 ? "00" : frac < 100 ? "0" : "")\(frac)"
}

private extension Substring {
    func replacingPrefix(_ p: String) -> Substring { hasPrefix(p) ? dropFirst(p.count) : self }
}
