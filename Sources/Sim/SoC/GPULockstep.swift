import Cores
import Foundation
import GPU
import HDL
import ISA
import RTLSim
import Spec

/// Runs GPU launches on the GPU harness (Cores' `GPUHarness`, in either simulator) and on the GPU
/// model over a mirror of the harness's RAM, and compares them issue by issue (cycle, unit, warp,
/// pc, lane mask), then STATUS, ERROR_CAUSE/PC/ADDR and CYCLES, then the RAM pages the model wrote.
/// At the first difference it reports the field, both values and the last 20 issues of each side
/// (docs/GPU.md, co-simulation). Callers may write the model's RAM directly: each launch first
/// uploads the 4 KiB pages that changed since the last one.
public final class GPULockstep {
    /// One launch, run on both sides.
    public struct Run: Sendable {
        /// The model's result, with its whole issue timeline.
        public var model: GPUResult
        /// The RTL's trace records, and its registers after the launch.
        public var trace: [GPUIssue] = []
        public var status: UInt32 = 0
        /// ERROR_CAUSE, ERROR_PC and ERROR_ADDR when STATUS has the error bit.
        public var error: GPUError?
        public var cycles: UInt32 = 0
        /// STATUS read in the cycle after the CONTROL write (busy, unless the launch was bad).
        public var statusAtStart: UInt32 = 0
        /// The first difference, reported as described above; nil when both sides agree.
        public var mismatch: String?
        /// Wall time of the model's side of the launch (the rest of `run` is the RTL's and the compare).
        public var modelTime: Duration = .zero
    }

    public let harness: GPUHarness
    public let sim: Simulator
    public let ports: GPUHarness.IO
    public let model: GPUModel
    /// Launches run so far.
    public private(set) var launches = 0
    /// The harness's RAM as this side last uploaded or compared it: `sync` uploads the pages where
    /// the model's RAM differs, so callers may write the model's RAM directly between launches.
    private var mirror: [UInt8]

    /// Elaborates `harness` and simulates it with `backend` (e.g. `{ try SwiftSimulator(design: $0) }`).
    public init(_ harness: GPUHarness, backend: (Design) throws -> Simulator) throws {
        let elaborated = try Elaborator.elaborateWithPorts(harness)
        self.harness = harness
        sim = try backend(elaborated.design)
        ports = elaborated.ports
        model = GPUModel(config: harness.config, memory: MainMemory(base: MemoryMap.ramBase, size: UInt64(harness.ramBytes)))
        model.traceCycles = .max
        mirror = [UInt8](repeating: 0, count: harness.ramBytes)
        sim.reset()
    }

    /// Uploads every 4 KiB page of the model's RAM that differs from what the harness holds.
    public func sync() throws {
        let ram = model.memory.bytes, size = mirror.count
        try mirror.withUnsafeMutableBytes { held in
            for page in stride(from: 0, to: size, by: 4096) {
                let n = min(4096, size - page)
                guard memcmp(ram + page, held.baseAddress! + page, n) != 0 else { continue }
                let words = (0..<n / 4).map { UInt64(ram.loadUnaligned(fromByteOffset: page + 4 * $0, as: UInt32.self).littleEndian) }
                try sim.loadMemory(SoC.ramName, at: page / 4, words: words)
                memcpy(held.baseAddress! + page, ram + page, n)
            }
        }
    }

    /// Writes `bytes` at `address` into both RAMs.
    public func load(_ bytes: [UInt8], at address: UInt64) throws {
        guard model.memory.write(bytes, at: address) else {
            throw SimulationError(String(format: "%d bytes at 0x%llx do not fit in the harness's RAM", bytes.count, address))
        }
        try sync()
    }

    /// Runs `launch` on the model, then on the RTL through the launch registers, comparing as it goes.
    public func run(_ launch: GPULaunch) -> Run {
        launches += 1
        let uploaded = Result { try sync() }
        let clock = ContinuousClock(), started = clock.now
        var run = Run(model: model.run(launch))
        run.modelTime = clock.now - started
        if case .failure(let error) = uploaded { run.mismatch = "GPU co-simulation: the RAM upload failed: \(error)" }
        let expected = run.model.timeline
        start(launch)
        run.statusAtStart = read(GPULaunchRegisters.status)

        // Issue by issue until done. A launch ends at the cycle limit, so the budget only bounds a broken RTL.
        let watched = ports.trace.map(\.valid) + [ports.done]
        let budget = Int(model.config.maxCycles) + 1000
        var stepped = 0
        while run.mismatch == nil && sim.peek(ports.done) == 0 {
            for record in ports.trace where sim.peek(record.valid) == 1 && run.mismatch == nil {
                let issue = GPUIssue(cycle: sim.peek(record.bits.cycle), unit: Int(sim.peek(record.bits.unit)),
                                     warp: Int(sim.peek(record.bits.warp)), pc: UInt32(sim.peek(record.bits.pc)),
                                     mask: sim.peek(record.bits.mask), active: sim.peek(record.bits.mask).nonzeroBitCount)
                run.trace.append(issue)
                if let what = difference(issue, expected, at: run.trace.count - 1) { run.mismatch = report(what, run) }
            }
            guard run.mismatch == nil, stepped < budget else { break }
            stepped += sim.step(budget - stepped, untilAnyOf: watched)
        }
        if run.mismatch == nil && sim.peek(ports.done) == 0 {
            run.mismatch = report("after \(stepped) cycles: no done", run)
        }
        while sim.peek(ports.done) == 0 && stepped < budget {         // after a mismatch: end the launch anyway
            stepped += sim.step(budget - stepped, untilAnyOf: [ports.done])
        }
        if run.mismatch == nil && run.trace.count < expected.count {
            run.mismatch = report("at issue \(run.trace.count): issue: RTL none, model \(expected[run.trace.count])", run, modelIssues: run.trace.count + 1)
        }
        run.status = read(GPULaunchRegisters.status)
        let reported = GPUError(cause: read(GPULaunchRegisters.errorCause), pc: read(GPULaunchRegisters.errorPC),
                                 address: read(GPULaunchRegisters.errorAddress))
        run.error = run.status & GPUStatus.error != 0 ? reported : nil
        run.cycles = read(GPULaunchRegisters.cycles)
        let error = run.model.error ?? GPUError(cause: 0, pc: 0, address: 0)
        let fields: [(String, UInt32, UInt32)] = [
            ("STATUS", run.status, GPUStatus.done | (run.model.error == nil ? 0 : GPUStatus.error)),
            ("ERROR_CAUSE", reported.cause, error.cause), ("ERROR_PC", reported.pc, error.pc),
            ("ERROR_ADDR", reported.address, error.address), ("CYCLES", run.cycles, UInt32(truncatingIfNeeded: run.model.cycles))]
        for (name, rtl, model) in fields where run.mismatch == nil && rtl != model {
            run.mismatch = report("after the launch: \(name): RTL 0x\(String(rtl, radix: 16)), model 0x\(String(model, radix: 16))", run)
        }
        // RAM: every page the model wrote.
        for page in run.model.writtenPages where run.mismatch == nil {
            let count = min(1024, Int(model.memory.size - (page - model.memory.base)) / 4)
            let rtl = (try? sim.readMemory(SoC.ramName, at: Int((page - model.memory.base) / 4), count: count)) ?? []
            let bytes = model.memory.read(page, count: count * 4) ?? []
            for i in 0..<count where run.mismatch == nil {
                let expected = (0..<4).reduce(UInt64(0)) { $0 | UInt64(bytes[4 * i + $1]) << (8 * UInt64($1)) }
                if i >= rtl.count || rtl[i] != expected {
                    run.mismatch = report(String(format: "after the launch: RAM at 0x%llx: RTL 0x%llx, model 0x%llx", page + UInt64(4 * i),
                                                 i < rtl.count ? rtl[i] : 0, expected), run)
                }
            }
            if run.mismatch == nil { mirror.replaceSubrange(Int(page - model.memory.base)..<Int(page - model.memory.base) + count * 4, with: bytes) }
        }
        return run
    }

    /// The first word where the harness's whole RAM differs from the model's, as a message (nil: equal).
    /// `run` compares only the pages the model wrote; this also catches stray RTL writes.
    public func compareAllMemory() -> String? {
        let count = mirror.count / 4
        guard let rtl = try? sim.readMemory(SoC.ramName, at: 0, count: count), rtl.count == count else { return "the harness's RAM could not be read" }
        let ram = model.memory.bytes
        for i in 0..<count where rtl[i] != UInt64(ram.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self).littleEndian) {
            return String(format: "RAM at 0x%llx: RTL 0x%llx, model 0x%x", model.memory.base + UInt64(4 * i), rtl[i],
                          ram.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self).littleEndian)
        }
        return nil
    }

    /// Starts `launch` on the RTL alone: its launch registers, then CONTROL (the model does not run).
    public func start(_ launch: GPULaunch) {
        let registers: [(UInt64, UInt32)] = [(GPULaunchRegisters.entry, launch.entry), (GPULaunchRegisters.arg, launch.arg),
            (GPULaunchRegisters.gridX, launch.gridX), (GPULaunchRegisters.gridY, launch.gridY), (GPULaunchRegisters.blockX, launch.blockX),
            (GPULaunchRegisters.blockY, launch.blockY), (GPULaunchRegisters.stackBase, launch.stackBase),
            (GPULaunchRegisters.stackSize, launch.stackSize), (GPULaunchRegisters.control, 1)]
        for (offset, value) in registers { write(offset, value) }
    }

    /// The first field of the RTL's issue number `k` that differs from the model's, as a message.
    func difference(_ issue: GPUIssue, _ expected: [GPUIssue], at k: Int) -> String? {
        guard k < expected.count else { return "at issue \(k): issue: RTL \(issue), model none" }
        let m = expected[k]
        if issue.cycle == m.cycle && issue.unit == m.unit && issue.warp == m.warp && issue.pc == m.pc && issue.mask == m.mask { return nil }
        let fields: [(String, UInt64, UInt64, Bool)] = [("cycle", issue.cycle, m.cycle, false), ("unit", UInt64(issue.unit), UInt64(m.unit), false),
            ("warp", UInt64(issue.warp), UInt64(m.warp), false), ("pc", UInt64(issue.pc), UInt64(m.pc), true), ("mask", issue.mask, m.mask, true)]
        guard let (name, rtl, model, hex) = fields.first(where: { $0.1 != $0.2 }) else { return nil }
        let show = { (v: UInt64) in hex ? "0x" + String(v, radix: 16) : "\(v)" }
        return "at issue \(k): \(name): RTL \(show(rtl)), model \(show(model))"
    }

    /// The mismatch message: what differs, then the last 20 issues of each side (the model's up to
    /// `modelIssues`, by default as many as the RTL made).
    func report(_ what: String, _ run: Run, modelIssues: Int? = nil) -> String {
        let model = run.model.timeline.prefix(modelIssues ?? run.trace.count).suffix(20)
        return "GPU co-simulation mismatch in launch \(launches) \(what)\nlast issues of the RTL:\n"
            + run.trace.suffix(20).map { "  \($0)\n" }.joined() + "last issues of the model:\n" + model.map { "  \($0)\n" }.joined()
    }

    /// A 32-bit store to the launch register at `offset` (one clock edge).
    public func write(_ offset: UInt64, _ value: UInt32) {
        for (pin, v) in [(ports.bus.select, UInt64(1)), (ports.bus.write, 1), (ports.bus.offset, offset), (ports.bus.writeData, UInt64(value)),
                         (ports.bus.mask, 0xF)] { sim.poke(pin, v) }
        sim.step()
        sim.poke(ports.bus.select, 0)
        sim.poke(ports.bus.write, 0)
    }

    /// The launch register at `offset` (read data is combinational: no clock edge).
    public func read(_ offset: UInt64) -> UInt32 {
        sim.poke(ports.bus.select, 1)
        sim.poke(ports.bus.offset, offset)
        let value = UInt32(truncatingIfNeeded: sim.peek(ports.bus.readData))
        sim.poke(ports.bus.select, 0)
        return value
    }
}
