// GEMMBenchCommand: `hdlgen bench gemm`: runs the four GEMM kernels of Software/gpu on the GPU
// model (checked bit-exactly against a Swift GEMM), prints a table and one fixed-format line per
// kernel for scripts, the CPU baseline (instructions retired on the ISA model), and with --svg
// draws MACs/cycle vs peak and a per-warp issue timeline. The integrator adds GEMMBench.self to
// the subcommands of `hdlgen bench`.
import ArgumentParser
import Foundation
import ISA
import Bench
import GPU
import Spec

struct GEMMBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gemm",
        abstract: "Benchmark the GEMM kernels on the GPU model (cycles, MACs/cycle, % of peak).")

    @Option(help: "Square size M = N = K (default 64); --m/--n/--k override it.")
    var size: Int = 64
    @Option(help: "Rows of A and C.") var m: Int?
    @Option(help: "Columns of B and C.") var n: Int?
    @Option(help: "Columns of A, rows of B.") var k: Int?
    @Option(help: "Kernel image (rv32 ELF) built by `make -C Software/gpu`.")
    var kernels = "Software/gpu/build/kernels.elf"
    @Option(help: "CPU-baseline program (rv32 ELF) built by `make -C Software/gpu`.")
    var cpuElf = "Software/gpu/build/rv32/cpu_gemm.elf"
    @Option(help: "Write an SVG: MACs/cycle against peak, and an issue timeline.")
    var svg: String?
    @Option(help: "Kernel whose issue timeline is drawn.")
    var timelineKernel: String = "dp4a"
    @Option(help: "Cycles of the timeline.")
    var timelineCycles: Int = 400
    @Option(help: "Print the N hottest PCs of this kernel (disassembled).")
    var profile: String?
    @Option(help: "Number of PCs for --profile.")
    var profileTop: Int = 40
    @OptionGroup var gpu: GPUOptions

    func validate() throws {
        guard timelineCycles >= 0 else { throw ValidationError("--timeline-cycles must be 0 or more") }
        guard profileTop > 0 else { throw ValidationError("--profile-top must be 1 or more") }
    }

    func run() throws {
        let (m, n, k) = (m ?? size, n ?? size, k ?? size)
        guard m > 0, n > 0, k > 0, m * n * k <= 1 << 30 else { throw ValidationError("sizes must be positive and m*n*k <= 2^30") }
        let image: ELFFile
        do { image = try ELFFile(path: kernels) } catch {
            throw ValidationError("\(kernels): \(error.description) (build it with `make -C Software/gpu`)")
        }
        guard let traced = GEMMKernel(rawValue: timelineKernel) else { throw ValidationError("unknown kernel \(timelineKernel)") }
        let config = gpu.config
        let rows = try GEMMBenchmark.run(config: config, image: image, m: m, n: n, k: k,
                                         traceKernel: traced, traceCycles: UInt64(timelineCycles))
        var cpu: CPUBaseline? = nil
        if let elf = try? ELFFile(path: cpuElf), m <= 256, n <= 256, k <= 256 {
            cpu = try GEMMBenchmark.cpuBaseline(elf: elf, m: m, n: n, k: k)
        }
        print(GEMMBenchmark.table(rows, config: config, cpu: cpu), terminator: "")
        for r in rows { print(r.line) }
        if let cpu {
            print("cpu: rv32im m: \(m) n: \(n) k: \(k) int32_instructions: \(cpu.int32Instructions) int8_instructions: \(cpu.int8Instructions)")
        } else {
            print("cpu: baseline not run (needs \(cpuElf) and sizes <= 256)")
        }
        if let svg {
            let tl = rows.first { $0.kernel == traced }?.result.timeline ?? []
            let text = GEMMBenchSVG.render(rows: rows, config: config, timeline: tl, timelineKernel: traced.rawValue,
                                           cycles: timelineCycles)
            try text.write(toFile: svg, atomically: true, encoding: .utf8)
        }
        if let profile, let kernel = GEMMKernel(rawValue: profile) { try printProfile(kernel, config: config, image: image, m: m, n: n, k: k) }
        if rows.contains(where: { !$0.correct }) { throw ExitCode(1) }
    }

    /// The hottest PCs of one kernel (issues, transactions, disassembly) and unit 0's idle stretches.
    func printProfile(_ kernel: GEMMKernel, config: GPUConfig, image: ELFFile, m: Int, n: Int, k: Int) throws {
        let model = GPUModel(config: config, memory: MainMemory(base: MemoryMap.ramBase, size: 64 << 20))
        model.profilePCs = true
        model.traceCycles = .max
        let (_, r) = try GEMMRunner(model: model, image: image).run(kernel, GEMMProblem.random(m: m, n: n, k: k, int8: kernel.isInt8))
        let hot = model.pcProfile.sorted { ($0.value, model.pcTransactions[$0.key] ?? 0) > ($1.value, model.pcTransactions[$1.key] ?? 0) }
        for (pc, count) in hot.prefix(profileTop) {
            let bytes = model.memory.read(UInt64(pc), count: 4) ?? [0, 0, 0, 0]
            var word: UInt32 = 0
            for i in 0..<4 { word |= UInt32(bytes[i]) << UInt32(8 * i) }
            print("pc \(String(pc, radix: 16)) issues \(count) transactions \(model.pcTransactions[pc] ?? 0)  "
                  + Disassembler.disassemble(word, pc: UInt64(pc), xlen: 32, gpu: true))
        }
        var busy = Set<UInt64>()
        for e in r.timeline where e.unit == 0 { busy.insert(e.cycle) }
        var runs: [(start: UInt64, length: UInt64)] = []
        var start: UInt64? = nil
        for c in 0...r.cycles {
            if !busy.contains(c) {
                if start == nil { start = c }
            } else if let s0 = start {
                runs.append((s0, c - s0)); start = nil
            }
        }
        let idle = runs.reduce(0) { $0 + $1.length }
        let longest = runs.sorted { $0.length > $1.length }.prefix(12).map { "(\($0.start), \($0.length))" }
        print("unit 0 idle cycles: \(idle) of \(r.cycles); longest stretches (start, length): " + longest.joined(separator: " "))
        var windows = [Int](repeating: 0, count: Int(r.cycles / 100) + 1)
        for c in busy { windows[Int(c / 100)] += 1 }
        print("unit 0 issues per 100 cycles: " + windows.map(String.init).joined(separator: " "))
        for w in 0..<config.warps {
            var line = [Int](repeating: 0, count: Int(r.cycles / 100) + 1)
            for e in r.timeline where e.unit == 0 && e.warp == w { line[Int(e.cycle / 100)] += 1 }
            print("  warp \(w): " + line.prefix(40).map(String.init).joined(separator: " "))
        }
    }
}
