// MachineTests: the GPU as a device of the ISA model's bare-metal machine: an RV32 and an RV64 host
// program launches a kernel through the launch registers and polls STATUS; and on the CPU the
// custom-0 instructions and CSRs 0xCC0-0xCCA are illegal instructions.
import ISA
import GPU
import Testing

@Suite struct MachineTests {
    @Test(arguments: [32, 64])
    func hostLaunchesKernel(xlen: Int) throws {
        let machine = Machine(xlen: xlen, console: BufferSink())
        let gpu = machine.attachGPU(GPUConfig(units: 1, warps: 2, lanes: 4))
        let kernel: UInt64 = 0x8000_1000, out: Int64 = 0x8010_0000
        // Kernel: out[tid] = tid * 2 + 1.
        machine.memory.write(try Program(xlen: 32, origin: kernel) {
            csrr(.t0, .gpuTidX); slli(.t1, .t0, 1); addi(.t1, .t1, 1)
            slli(.t0, .t0, 2); add(.t0, .t0, .a0); sw(.t1, 0, .t0); gpu_exit()
        }.assembleBytes(), at: kernel)
        // Host: write the launch registers, start, poll until not busy, store STATUS and CYCLES, finish.
        machine.memory.write(try Program(xlen: xlen, origin: 0x8000_0000) {
            li(.s0, 0x1003_0000)
            li(.t0, Int64(kernel)); sw(.t0, 0x00, .s0)
            li(.t0, out); sw(.t0, 0x04, .s0)
            li(.t0, 1); sw(.t0, 0x08, .s0); sw(.t0, 0x0C, .s0); sw(.t0, 0x14, .s0)
            li(.t0, 8); sw(.t0, 0x10, .s0)
            li(.t0, 1); sw(.t0, 0x20, .s0)
            Label("poll"); lw(.t1, 0x24, .s0); andi(.t2, .t1, 1); bne(.t2, .zero, "poll")
            li(.t3, out + 0x100); sw(.t1, 0, .t3); lw(.t2, 0x34, .s0); sw(.t2, 4, .t3); lw(.t2, 0x38, .s0); sw(.t2, 8, .t3)
            li(.t0, 0x10_0000); li(.t1, 0x5555); sw(.t1, 0, .t0)
            Label("hang"); j("hang")
        }.assembleBytes(), at: 0x8000_0000)
        let stop = machine.run(maxInstructions: 10_000)
        #expect(stop == .exited(0))
        let v = machine.readMemory(UInt64(out), count: 0x10C)!
        func word(_ o: Int) -> UInt32 {
            var x: UInt32 = 0
            for i in 0..<4 { x |= UInt32(v[o + i]) << UInt32(8 * i) }
            return x
        }
        let results: [UInt32] = (0..<8).map { word(4 * $0) }
        let expected: [UInt32] = (0..<8).map { UInt32($0 * 2 + 1) }
        #expect(results == expected)
        let status = word(0x100), cycles = word(0x104), config = word(0x108)
        let modelCycles = UInt32(gpu.results.last?.cycles ?? 0)
        #expect(status == 2)                               // done, no error
        #expect(cycles == modelCycles)
        #expect(config == 0x04_02_01)
    }

    @Test func gpuOpsAreIllegalOnTheCPU() throws {
        for (xlen, stmt) in [(32, gpu_dp4a(.a0, .a1, .a2)), (32, gpu_bar()), (64, gpu_exit()),
                             (32, csrr(.a0, .gpuTidX)), (64, csrr(.a0, .gpuUnit))] {
            let machine = Machine(xlen: xlen, console: BufferSink())
            machine.attachGPU()
            machine.memory.write(try Program(xlen: xlen, origin: 0x8000_0000) { stmt }.assembleBytes(), at: 0x8000_0000)
            let r = try #require(machine.step())
            #expect(r.trap?.cause == 2)
        }
    }
}
