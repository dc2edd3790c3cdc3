// GEMMBenchmark: runs every GEMM kernel on one GEMM size on the GPU model, checks it against the
// Swift reference, and measures the CPU baseline (cpu_gemm.elf from Software/gpu: instructions the
// ISA model retires; its cycles on the SoC RTL in GEMMCPUBaseline). `hdlgen bench gemm` prints and
// draws its rows; GEMMRTLBenchmark adds rows of the RTL backends.
import GPU
import ISA
import Spec

/// Where a GEMM ran: the GPU model, or the GPU RTL (the `gpu_harness` design) in lock-step with it.
public enum GEMMBackend: String, CaseIterable, Sendable {
    case model, verilator, swift
}

public struct GEMMBenchRow: Sendable {
    public var kernel: GEMMKernel
    public var m: Int, n: Int, k: Int
    /// The model's result (on an RTL backend: the model's side of the lock-step run).
    public var result: GPUResult
    public var correct: Bool
    public var peak: Int
    public var backend: GEMMBackend = .model
    /// Cycles on this backend (the RTL's CYCLES register; the model's cycle count).
    public var cycles: UInt64
    /// Wall time of the launch on this backend (RTL: a second, free run of the same launch, the simulator alone).
    public var seconds: Double = 0
    /// RTL: wall time of the RTL's side of the lock-step run (stepping issue by issue, reading and comparing the trace).
    public var lockstepSeconds: Double = 0
    /// GPULockstep's report when the RTL and the model differ.
    public var mismatch: String?

    public init(kernel: GEMMKernel, m: Int, n: Int, k: Int, result: GPUResult, correct: Bool, peak: Int,
                backend: GEMMBackend = .model, cycles: UInt64? = nil, seconds: Double = 0, lockstepSeconds: Double = 0, mismatch: String? = nil) {
        self.kernel = kernel; self.m = m; self.n = n; self.k = k; self.result = result; self.correct = correct
        self.peak = peak; self.backend = backend; self.cycles = cycles ?? result.cycles; self.seconds = seconds
        self.lockstepSeconds = lockstepSeconds; self.mismatch = mismatch
    }

    public var macsPerCycle: Double { cycles == 0 ? 0 : Double(m * n * k) / Double(cycles) }
    public var percentOfPeak: Double { 100 * macsPerCycle / Double(peak) }
    /// Simulated GPU cycles per second of wall time.
    public var cyclesPerSecond: Double { seconds == 0 ? 0 : Double(cycles) / seconds }

    /// The one-line form for scripts (fixed format).
    public var line: String {
        "kernel: \(kernel.rawValue) m: \(m) n: \(n) k: \(k) cycles: \(cycles) macs_per_cycle: \(fmt(macsPerCycle, 3)) "
            + "pct_peak: \(fmt(percentOfPeak, 1)) ipc: \(fmt(result.ipc, 3)) transactions: \(result.transactions) "
            + "backend: \(backend.rawValue) seconds: \(fmt(seconds, 4)) cycles_per_s: \(Int(cyclesPerSecond.rounded())) lockstep_seconds: \(fmt(lockstepSeconds, 4))"
    }
}

public struct CPUBaseline: Sendable {
    public var int32Instructions: UInt64
    public var int8Instructions: UInt64
    /// mcycle around each GEMM on the SoC RTL (nil: run on the ISA model only, which does not time the CPU).
    public var int32Cycles: UInt64?
    public var int8Cycles: UInt64?
    /// Where the cycles were measured ("soc32 on verilator").
    public var cyclesOn: String?

    public init(int32Instructions: UInt64, int8Instructions: UInt64, int32Cycles: UInt64? = nil, int8Cycles: UInt64? = nil,
                cyclesOn: String? = nil) {
        self.int32Instructions = int32Instructions; self.int8Instructions = int8Instructions
        self.int32Cycles = int32Cycles; self.int8Cycles = int8Cycles; self.cyclesOn = cyclesOn
    }
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
            let p = GEMMProblem.random(m: m, n: n, k: k, int8: kernel.isInt8)
            let layout = try GEMMRunner.layout(kernel, p, image: image, ramBase: model.memory.base, ramSize: model.memory.size)
            for seg in image.segments { model.memory.write(seg.data, at: seg.physicalAddress) }
            for w in layout.writes { model.memory.write(w.bytes, at: w.address) }
            var r: GPUResult?
            let time = ContinuousClock().measure { r = model.run(layout.launch) }
            guard let r else { continue }
            let c = layout.c(from: model.memory.read(layout.cAddress, count: layout.cCount * 4) ?? [])
            rows.append(GEMMBenchRow(kernel: kernel, m: m, n: n, k: k, result: r,
                                     correct: r.error == nil && c == p.reference(int8: kernel.isInt8),
                                     peak: config.peakMACsPerCycle, seconds: time.seconds))
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
        var s = "GEMM on the GPU: \(config.units) units x \(config.warps) warps x \(config.lanes) lanes, "
            + "peak \(config.peakMACsPerCycle) int8 MACs/cycle\n"
        s += pad("kernel", 10) + pad("m x n x k", 12) + pad("backend", 10) + pad("cycles", 9) + pad("MACs/cyc", 9) + pad("% peak", 7)
            + pad("IPC", 6) + pad("transact.", 10) + pad("warp-instr", 11) + pad("wall s", 9) + pad("cycles/s", 11) + pad("lock-step s", 12) + "check\n"
        for r in rows {
            s += pad(r.kernel.rawValue, 10) + pad("\(r.m)x\(r.n)x\(r.k)", 12) + pad(r.backend.rawValue, 10) + pad("\(r.cycles)", 9)
                + pad(fmt(r.macsPerCycle, 3), 9) + pad(fmt(r.percentOfPeak, 1), 7) + pad(fmt(r.result.ipc, 3), 6)
                + pad("\(r.result.transactions)", 10) + pad("\(r.result.warpInstructions)", 11) + pad(fmt(r.seconds, 4), 9)
                + pad("\(Int(r.cyclesPerSecond.rounded()))", 11) + pad(r.backend == .model ? "-" : fmt(r.lockstepSeconds, 4), 12)
                + (r.correct ? "ok" : r.mismatch != nil ? "MISMATCH" : "WRONG \(r.result.error.map { "\($0)" } ?? "")") + "\n"
        }
        if let cpu {
            s += "CPU baseline (cpu_gemm.elf, rv32im): instructions retired (ISA model): int32 GEMM \(cpu.int32Instructions), "
                + "int8 GEMM \(cpu.int8Instructions)"
            if let c32 = cpu.int32Cycles, let c8 = cpu.int8Cycles, let on = cpu.cyclesOn {
                s += "; cycles (\(on)): int32 GEMM \(c32), int8 GEMM \(c8)"
            }
            s += "\n"
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
