// ErrorTests: every ABI error stops the launch with the right cause, pc and address (through the
// model and through the launch registers), and a runaway kernel ends at the cycle limit; on the
// model, and on the RTL in lock-step with it (Swift simulator, and Verilator for the default
// configuration: the cycle-limit cases have their own limit, so the Swift simulator only).
import ISA
import Cores
import GPU
import Testing

@Suite struct ErrorTests {
    @Test(arguments: GPUBackend.all) func badLaunch(_ backend: GPUBackend) throws {
        guard let gpu = try makeGPU(backend) else { return }
        for (gx, gy, bx, by) in [(UInt32(1), UInt32(1), UInt32(33), UInt32(1)), (1, 1, 11, 3), (0, 1, 1, 1), (1, 0, 1, 1),
                                 (1, 1, 0, 1), (1, 1, 1, 0), (0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF, 0xFFFF)] {
            let r = gpu.run(GPULaunch(entry: codeAddress, grid: (gx, gy), block: (bx, by)))
            #expect(r.error == GPUError(cause: 24, pc: 0, address: 0))
            #expect(r.cycles == 0)
        }
    }

    /// Thread 5 of block 1 (of 2) runs `bad`; the others exit first or run harmless code.
    func faulting(_ gpu: TestGPU, _ bad: AsmStatement, arg: UInt32 = 0x8010_0000) throws -> (GPUResult, UInt64) {
        let model = gpu.model
        let labels = try load(Program(xlen: 32, origin: UInt64(codeAddress)) {
            csrr(.t0, .gpuTidX); li(.t1, 5); bne(.t0, .t1, "out")
            csrr(.t0, .gpuBidX); beq(.t0, .zero, "out")
            Label("bad"); bad
            Label("out"); gpu_exit()
        }, into: model)
        return (gpu.run(GPULaunch(entry: codeAddress, arg: arg, grid: (2, 1), block: (8, 1))), labels["bad"]!)
    }

    @Test(arguments: GPUBackend.all) func illegalInstructions(_ backend: GPUBackend) throws {
        guard let gpu = try makeGPU(backend) else { return }
        for (stmt, bits) in [(ecall(), UInt32(0x73)), (word(0x0010_0073), 0x0010_0073),
                             (csrw(.gpuTidX, .a0), 0xCC05_1073), (csrr(.a0, .mstatus), 0x3000_2573),
                             (csrr(.a0, 0xC00), 0xC000_2573), (word(0x0000_300B), 0x0000_300B),
                             (word(0x0200_000B), 0x0200_000B), (word(0x3020_0073), 0x3020_0073),
                             (word(0x1050_0073), 0x1050_0073), (word(0), 0)] {
            let (r, pc) = try faulting(gpu, stmt)
            #expect(r.error == GPUError(cause: 2, pc: UInt32(pc), address: bits), "\(bits)")
        }
    }

    @Test(arguments: GPUBackend.all) func memoryFaults(_ backend: GPUBackend) throws {
        guard let gpu = try makeGPU(backend) else { return }
        let cases: [(AsmStatement, UInt32, UInt32)] = [
            (lw(.t0, 2, .a0), 4, 0x8010_0002),
            (lh(.t0, 1, .a0), 4, 0x8010_0001),
            (sw(.t0, 1, .a0), 6, 0x8010_0001),
            (lw(.t0, 0, .zero), 5, 0),
            (sw(.t0, 0x7FC, .zero), 7, 0x7FC),
            (lw(.t0, 0, .sp), 5, 0),                          // sp = 0 + (g+1) * 0 = 0
        ]
        for (stmt, cause, addr) in cases {
            let (r, pc) = try faulting(gpu, stmt)
            #expect(r.error == GPUError(cause: cause, pc: UInt32(pc), address: addr))
        }
        // Shared memory ends at 0x7000_4000; RAM ends at 0x8100_0000 (16 MiB).
        let (r1, pc1) = try faulting(gpu, lw(.t0, 0, .a0), arg: 0x7000_4000)
        #expect(r1.error == GPUError(cause: 5, pc: UInt32(pc1), address: 0x7000_4000))
        let (r2, pc2) = try faulting(gpu, sw(.t0, -4, .a0), arg: 0x7000_0000)
        #expect(r2.error == GPUError(cause: 7, pc: UInt32(pc2), address: 0x6FFF_FFFC))
        let (r3, pc3) = try faulting(gpu, sb(.t0, 0, .a0), arg: 0x8100_0000)
        #expect(r3.error == GPUError(cause: 7, pc: UInt32(pc3), address: 0x8100_0000))
        let (r3b, _) = try faulting(gpu, lbu(.t0, -1, .a0), arg: 0x8100_0000)
        #expect(r3b.error == nil)
        let (r4, _) = try faulting(gpu, lw(.t0, 0, .a0), arg: 0x7000_3FFC)
        #expect(r4.error == nil)
        // Fetch outside RAM, and a misaligned jump target.
        let (r5, _) = try faulting(gpu, jalr(.zero, 0, .zero))
        #expect(r5.error == GPUError(cause: 1, pc: 0, address: 0))
        let (r6, _) = try faulting(gpu, jalr(.zero, 2, .a0), arg: 0x8000_0000)
        #expect(r6.error == GPUError(cause: 0, pc: 0x8000_0002, address: 0x8000_0002))
        gpu.expectSameMemory()
    }

    /// At 2,000 cycles, or on Verilator at the prebuilt depth-first harness's 100,000.
    @Test(arguments: GPUBackend.all) func runawayKernelHitsCycleLimit(_ backend: GPUBackend) throws {
        var config = GPUConfig()
        config.maxCycles = 2_000
        if backend == .verilator { config = GPUHarness.depthFirst }
        guard let gpu = try makeGPU(backend, config) else { return }
        let model = gpu.model
        try load(Program(xlen: 32, origin: UInt64(codeAddress)) { Label("spin"); j("spin") }, into: model)
        let r = gpu.run(GPULaunch(entry: codeAddress, grid: (3, 1), block: (32, 1)))
        #expect(r.error?.cause == 25)
        #expect(r.cycles == config.maxCycles)
        // Deadlock: one thread waits at a barrier while its sibling spins forever.
        try load(Program(xlen: 32, origin: UInt64(codeAddress)) {
            csrr(.t0, .gpuTidX); beq(.t0, .zero, "wait")
            Label("spin"); j("spin")
            Label("wait"); gpu_bar(); gpu_exit()
        }, into: model)
        #expect(gpu.run(GPULaunch(entry: codeAddress, block: (2, 1))).error?.cause == 25)
    }

    @Test func launchRegistersReportErrors() throws {
        let model = makeModel()
        let device = GPUDevice(model: model)
        #expect(device.read(offset: 0x38, size: 4) == 0x08_04_02)
        try load(Program(xlen: 32, origin: UInt64(codeAddress)) { lw(.t0, 0, .zero); gpu_exit() }, into: model)
        func launch(_ regs: [UInt32]) -> (UInt64?, UInt64?, UInt64?, UInt64?) {
            for (i, v) in regs.enumerated() { _ = device.write(offset: UInt64(4 * i), size: 4, value: UInt64(v)) }
            _ = device.write(offset: 0x20, size: 4, value: 1)
            return (device.read(offset: 0x24, size: 4), device.read(offset: 0x28, size: 4),
                    device.read(offset: 0x2C, size: 4), device.read(offset: 0x30, size: 4))
        }
        let (s1, c1, p1, a1) = launch([codeAddress, 0, 1, 1, 4, 1, 0, 0])
        #expect(s1 == 6); #expect(c1 == 5); #expect(p1 == UInt64(codeAddress)); #expect(a1 == 0)
        let (s2, c2, _, _) = launch([codeAddress, 0, 1, 1, 33, 1, 0, 0])
        #expect(s2 == 6); #expect(c2 == 24)
        #expect(device.read(offset: 0x34, size: 4) == 0)
        try load(Program(xlen: 32, origin: UInt64(codeAddress)) { nop(); gpu_exit() }, into: model)
        let (s3, c3, _, _) = launch([codeAddress, 0, 1, 1, 4, 1, 0, 0])
        #expect(s3 == 2); #expect(c3 == 0)
        #expect(device.read(offset: 0x34, size: 4) == 3)
        #expect(device.read(offset: 0x10, size: 4) == 4)
        #expect(device.read(offset: 0x24, size: 2) == nil)     // 32-bit registers only
    }
}
