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

        // Issue by issue until done. The RTL must end when the model did (plus the port's draining), so
        // a broken RTL is stopped soon after the model's CYCLES, however high the cycle limit.
        let watched = ports.trace.map(\.valid) + [ports.done]
        let budget = Int(min(run.model.cycles, model.config.maxCycles)) + 1000
        var stepped = 0
        while run.mismatch == nil && sim.peek(ports.done) == 0 {
            for record in ports.trace where run.mismatch == nil {
                guard let issue = GPUComparison.issue(record, in: sim) else { continue }
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
        if run.mismatch == nil, let what = GPUComparison.missing(after: run.trace.count, expected) {
            run.mismatch = report(what, run, modelIssues: run.trace.count + 1)
        }
        run.status = read(GPULaunchRegisters.status)
        let reported = GPUError(cause: read(GPULaunchRegisters.errorCause), pc: read(GPULaunchRegisters.errorPC),
                                 address: read(GPULaunchRegisters.errorAddress))
        run.error = run.status & GPUStatus.error != 0 ? reported : nil
        run.cycles = read(GPULaunchRegisters.cycles)
        if run.mismatch == nil, let what = GPUComparison.registers(rtl: [run.status, reported.cause, reported.pc, reported.address, run.cycles],
                                                                   model: run.model) {
            run.mismatch = report(what, run)
        }
        // RAM: every page the model wrote (the harness's RAM words are 32 bits).
        if run.mismatch == nil, let what = GPUComparison.memory(run.model, model: model.memory, rtl: { page, count in
            (try? sim.readMemory(SoC.ramName, at: Int((page - MemoryMap.ramBase) / 4), count: count / 4))?
                .flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> (8 * $0)) } }
        }) {
            run.mismatch = report(what, run)
        } else if run.mismatch == nil {
            for page in run.model.writtenPages {
                let offset = Int(page - model.memory.base), count = min(4096, mirror.count - offset)
                mirror.replaceSubrange(offset..<offset + count, with: model.memory.read(page, count: count) ?? [])
            }
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

    func difference(_ issue: GPUIssue, _ expected: [GPUIssue], at k: Int) -> String? { GPUComparison.difference(issue, expected, at: k) }

    /// The mismatch message (see `GPUComparison.report`).
    func report(_ what: String, _ run: Run, modelIssues: Int? = nil) -> String {
        GPUComparison.report(launch: launches, what, rtl: run.trace, model: run.model.timeline, modelIssues: modelIssues)
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
