import Cores
import GPU
import HDL
import ISA
import RTLSim
import Spec

// How an RTL GPU launch is compared with the model's, for both co-simulations (GPULockstep on the
// GPU harness, SoCRunner's `--cosim` on a GPU SoC): issue by issue (cycle, unit, warp, pc, lane mask),
// then the launch registers, then the RAM pages the model wrote; a difference is one message naming
// the field and both values, followed by the last 20 issues of each side.

public enum GPUComparison {
    /// The issue a trace port of the RTL shows this cycle, or nil when it is not valid.
    public static func issue(_ record: Valid<GPUTraceRecord>, in sim: Simulator) -> GPUIssue? {
        guard sim.peek(record.valid) & 1 == 1 else { return nil }
        let mask = sim.peek(record.bits.mask)
        return GPUIssue(cycle: sim.peek(record.bits.cycle), unit: Int(sim.peek(record.bits.unit)), warp: Int(sim.peek(record.bits.warp)),
                        pc: UInt32(truncatingIfNeeded: sim.peek(record.bits.pc)), mask: mask, active: mask.nonzeroBitCount)
    }

    /// The first field of the RTL's issue number `k` that differs from the model's issue `k`, as
    /// `at issue k: FIELD: RTL x, model y`.
    public static func difference(_ issue: GPUIssue, _ expected: [GPUIssue], at k: Int) -> String? {
        guard k < expected.count else { return "at issue \(k): issue: RTL \(issue), model none" }
        let m = expected[k]
        if issue.cycle == m.cycle && issue.unit == m.unit && issue.warp == m.warp && issue.pc == m.pc && issue.mask == m.mask { return nil }
        let fields: [(String, UInt64, UInt64, Bool)] = [("cycle", issue.cycle, m.cycle, false), ("unit", UInt64(issue.unit), UInt64(m.unit), false),
            ("warp", UInt64(issue.warp), UInt64(m.warp), false), ("pc", UInt64(issue.pc), UInt64(m.pc), true), ("mask", issue.mask, m.mask, true)]
        guard let (name, rtl, model, hex) = fields.first(where: { $0.1 != $0.2 }) else { return nil }
        let show = { (v: UInt64) in hex ? "0x" + String(v, radix: 16) : "\(v)" }
        return "at issue \(k): \(name): RTL \(show(rtl)), model \(show(model))"
    }

    /// The message for a launch that ended on the RTL after `count` issues when the model made more.
    public static func missing(after count: Int, _ expected: [GPUIssue]) -> String? {
        count < expected.count ? "at issue \(count): issue: RTL none, model \(expected[count])" : nil
    }

    /// The ABI's name of the launch register at `offset` (docs/MACHINE.md), as reports print it.
    public static func registerName(_ offset: UInt64) -> String {
        let names: [UInt64: String] = [GPULaunchRegisters.status: "STATUS", GPULaunchRegisters.errorCause: "ERROR_CAUSE",
                                       GPULaunchRegisters.errorPC: "ERROR_PC", GPULaunchRegisters.errorAddress: "ERROR_ADDR",
                                       GPULaunchRegisters.cycles: "CYCLES", GPULaunchRegisters.config: "CONFIG"]
        return names[offset & ~3] ?? String(format: "register +0x%llx", offset & ~3)
    }

    /// The first launch register that differs, as `after the launch: NAME: RTL 0x.., model 0x..`.
    public static func registers(_ fields: [(name: String, rtl: UInt32, model: UInt32)]) -> String? {
        fields.first { $0.rtl != $0.model }.map { "after the launch: \($0.name): RTL 0x\(String($0.rtl, radix: 16)), model 0x\(String($0.model, radix: 16))" }
    }

    /// The registers a finished launch leaves, as the model's `result` says: STATUS, ERROR_CAUSE, ERROR_PC,
    /// ERROR_ADDR and CYCLES, beside the RTL's values in that order.
    public static func registers(rtl: [UInt32], model result: GPUResult) -> String? {
        let error = result.error ?? GPUError(cause: 0, pc: 0, address: 0)
        let model = [GPUStatus.done | (result.error == nil ? 0 : GPUStatus.error), error.cause, error.pc, error.address,
                     UInt32(truncatingIfNeeded: result.cycles)]
        let names = [GPULaunchRegisters.status, GPULaunchRegisters.errorCause, GPULaunchRegisters.errorPC, GPULaunchRegisters.errorAddress,
                     GPULaunchRegisters.cycles].map(registerName)
        return registers(zip(zip(names, rtl), model).map { ($0.0, $0.1, $1) })
    }

    /// The first 32-bit word of the pages the model wrote (`result.writtenPages`) where the RTL's RAM
    /// (`rtl(page, bytes)`, nil if unreadable) differs from the model's memory.
    public static func memory(_ result: GPUResult, model memory: MainMemory, rtl: (UInt64, Int) -> [UInt8]?) -> String? {
        for page in result.writtenPages {
            let count = Int(min(4096, memory.size - (page - memory.base)))
            let want = memory.read(page, count: count) ?? []
            let got = rtl(page, count) ?? []
            for i in stride(from: 0, to: count, by: 4) {
                let word = { (b: [UInt8]) -> UInt32? in b.count >= i + 4 ? (0..<4).reduce(UInt32(0)) { $0 | UInt32(b[i + $1]) << (8 * UInt32($1)) } : nil }
                guard let expected = word(want), let actual = word(got), actual == expected else {
                    return String(format: "after the launch: RAM at 0x%llx: RTL 0x%x, model 0x%x", page + UInt64(i), word(got) ?? 0, word(want) ?? 0)
                }
            }
        }
        return nil
    }

    /// The mismatch report: `GPU co-simulation mismatch in launch N WHAT`, then the last 20 issues of the
    /// RTL and of the model (the model's up to `modelIssues`, by default as many as the RTL made).
    public static func report(launch: Int, _ what: String, rtl: [GPUIssue], model: [GPUIssue], modelIssues: Int? = nil) -> String {
        "GPU co-simulation mismatch in launch \(launch) \(what)\nlast issues of the RTL:\n"
            + rtl.suffix(20).map { "  \($0)\n" }.joined() + "last issues of the model:\n"
            + model.prefix(modelIssues ?? rtl.count).suffix(20).map { "  \($0)\n" }.joined()
    }
}
