// GEMMBenchmark: runs every GEMM kernel on one GEMM size, checks it against the Swift reference,
// and measures the CPU baseline (instructions the ISA model's CPU retires for the same GEMM,
// from Software/gpu's cpu_gemm.elf). `hdlgen bench gemm` prints and draws its rows.
import GPU
import ISA
import Spec

public struct GEMMBenchRow: Sendable {
    public var kernel: GEMMKernel
    public var m: Int, n: Int, k: Int
    public var result: GPUResult
    public var correct: Bool
    public var peak: Int
    public var macsPerCycle: Double { result.cycles == 0 ? 0 : Double(m * n * k) / Double(result.cycles) }
    public var percentOfPeak: Double { 100 * macsPerCycle / Double(peak) }

    /// The one-line form for scripts (fixed format).
    public var line: String {
        "kernel: \(kernel.rawValue) m: \(m) n: \(n) k: \(k) cycles: \(result.cycles) macs_per_cycle: \(fmt(macsPerCycle, 3)) "
            + "pct_peak: \(fmt(percentOfPeak, 1)) ipc: \(fmt(result.ipc, 3)) transactions: \(result.transactions)"
    }
}

public struct CPUBaseline: Sendable {
    public var int32Instructions: UInt64
    public var int8Instructions: UInt64
}

public enum GEMMBenchmark {
    /// Runs all kernels on an m x n x k GEMM; the timeline of `traceKernel` covers `traceCycles` cycles.
    public static func run(config: GPUConfig, image: ELFFile, m: Int, n: Int, k: Int,
                           traceKernel: GEMMKernel? = nil, traceCycles: UInt64 = 0) throws -> [GEMMBenchRow] {
        let ramSize = UInt64(max(64 << 20, (m * k + k * n + m * n) * 4 + (m * n / 32 + 64) * 32 * 512 + (16 << 20)))
        var rows: [GEMMBenchRow] = []
        for kernel in GEMMKernel.allCases {
            let model = GPUModel(config: config, memory: MainMemory(base: MemoryMap.ramBase, size: (ramSize + 0xFFFFF) & ~0xFFFFF))
            model.traceCycles = kernel == traceKernel ? traceCycles : 0
            let runner = GEMMRunner(model: model, image: image)
            let p = GEMMProblem.random(m: m, n: n, k: k, int8: kernel.isInt8)
            let (c, r) = try runner.run(kernel, p)
            rows.append(GEMMBenchRow(kernel: kernel, m: m, n: n, k: k, result: r,
                                     correct: r.error == nil && c == p.reference(int8: kernel.isInt8),
                                     peak: config.peakMACsPerCycle))
        }
        return rows
    }

    /// Runs cpu_gemm.elf (RV32, bare metal) with its size patched in; nil if the ELF lacks the symbols.
    public static func cpuBaseline(elf: ELFFile, m: Int, n: Int, k: Int) throws -> CPUBaseline? {
        guard let size = elf.symbol("cpu_gemm_size"), let result = elf.symbol("cpu_gemm_result") else { return nil }
        let machine = try Machine.bareMetal(elf, console: BufferSink())
        let dims = [m, n, k].flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
        machine.memory.write(dims, at: size)
        guard machine.run(maxInstructions: 4_000_000_000) == .exited(0),
              let b = machine.readMemory(result, count: 8) else { return nil }
        func word(_ o: Int) -> UInt64 {
            var x: UInt64 = 0
            for i in 0..<4 { x |= UInt64(b[o + i]) << UInt64(8 * i) }
            return x
        }
        return CPUBaseline(int32Instructions: word(0), int8Instructions: word(4))
    }

    /// A fixed-width table of the rows (and the CPU baseline when known).
    public static func table(_ rows: [GEMMBenchRow], config: GPUConfig, cpu: CPUBaseline?) -> String {
        var s = "GEMM on the GPU model: \(config.units) units x \(config.warps) warps x \(config.lanes) lanes, "
            + "peak \(config.peakMACsPerCycle) int8 MACs/cycle\n"
        s += pad("kernel", 10) + pad("m x n x k", 16) + pad("cycles", 11) + pad("MACs/cyc", 10) + pad("% peak", 8)
            + pad("IPC", 7) + pad("transact.", 11) + pad("warp-instr", 12) + "check\n"
        for r in rows {
            s += pad(r.kernel.rawValue, 10) + pad("\(r.m)x\(r.n)x\(r.k)", 16) + pad("\(r.result.cycles)", 11)
                + pad(fmt(r.macsPerCycle, 3), 10) + pad(fmt(r.percentOfPeak, 1), 8) + pad(fmt(r.result.ipc, 3), 7)
                + pad("\(r.result.transactions)", 11) + pad("\(r.result.warpInstructions)", 12)
                + (r.correct ? "ok" : "WRONG \(r.result.error.map { "\($0)" } ?? "")") + "\n"
        }
        if let cpu {
            s += "CPU baseline (ISA model, rv32im, instructions retired): int32 GEMM \(cpu.int32Instructions), "
                + "int8 GEMM \(cpu.int8Instructions)\n"
        }
        return s
    }
}

func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s + " " : s + String(repeating: " ", count: w - s.count) }

func fmt(_ v: Double, _ digits: Int) -> String {
    guard v.isFinite else { return "\(v)" }
    var p = 1.0
    for _ in 0..<digits { p *= 10 }
    let scaled = Int64((abs(v) * p).rounded())
    let ip = scaled / Int64(p), fp = scaled % Int64(p)
    var f = String(fp)
    while f.count < digits { f = "0" + f }
    return (v < 0 ? "-" : "") + String(ip) + (digits > 0 ? "." + f : "")
}
