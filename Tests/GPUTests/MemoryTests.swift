// MemoryTests: coalescing (one transaction per aligned 32-byte line per warp-instruction) and
// shared memory (per unit, private to the running block, no transactions); on the model, and on the
// RTL in lock-step with it (Swift simulator and Verilator).
import ISA
import GPU
import Testing

@Suite struct MemoryTests {
    /// Thread f of the block loads (size bytes) at a0 + f * stride and stores it at a0 + 0x10000 + f * stride.
    func strided(_ gpu: TestGPU, stride: Int64, load ld: (Register, Int64, Register) -> AsmStatement,
                 store st: (Register, Int64, Register) -> AsmStatement, threads: UInt32) throws -> GPUResult {
        let model = gpu.model
        try load(Program(xlen: 32, origin: UInt64(codeAddress)) {
            csrr(.t0, .gpuTidX); li(.t1, stride); mul(.t0, .t0, .t1); add(.t0, .t0, .a0)
            ld(.t2, 0, .t0)
            st(.t2, 0x7F0, .t0)
            gpu_exit()
        }, into: model)
        return gpu.run(GPULaunch(entry: codeAddress, arg: dataAddress, block: (threads, 1)))
    }

    @Test(arguments: GPUBackend.all) func coalescing(_ backend: GPUBackend) throws {
        guard let gpu = try makeGPU(backend) else { return }
        // Unit stride words: 8 lanes x 4 bytes = one 32-byte line per warp-instruction.
        let unit = try strided(gpu, stride: 4, load: lw, store: sw, threads: 32)
        #expect(unit.transactions == 4 + 4 * 2)   // loads aligned; stores at +0x7F0 straddle 2 lines
        // 32-byte stride: one transaction per lane.
        let wide = try strided(gpu, stride: 32, load: lw, store: sw, threads: 32)
        #expect(wide.transactions == 32 + 32)
        // Halfwords at unit stride: 16 bytes per warp, one line; bytes likewise.
        #expect(try strided(gpu, stride: 2, load: lh, store: sh, threads: 32).transactions == 4 + 4)
        #expect(try strided(gpu, stride: 1, load: lb, store: sb, threads: 32).transactions == 4 + 4)
        // Everyone on the same word: one transaction per warp; a partial warp of 3 lanes: one.
        #expect(try strided(gpu, stride: 0, load: lw, store: sw, threads: 32).transactions == 4 + 4)
        #expect(try strided(gpu, stride: 4, load: lw, store: sw, threads: 3).transactions == 1 + 1)
        // 16-byte stride: two lanes per line.
        #expect(try strided(gpu, stride: 16, load: lw, store: sw, threads: 8).transactions == 4 + 5)
    }

    @Test(arguments: GPUBackend.all) func sharedMemoryIsPerUnitAndCostsNoTransactions(_ backend: GPUBackend) throws {
        guard let gpu = try makeGPU(backend) else { return }
        let model = gpu.model
        // Each thread writes its unit and block id into shared[f], barrier, reads its neighbour's.
        try load(Program(xlen: 32, origin: UInt64(codeAddress)) {
            csrr(.t0, .gpuTidX); slli(.t0, .t0, 2); lui(.t1, 0x70000); add(.t1, .t1, .t0)
            csrr(.t2, .gpuBidX); sw(.t2, 0, .t1)
            gpu_bar()
            lw(.t2, 4, .t1)                     // the next thread's value (same block)
            csrr(.t3, .gpuBidX); slli(.t3, .t3, 7); add(.t3, .t3, .t0); add(.t3, .t3, .a0)
            sw(.t2, 0, .t3)
            gpu_exit()
        }, into: model)
        let r = gpu.run(GPULaunch(entry: codeAddress, arg: dataAddress, grid: (6, 1), block: (31, 1)))
        #expect(r.error == nil)
        #expect(r.sharedAccesses == 6 * 4 * 2)
        let out = words(model, at: dataAddress, count: 6 * 32)
        for b in 0..<6 { for t in 0..<30 { #expect(out[b * 32 + t] == UInt32(b)) } }
    }
}
