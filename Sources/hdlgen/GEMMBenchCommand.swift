// GEMMBenchCommand: `hdlgen bench gemm`: runs the four GEMM kernels of Software/gpu at two sizes on
// the GPU model and on the GPU RTL (Verilator, Swift simulator; in lock-step with the model), checks
// C against a Swift GEMM and the cycles across backends, prints a table, one fixed-format line per
// run, the CPU baseline and speedup, the GPU's yosys cells and the targets; --svg draws
// MACs/cycle vs peak and a per-warp issue timeline; --profile lists a kernel's hottest PCs.
import ArgumentParser
import Foundation
import Cores
import HDL
import ISA
import Bench
import GPU
import SoCSim
import Spec

struct GEMMBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gemm",
        abstract: "Benchmark the GEMM kernels on the GPU model and RTL (cycles, MACs/cycle, % of peak, simulation speed).")

    @Option(help: "Square size M = N = K (default 64); --m/--n/--k override it.")
    var size: Int = 64
    @Option(help: "Rows of A and C.") var m: Int?
    @Option(help: "Columns of B and C.") var n: Int?
    @Option(help: "Columns of A, rows of B.") var k: Int?
    @Option(help: "A second size, MxNxK, not a multiple of the tiles; `none` runs only the first.")
    var extraSize = "37x29x23"
    @Option(help: "Backends, comma-separated: model, verilator (the RTL under Verilator), swift (the RTL under the Swift simulator).")
    var backends = "model,verilator"
    @Option(help: "Sizes the Swift simulator runs: all, or extra (the second size only: it is slow on 64^3).")
    var swiftSizes = "all"
    @Flag(inversion: .prefixedNo, help: "Count the `gpu` design's yosys cells (RAMs as blocks; cached in build/bench-gemm).")
    var cells = true
    @Option(help: "Kernel image (rv32 ELF) built by `make -C Software/gpu`.")
    var kernels = "Software/gpu/build/kernels.elf"
    @Option(help: "CPU-baseline program (rv32 ELF) built by `make -C Software/gpu`.")
    var cpuElf = "Software/gpu/build/rv32/cpu_gemm.elf"
    @Option(help: "Write an SVG: MACs/cycle against peak, and an issue timeline (the model's runs at the first size).")
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
        guard extraSize == "none" || GEMMSize(extraSize) != nil else { throw ValidationError("--extra-size must be MxNxK or none") }
        guard ["all", "extra"].contains(swiftSizes) else { throw ValidationError("--swift-sizes must be all or extra") }
        _ = try backendList()
    }

    func backendList() throws -> [GEMMBackend] {
        let list = try backends.split(separator: ",").map { name in
            guard let b = GEMMBackend(rawValue: String(name)) else { throw ValidationError("unknown backend '\(name)' (model, verilator, swift)") }
            return b
        }
        guard !list.isEmpty, Set(list).count == list.count else { throw ValidationError("--backends needs each backend at most once") }
        return list
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
        let main = GEMMSize(m: m, n: n, k: k)
        let sizes = [main] + (GEMMSize(extraSize).map { $0 == main ? [] : [$0] } ?? [])
        let backends = try backendList()
        let suite = GEMMBenchSuite(config: config, image: image, sizes: sizes, backends: backends,
                                   swiftSizes: swiftSizes == "all" || sizes.count == 1 ? nil : Array(sizes.dropFirst()),
                                   cpuElf: try? ELFFile(path: cpuElf), traceKernel: traced, traceCycles: UInt64(timelineCycles))
        // Each step on a line of stderr; on a terminal, below them, the step running and the time so far.
        let line = ProgressLine("bench gemm")
        line.startTicking()
        defer { line.finish() }
        var report = try suite.run { step in
            line.step = step
            line.writeAbove("bench gemm: \(step)\n")
        }
        if backends.contains(.swift) && swiftSizes == "extra" && sizes.count > 1 {
            report.notes.append("The Swift simulator ran \(sizes.dropFirst().map(\.description).joined(separator: ", ")) only (--swift-sizes extra).")
        }
        if cells {
            line.step = "yosys cells of the gpu design"
            line.writeAbove("bench gemm: yosys cells of the gpu design (minutes unless cached)\n")
            let entry = Designs.all.first { $0.name == "gpu" }
            if config == GPUConfig(), let entry {
                let verilog = VerilogEmitter().emit(try entry.elaborate())
                report.cells = try YosysCells.count(verilog: verilog, top: entry.name, cacheFolder: URL(fileURLWithPath: "build/bench-gemm"))
            } else {
                report.notes.append("Cells: counted for the default shape only (the `gpu` design).")
            }
        }
        line.finish()
        print(report.text, terminator: "")
        if let svg {
            let rows = report.rows.filter { $0.backend == .model && $0.m == m && $0.n == n && $0.k == k }
            let tl = rows.first { $0.kernel == traced }?.result.timeline ?? []
            let text = GEMMBenchSVG.render(rows: rows, config: config, timeline: tl, timelineKernel: traced.rawValue,
                                           cycles: timelineCycles)
            try text.write(toFile: svg, atomically: true, encoding: .utf8)
        }
        if let profile, let kernel = GEMMKernel(rawValue: profile) { try printProfile(kernel, config: config, image: image, m: m, n: n, k: k) }
        let failures = report.failures
        if !failures.isEmpty {
            FileHandle.standardError.write(Data(("bench gemm: FAIL\n" + failures.joined(separator: "\n") + "\n").utf8))
            throw ExitCode(1)
        }
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
