import Cores
import GPU
import RTLSim
import Spec

// GPUCosimulation: the GPU's part of `hdlgen sim --cosim` on a GPU SoC. The ISA model's machine has
// the GPU model attached, recording whole-launch timelines; it runs launch i when the CPU's CONTROL
// store retires, a cycle or two after the RTL GPU started it. The RTL's trace records (SoC.IO.gpuTrace)
// of launch i are buffered and compared in order with the model's timeline as soon as the model has
// run it, and at the RTL's gpuDone the RAM pages the model wrote (GPUComparison). The launch registers
// are compared where the CPU reads them (SoCRunner.compare); while the RTL's launch runs, their
// values are timing and come from the RTL.

final class GPUCosimulation {
    let device: GPUDevice
    let ports: SoC.IO
    /// The launch the RTL runs or last ran (from 0), its trace records, how many of them were
    /// compared, and whether its done came.
    private(set) var launch = 0
    private(set) var records: [GPUIssue] = []
    private var compared = 0
    private var ended = false
    /// The last finished launch's records, for a report about its registers.
    private var previous: [GPUIssue] = []

    init(device: GPUDevice, ports: SoC.IO) {
        self.device = device
        self.ports = ports
        device.model.traceCycles = .max
    }

    /// The RTL's GPU runs a launch that the model has already run (its register values are timing).
    var running: Bool { launch < device.results.count && !ended }

    /// Takes this cycle's trace records and done from the RTL.
    func observe(_ sim: Simulator) {
        records += ports.gpuTrace.compactMap { GPUComparison.issue($0, in: sim) }
        if sim.peek(ports.gpuDone) & 1 == 1 { ended = true }
    }

    /// Compares what both sides have done of the current launch; at its end, the RAM the model wrote
    /// (`ram(address, count)` reads the RTL's). Returns the mismatch report, or nil.
    func check(ram: (UInt64, Int) -> [UInt8]?) -> String? {
        guard launch < device.results.count else { return nil }        // the model has not run it yet
        let result = device.results[launch]
        for k in compared..<records.count {
            if let what = GPUComparison.difference(records[k], result.timeline, at: k) { return report(what) }
        }
        compared = records.count
        guard ended else { return nil }
        if let what = GPUComparison.missing(after: records.count, result.timeline) { return report(what, modelIssues: records.count + 1) }
        if let what = GPUComparison.memory(result, model: device.model.memory, rtl: ram) { return report(what) }
        (launch, previous, records, compared, ended) = (launch + 1, records, [], 0, false)
        return nil
    }

    /// A load of the launch register at `offset` read `rtl` on the RTL and `model` on the model (both
    /// as loaded). Nil if they agree, or if the RTL's launch is still running (the value is timing; so is
    /// a STATUS that reads busy: the load may have read it in the cycle before done).
    func checkRegister(offset: UInt64, rtl: UInt64, model: UInt64) -> String? {
        guard !running, !(offset & ~3 == GPULaunchRegisters.status && UInt32(truncatingIfNeeded: rtl) & GPUStatus.busy != 0) else { return nil }
        let name = GPUComparison.registerName(offset)
        guard let what = GPUComparison.registers([(name, UInt32(truncatingIfNeeded: rtl), UInt32(truncatingIfNeeded: model))]) else { return nil }
        let timeline = launch > 0 ? device.results[launch - 1].timeline : []
        return GPUComparison.report(launch: launch, what, rtl: previous, model: timeline, modelIssues: timeline.count)
    }

    func report(_ what: String, modelIssues: Int? = nil) -> String {
        GPUComparison.report(launch: launch + 1, what, rtl: records, model: device.results[launch].timeline, modelIssues: modelIssues)
    }
}
