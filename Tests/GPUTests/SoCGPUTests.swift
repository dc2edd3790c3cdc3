// SoCGPUTests: the GPU inside soc32/soc64 (step 7 of the RTL plan). A host program on the RTL CPU
// launches a kernel through the launch registers and polls STATUS, on both simulators; it must see
// busy at least once, then done, the CYCLES of the ISA model with the GPU model attached, and the
// kernel's stores, in co-simulation with the ISA and GPU models. The SoC built without a GPU faults at
// the GPU's window, as the ISA model without one.
import Cores
import Foundation
import GPU
import HDL
import ISA
import RTLSim
import SoCSim
import Spec
import Testing
import TestSupport

@Suite struct SoCGPUTests {
    static let kernel: UInt64 = 0x8000_1000, out: UInt64 = 0x8000_8000
    /// Where the host stores STATUS, CYCLES, CONFIG and its count of busy polls.
    static let report = out + 0x100

    /// The kernel, out[tid] = tid * 2 + 1 on 16 threads (two warps), and the host program that
    /// launches it, polls STATUS counting the polls that saw busy, stores what it read and ends.
    static func programs(xlen: Int) throws -> [(bytes: [UInt8], at: UInt64)] {
        let kernel = Program(xlen: 32, origin: kernel) {
            csrr(.t0, .gpuTidX); slli(.t1, .t0, 1); addi(.t1, .t1, 1)
            slli(.t0, .t0, 2); add(.t0, .t0, .a0); sw(.t1, 0, .t0); gpu_exit()
        }
        let r = GPULaunchRegisters.self
        let host = Program(xlen: xlen, origin: MemoryMap.ramBase) {
            li(.s0, Int64(MemoryMap.gpu.base))
            li(.t0, Int64(Self.kernel)); sw(.t0, Int64(r.entry), .s0)
            li(.t0, Int64(out)); sw(.t0, Int64(r.arg), .s0)
            li(.t0, 1); sw(.t0, Int64(r.gridX), .s0); sw(.t0, Int64(r.gridY), .s0); sw(.t0, Int64(r.blockY), .s0)
            li(.t0, 16); sw(.t0, Int64(r.blockX), .s0)
            li(.s1, 0)
            li(.t0, 1); sw(.t0, Int64(r.control), .s0)
            Label("poll"); lw(.t1, Int64(r.status), .s0); andi(.t2, .t1, 1); add(.s1, .s1, .t2); bne(.t2, .zero, "poll")
            li(.t3, Int64(report)); sw(.t1, 0, .t3); lw(.t2, Int64(r.cycles), .s0); sw(.t2, 4, .t3)
            lw(.t2, Int64(r.config), .s0); sw(.t2, 8, .t3); sw(.s1, 12, .t3)
            li(.t0, Int64(MemoryMap.testFinisher.base)); li(.t1, Int64(TestFinisherCodes.pass)); sw(.t1, 0, .t0)
            Label("hang"); j("hang")
        }
        return [(try kernel.assembleBytes(), Self.kernel), (try host.assembleBytes(), MemoryMap.ramBase)]
    }

    /// The SoC of `xlen` (as `hdlgen sim` builds it) on `backend`; nil when Verilator is missing (outside CI).
    static func runner(xlen: Int, gpu: Bool = true, _ backend: Backend) throws -> SoCRunner? {
        let soc = try SoCDesign(SoC(xlen: xlen, gpu: gpu ? GPUConfig() : nil), name: Designs.socName(xlen: xlen, gpu: gpu))
        switch backend {
        case .swift: return SoCRunner(simulator: try SwiftSimulator(design: soc.design), soc: soc)
        case .verilator: return requireTools("verilator") ? SoCRunner(simulator: try VerilatorSimulator(design: soc.design), soc: soc) : nil
        }
    }

    static func word(_ bytes: [UInt8], _ offset: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) } }

    @Test(arguments: [32, 64], Backend.allCases) func hostLaunchesKernelOnTheRTL(xlen: Int, backend: Backend) throws {
        guard let runner = try Self.runner(xlen: xlen, backend) else { return }
        runner.output = { _ in }
        let cosimulation = Machine(xlen: xlen, console: BufferSink())     // the ISA and GPU models in lock-step
        for (bytes, at) in try Self.programs(xlen: xlen) {
            try runner.writeRAM(bytes, at: at)
            cosimulation.memory.write(bytes, at: at)
        }
        runner.enableCosimulation(cosimulation)
        #expect(runner.run(maxCycles: 20_000) == .exited(0))
        let rtl = try runner.readRAM(Self.out, count: 0x110)

        let machine = Machine(xlen: xlen, console: BufferSink())
        let gpu = machine.attachGPU(GPUConfig())
        for (bytes, at) in try Self.programs(xlen: xlen) { machine.memory.write(bytes, at: at) }
        #expect(machine.run(maxInstructions: 10_000) == .exited(0))
        let model = try #require(machine.readMemory(Self.out, count: 0x110))

        let results: [UInt32] = (0..<16).map { Self.word(rtl, 4 * $0) }
        let expected: [UInt32] = (0..<16).map { UInt32($0 * 2 + 1) }
        #expect(results == expected)            // the CPU sees the GPU's stores
        #expect(Array(rtl[0..<64]) == Array(model[0..<64]))
        let status = Self.word(rtl, 0x100), cycles = Self.word(rtl, 0x104), config = Self.word(rtl, 0x108), busyPolls = Self.word(rtl, 0x10C)
        #expect(status == GPUStatus.done)
        let modelCycles = gpu.results.last?.cycles ?? 0
        #expect(cycles == Self.word(model, 0x104))
        #expect(UInt64(cycles) == modelCycles && cycles > 0)
        #expect(config == GPUConfig().configRegister)
        #expect(busyPolls >= 1)                             // busy is observable on the RTL (never on the model)
        #expect(Self.word(model, 0x10C) == 0)
    }

    /// A load from STATUS: on the SoC without a GPU (and the ISA model without one) a load access
    /// fault, whose cause the trap handler returns as the exit code; with the GPU it reads 0 and passes.
    @Test(arguments: [32, 64]) func socWithoutGPUFaultsAtItsWindow(xlen: Int) throws {
        let program = try Program(xlen: xlen, origin: MemoryMap.ramBase) {
            la(.t0, "trap"); csrw(.mtvec, .t0)
            li(.s0, Int64(MemoryMap.gpu.base)); lw(.t1, Int64(GPULaunchRegisters.status), .s0)
            li(.a0, Int64(TestFinisherCodes.pass)); j("finish")
            Label("trap"); csrr(.a0, .mcause); slli(.a0, .a0, 16); li(.t1, Int64(TestFinisherCodes.fail)); or(.a0, .a0, .t1)
            Label("finish"); li(.t0, Int64(MemoryMap.testFinisher.base)); sw(.a0, 0, .t0)
            Label("hang"); j("hang")
        }.assembleBytes()
        let loadAccessFault = Int32(ExceptionCause.loadAccessFault.rawValue)
        for gpu in [false, true] {
            let runner = try #require(try Self.runner(xlen: xlen, gpu: gpu, .swift))
            try runner.writeRAM(program, at: MemoryMap.ramBase)
            let machine = Machine(xlen: xlen, console: BufferSink())
            if gpu { machine.attachGPU() }
            machine.memory.write(program, at: MemoryMap.ramBase)
            let expected: Int32 = gpu ? 0 : loadAccessFault
            #expect(runner.run(maxCycles: 1000) == .exited(expected), "gpu: \(gpu)")
            #expect(machine.run(maxInstructions: 1000) == .exited(expected), "gpu: \(gpu)")
        }
    }
}
