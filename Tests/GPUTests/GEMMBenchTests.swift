// GEMMBenchTests: the core of `hdlgen bench gemm --backends model,verilator` at a small size: every
// kernel runs on the model and on the RTL under Verilator (in lock-step), the cycle columns agree,
// nothing fails, each `kernel:` line parses with its `backend:` field (wall times are not checked),
// and differing cycles or a lock-step mismatch are reported as failures.
import Foundation
import Spec
import ISA
import Bench
import GPU
import Testing
import TestSupport

@Suite struct GEMMBenchTests {
    @Test func modelAndVerilatorAgreeAndLinesParse() throws {
        guard let image = try kernelImage(), requireTools("verilator") else { return }
        let sizes = [GEMMSize(m: 16, n: 24, k: 20), GEMMSize(m: 5, n: 7, k: 9)]
        let suite = GEMMBenchSuite(config: GPUConfig(), image: image, sizes: sizes, backends: [.model, .verilator])
        let report = try suite.run()
        #expect(report.failures.isEmpty, "\(report.failures)")
        #expect(report.rows.count == 2 * sizes.count * GEMMKernel.allCases.count)
        let pattern = #"^kernel: ([a-z0-9]+) m: (\d+) n: (\d+) k: (\d+) cycles: (\d+) macs_per_cycle: \d+\.\d{3} pct_peak: \d+\.\d "#
            + #"ipc: \d+\.\d{3} transactions: \d+ backend: (model|verilator) seconds: \d+\.\d{4} cycles_per_s: \d+ lockstep_seconds: \d+\.\d{4}$"#
        let regex = try NSRegularExpression(pattern: pattern)
        var cycles: [String: [String: String]] = [:]     // "kernel mxnxk" -> backend -> cycles
        for line in report.text.split(separator: "\n").map(String.init) where line.hasPrefix("kernel: ") {
            let match = try #require(regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)), "\(line)")
            let field = { (i: Int) in String(line[Range(match.range(at: i), in: line)!]) }
            cycles["\(field(1)) \(field(2))x\(field(3))x\(field(4))", default: [:]][field(6)] = field(5)
        }
        #expect(cycles.count == sizes.count * GEMMKernel.allCases.count)
        for (run, byBackend) in cycles {
            #expect(byBackend.count == 2 && byBackend["model"] == byBackend["verilator"], "\(run): \(byBackend)")
        }
        for r in report.rows where r.backend == .verilator {
            #expect(r.correct && r.mismatch == nil && r.cycles == r.result.cycles && r.cycles > 0)
        }
        #expect(report.targets.contains { $0.hasPrefix("target: dp4a >= 50% of peak at 16x24x20: model ") })

        // What makes the command exit 1: a backend's cycles differing, a lock-step mismatch (its report shown).
        let i = try #require(report.rows.firstIndex { $0.backend == .verilator && $0.kernel == .tiled && $0.m == 5 })
        var differing = report
        differing.rows[i].cycles += 1
        #expect(differing.failures == ["tiled at 5x7x9: cycles differ: model \(report.rows[i].cycles), verilator \(report.rows[i].cycles + 1)"])
        var mismatched = report
        mismatched.rows[i].correct = false
        mismatched.rows[i].mismatch = "GPU co-simulation mismatch in launch 6 at issue 3: pc: RTL 0x80000010, model 0x8000000c"
        #expect(mismatched.failures == ["tiled at 5x7x9 on verilator: GPU co-simulation mismatch in launch 6 at issue 3: pc: RTL 0x80000010, model 0x8000000c"])
    }
}
