// ABITests: the fixed kernel ABI: thread start state (pc, a0, sp), every CSR over a 2-D grid of
// 2-D blocks with partial warps, and the exact timing of tiny kernels (docs/GPU.md rules); on the
// model, and on the RTL in lock-step with it (Swift simulator and Verilator).
import ISA
import GPU
import Testing

@Suite struct ABITests {
    /// Each thread computes its global index from the CSRs and stores the 11 CSRs, sp and a0.
    static let csrKernel = Program(xlen: 32, origin: UInt64(codeAddress)) {
        csrr(.t0, .gpuBidY); csrr(.t1, .gpuGdimX); mul(.t0, .t0, .t1)
        csrr(.t1, .gpuBidX); add(.t0, .t0, .t1)
        csrr(.t1, .gpuBdimX); csrr(.t2, .gpuBdimY); mul(.t1, .t1, .t2); mul(.t0, .t0, .t1)
        csrr(.t1, .gpuTidY); csrr(.t2, .gpuBdimX); mul(.t1, .t1, .t2); add(.t0, .t0, .t1)
        csrr(.t1, .gpuTidX); add(.t0, .t0, .t1)
        li(.t1, 52); mul(.t1, .t0, .t1); add(.t1, .a0, .t1)
        for i in 0..<11 {
            csrr(.t2, AsmCSR(rawValue: UInt16(0xCC0 + i)))
            sw(.t2, Int64(4 * i), .t1)
        }
        sw(.sp, 44, .t1); sw(.a0, 48, .t1)
        gpu_exit()
    }

    @Test(arguments: GPUBackend.all) func csrsAndStartState(_ backend: GPUBackend) throws {
        let config = GPUConfig()
        guard let gpu = try makeGPU(backend, config) else { return }
        let model = gpu.model
        try load(Self.csrKernel, into: model)
        for (gx, gy, bdx, bdy) in [(3, 2, 5, 3), (1, 1, 32, 1), (2, 3, 3, 7), (4, 1, 1, 1)] {
            let stackSize: UInt32 = 256
            let r = gpu.run(GPULaunch(entry: codeAddress, arg: dataAddress, grid: (UInt32(gx), UInt32(gy)),
                                        block: (UInt32(bdx), UInt32(bdy)), stackBase: stackBase, stackSize: stackSize))
            #expect(r.error == nil)
            let total = gx * gy * bdx * bdy
            let out = words(model, at: dataAddress, count: total * 13)
            var units = Set<UInt32>()
            for by in 0..<gy { for bx in 0..<gx { for ty in 0..<bdy { for tx in 0..<bdx {
                let g = globalIndex(bx: bx, by: by, gx: gx, tx: tx, ty: ty, bdx: bdx, bdy: bdy)
                let o = Array(out[g * 13..<(g + 1) * 13])
                let flat = ty * bdx + tx
                #expect(Array(o[0..<10]) == [tx, ty, bx, by, bdx, bdy, gx, gy, flat % config.lanes, flat / config.lanes].map { UInt32($0) })
                #expect(o[10] < UInt32(config.units))
                units.insert(o[10])
                #expect(o[11] == stackBase + UInt32(g + 1) * stackSize)
                #expect(o[12] == dataAddress)
            } } } }
            if gx * gy >= 2 { #expect(units.count == 2) }
        }
    }

    @Test(arguments: GPUBackend.all) func exactCyclesOfTinyKernels(_ backend: GPUBackend) throws {
        guard let gpu = try makeGPU(backend) else { return }
        let model = gpu.model
        // One thread: two ALU ops and exit: dispatch (cycle 0), issue at 1, 2, 3; done after 4 cycles.
        try load(Program(xlen: 32, origin: UInt64(codeAddress)) { addi(.a0, .a0, 1); addi(.a0, .a0, 1); gpu_exit() }, into: model)
        #expect(gpu.run(GPULaunch(entry: codeAddress, block: (1, 1))).cycles == 4)
        // Scoreboard: a global load's result is ready 12 cycles after its transaction (cycle 1 -> 13);
        // independent loads issue back to back (one transaction per cycle through the port).
        try load(Program(xlen: 32, origin: UInt64(codeAddress)) { lw(.t0, 0, .a0); addi(.t1, .t0, 1); gpu_exit() }, into: model)
        let r = gpu.run(GPULaunch(entry: codeAddress, arg: dataAddress, block: (8, 1)))
        #expect(r.cycles == 15)
        #expect(r.transactions == 1)
        try load(Program(xlen: 32, origin: UInt64(codeAddress)) {
            lw(.t0, 0, .a0); lw(.t1, 32, .a0); lw(.t2, 64, .a0)   // t0 @13, t1 @14, t2 @15
            add(.t3, .t0, .t1); add(.t3, .t3, .t2); gpu_exit()     // issue at 14, 15, 16
        }, into: model)
        let r3 = gpu.run(GPULaunch(entry: codeAddress, arg: dataAddress, block: (8, 1)))
        #expect(r3.cycles == 17)
        #expect(r3.transactions == 3)
        // A posted store: the warp goes on the cycle after the port took it.
        try load(Program(xlen: 32, origin: UInt64(codeAddress)) { sw(.zero, 0, .a0); gpu_exit() }, into: model)
        #expect(gpu.run(GPULaunch(entry: codeAddress, arg: dataAddress, block: (8, 1))).cycles == 3)
        // Shared memory: result ready 2 cycles after issue.
        try load(Program(xlen: 32, origin: UInt64(codeAddress)) { lui(.t0, 0x70000); lw(.t1, 0, .t0); addi(.t1, .t1, 1); gpu_exit() }, into: model)
        #expect(gpu.run(GPULaunch(entry: codeAddress, block: (8, 1))).cycles == 6)
        // Four warps of ALU work interleave: 4 warps x 3 instructions = 12 issues from cycle 1.
        try load(Program(xlen: 32, origin: UInt64(codeAddress)) { addi(.a0, .a0, 1); addi(.a0, .a0, 1); gpu_exit() }, into: model)
        let r4 = gpu.run(GPULaunch(entry: codeAddress, block: (32, 1)))
        #expect(r4.cycles == 13)
        #expect(r4.warpInstructions == 12)
        #expect(r4.threadInstructions == 96)
        // Two blocks run on the two units in parallel: same cycle count.
        let r2 = gpu.run(GPULaunch(entry: codeAddress, grid: (2, 1), block: (32, 1)))
        #expect(r2.cycles == 13)
        #expect(r2.issuedPerUnit == [12, 12])
    }

    @Test(arguments: GPUBackend.all) func dp4aMatchesReference(_ backend: GPUBackend) throws {
        guard let gpu = try makeGPU(backend) else { return }
        let model = gpu.model
        // Thread g: out[g] = dp4a(acc[g], a[g], b[g]); records of 4 words: acc, a, b, out.
        try load(Program(xlen: 32, origin: UInt64(codeAddress)) {
            csrr(.t0, .gpuBidX); slli(.t0, .t0, 3); csrr(.t1, .gpuTidX); add(.t0, .t0, .t1)
            slli(.t0, .t0, 4); add(.t0, .a0, .t0)
            lw(.t1, 0, .t0); lw(.t2, 4, .t0); lw(.t3, 8, .t0)
            gpu_dp4a(.t1, .t2, .t3)
            sw(.t1, 12, .t0)
            gpu_dp4a(.zero, .t2, .t3)          // writes x0: no effect
            gpu_exit()
        }, into: model)
        var rng = SystemRandomNumberGenerator()
        var recs: [UInt32] = []
        let special: [(UInt32, UInt32, UInt32)] = [
            (0, 0x8080_8080, 0x8080_8080),           // (-128 x -128) x 4 = 65536
            (0x7FFF_FFFF, 0x7F7F_7F7F, 0x7F7F_7F7F), // wraps past INT32_MAX
            (0x8000_0000, 0x8080_8080, 0x7F7F_7F7F), // wraps below INT32_MIN
            (5, 0xFF01_FF01, 0x01FF_01FF),           // -1 x 1 + 1 x -1 ...
        ]
        for s in special { recs += [s.0, s.1, s.2, 0] }
        for _ in 0..<(64 - special.count) { recs += [rng.next(), rng.next(), rng.next(), 0] }
        store(recs, model, at: dataAddress)
        let r = gpu.run(GPULaunch(entry: codeAddress, arg: dataAddress, grid: (8, 1), block: (8, 1)))
        #expect(r.error == nil)
        #expect(r.dp4aOps == 128)
        let out = words(model, at: dataAddress, count: 256)
        for i in 0..<64 {
            var s = Int32(bitPattern: recs[4 * i])
            for j in 0..<4 {
                s = s &+ Int32(Int8(truncatingIfNeeded: recs[4 * i + 1] >> UInt32(8 * j))) &* Int32(Int8(truncatingIfNeeded: recs[4 * i + 2] >> UInt32(8 * j)))
            }
            #expect(out[4 * i + 3] == UInt32(bitPattern: s))
            #expect(GPU.dp4a(recs[4 * i], recs[4 * i + 1], recs[4 * i + 2]) == UInt32(bitPattern: s))
        }
        #expect(GPU.dp4a(0, 0x8080_8080, 0x8080_8080) == 65536)
        #expect(GPU.dp4a(0x7FFF_FFFF, 0x0000_0001, 0x0000_0001) == 0x8000_0000)
    }
}
