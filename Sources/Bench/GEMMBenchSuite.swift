// GEMMBenchSuite: one run of `hdlgen bench gemm`: every kernel at each size on each backend (the
// model alone; the RTL in lock-step with it), the CPU baseline (instructions on the ISA model, cycles
// on the soc32 RTL), and the report: table, script lines, the GPU's speedup and the issue's targets.
import GPU
import ISA
import Spec

/// An m x n x k GEMM size, written "37x29x23".
public struct GEMMSize: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var m: Int, n: Int, k: Int
    public init(m: Int, n: Int, k: Int) { self.m = m; self.n = n; self.k = k }
    /// Parses "MxNxK" (positive numbers, m*n*k <= 2^30); nil otherwise.
    public init?(_ text: String) {
        let parts = text.split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 3, let m = parts[0], let n = parts[1], let k = parts[2], m > 0, n > 0, k > 0,
              m <= 1 << 15, n <= 1 << 15, k <= 1 << 15, m * n * k <= 1 << 30 else { return nil }
        self.init(m: m, n: n, k: k)
    }
    public var description: String { "\(m)x\(n)x\(k)" }
}

public struct GEMMBenchSuite {
    public var config: GPUConfig
    public var image: ELFFile
    public var sizes: [GEMMSize]
    public var backends: [GEMMBackend]
    /// Sizes the Swift simulator runs (nil: all of `sizes`).
    public var swiftSizes: [GEMMSize]?
    /// cpu_gemm.elf for the CPU baseline at `sizes[0]` (nil: none).
    public var cpuElf: ELFFile?
    public var traceKernel: GEMMKernel?
    public var traceCycles: UInt64 = 0

    public init(config: GPUConfig, image: ELFFile, sizes: [GEMMSize], backends: [GEMMBackend], swiftSizes: [GEMMSize]? = nil,
                cpuElf: ELFFile? = nil, traceKernel: GEMMKernel? = nil, traceCycles: UInt64 = 0) {
        self.config = config; self.image = image; self.sizes = sizes; self.backends = backends; self.swiftSizes = swiftSizes
        self.cpuElf = cpuElf; self.traceKernel = traceKernel; self.traceCycles = traceCycles
    }

    /// Runs everything; `progress` hears what is about to run (RTL runs can take a while).
    public func run(progress: (String) -> Void = { _ in }) throws -> GEMMBenchReport {
        var report = GEMMBenchReport(config: config, sizes: sizes)
        if backends.contains(.model) {
            for (i, size) in sizes.enumerated() {
                progress("model at \(size)")
                report.rows += try GEMMBenchmark.run(config: config, image: image, m: size.m, n: size.n, k: size.k,
                                                     traceKernel: i == 0 ? traceKernel : nil, traceCycles: traceCycles)
            }
        }
        for backend in backends where backend != .model {
            progress("elaborating the GPU harness for \(backend.rawValue)")
            let rtl = try GEMMRTLBenchmark(backend: backend, config: config, image: image)
            for size in sizes where backend != .swift || (swiftSizes ?? sizes).contains(size) {
                for kernel in GEMMKernel.allCases {
                    progress("\(kernel.rawValue) at \(size) on \(backend.rawValue)")
                    report.rows.append(try rtl.run(kernel, m: size.m, n: size.n, k: size.k))
                }
            }
        }
        if let cpuElf, let size = sizes.first, size.m <= 256, size.n <= 256, size.k <= 256 {
            progress("CPU baseline at \(size)")
            report.cpu = try GEMMBenchmark.cpuBaseline(elf: cpuElf, m: size.m, n: size.n, k: size.k)
            if let rtl = backends.first(where: { $0 == .verilator }) ?? backends.first(where: { $0 == .swift }),
               let cycles = try GEMMBenchmark.cpuCycles(elf: cpuElf, m: size.m, n: size.n, k: size.k, backend: rtl) {
                report.cpu?.int32Cycles = cycles.int32Cycles
                report.cpu?.int8Cycles = cycles.int8Cycles
                report.cpu?.cyclesOn = cycles.cyclesOn
            }
        }
        return report
    }
}

/// What one run measured, and its verdicts.
public struct GEMMBenchReport: Sendable {
    public var config: GPUConfig
    public var sizes: [GEMMSize]
    public var rows: [GEMMBenchRow] = []
    /// The CPU baseline at `sizes[0]`.
    public var cpu: CPUBaseline?
    /// Yosys cells of the `gpu` design, RAMs as blocks (set by the command).
    public var cells: Int?
    /// Free-form lines printed after the table (e.g. which sizes the Swift simulator skipped).
    public var notes: [String] = []

    public init(config: GPUConfig, sizes: [GEMMSize]) { self.config = config; self.sizes = sizes }

    func rows(_ kernel: GEMMKernel, _ size: GEMMSize) -> [GEMMBenchRow] {
        rows.filter { $0.kernel == kernel && GEMMSize(m: $0.m, n: $0.n, k: $0.k) == size }
    }

    /// Why the run fails: wrong results, lock-step mismatches (with GPULockstep's report), cycle
    /// counts that differ between backends. Empty when all is well.
    public var failures: [String] {
        var out: [String] = []
        for r in rows where !r.correct {
            out.append("\(r.kernel.rawValue) at \(r.m)x\(r.n)x\(r.k) on \(r.backend.rawValue): "
                       + (r.mismatch ?? (r.result.error.map { "error \($0)" } ?? "wrong result or cycles \(r.cycles) != model \(r.result.cycles)")))
        }
        for size in sizes {
            for kernel in GEMMKernel.allCases {
                let same = rows(kernel, size)
                if Set(same.map(\.cycles)).count > 1 {
                    out.append("\(kernel.rawValue) at \(size): cycles differ: " + same.map { "\($0.backend.rawValue) \($0.cycles)" }.joined(separator: ", "))
                }
            }
        }
        return out
    }

    /// The GPU's speedup over the CPU in cycles at `sizes[0]`: dp4a against the int8 CPU GEMM, the others
    /// against the int32 one (kernel, GPU cycles, CPU cycles).
    public var speedups: [(kernel: GEMMKernel, gpu: UInt64, cpu: UInt64)] {
        guard let cpu, let size = sizes.first, let c32 = cpu.int32Cycles, let c8 = cpu.int8Cycles else { return [] }
        return GEMMKernel.allCases.compactMap { kernel in
            rows(kernel, size).first.map { (kernel, $0.cycles, kernel.isInt8 ? c8 : c32) }
        }
    }

    /// Simulated cycles per second of `backend` over the (kernel, size) pairs it shares with `other`.
    func speed(_ backend: GEMMBackend, sharedWith other: GEMMBackend) -> Double? {
        let mine = rows.filter { $0.backend == backend }
        let pairs = mine.filter { r in rows.contains { $0.backend == other && $0.kernel == r.kernel && $0.m == r.m && $0.n == r.n && $0.k == r.k } }
        let seconds = pairs.reduce(0) { $0 + $1.seconds }
        return pairs.isEmpty || seconds == 0 ? nil : Double(pairs.reduce(0) { $0 + $1.cycles }) / seconds
    }

    /// The issue's targets, measured (not asserted): one `target:` line each.
    public var targets: [String] {
        func verdict(_ ok: Bool) -> String { ok ? "met" : "MISSED" }
        var out: [String] = []
        if let main = sizes.first {
            let dp4a = rows(.dp4a, main)
            if !dp4a.isEmpty {
                out.append("target: dp4a >= 50% of peak at \(main): " + dp4a.map { "\($0.backend.rawValue) \(fmt($0.percentOfPeak, 1))%" }.joined(separator: ", ")
                           + ": " + verdict(dp4a.allSatisfy { $0.percentOfPeak >= 50 }))
            }
            if let model = dp4a.first(where: { $0.backend == .model }), let v = dp4a.first(where: { $0.backend == .verilator }), model.seconds > 0 {
                let ratio = v.seconds / model.seconds
                out.append("target: Verilator wall time on dp4a at \(main) within 10x of the model's: verilator \(fmt(v.seconds, 4)) s, "
                           + "model \(fmt(model.seconds, 4)) s, \(fmt(ratio, 1))x: " + verdict(ratio <= 10))
            }
        }
        if let v = speed(.verilator, sharedWith: .swift), let s = speed(.swift, sharedWith: .verilator) {
            out.append("target: Swift simulator within 20x of Verilator (GPU cycles/s on the same runs): verilator \(Int(v.rounded())), "
                       + "swift \(Int(s.rounded())), \(fmt(v / s, 1))x: " + verdict(v / s <= 20))
        }
        return out
    }

    /// The whole report: table, notes, script lines (`kernel:`, `cpu:`, `gpu:`, `speedup:`, `target:`).
    public var text: String {
        var s = GEMMBenchmark.table(rows, config: config, cpu: cpu)
        if let cells { s += "GPU alone (`gpu` design, \(config.units)x\(config.warps)x\(config.lanes)): \(cells) yosys cells, RAMs as blocks\n" }
        for note in notes { s += note + "\n" }
        for r in rows { s += r.line + "\n" }
        if let cpu, let size = sizes.first {
            s += "cpu: rv32im m: \(size.m) n: \(size.n) k: \(size.k) int32_instructions: \(cpu.int32Instructions) int8_instructions: \(cpu.int8Instructions)"
            if let c32 = cpu.int32Cycles, let c8 = cpu.int8Cycles { s += " int32_cycles: \(c32) int8_cycles: \(c8) cycles_on: \(cpu.cyclesOn ?? "?")" }
            s += "\n"
        } else {
            s += "cpu: baseline not run (needs cpu_gemm.elf and sizes <= 256)\n"
        }
        if let cells { s += "gpu: cells: \(cells) units: \(config.units) warps: \(config.warps) lanes: \(config.lanes)\n" }
        for (kernel, gpu, cpu) in speedups {
            s += "speedup: kernel: \(kernel.rawValue) gpu_cycles: \(gpu) cpu_cycles: \(cpu) speedup: \(fmt(Double(cpu) / Double(max(gpu, 1)), 1))\n"
        }
        for t in targets { s += t + "\n" }
        return s
    }
}
