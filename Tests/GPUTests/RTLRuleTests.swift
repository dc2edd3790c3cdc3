// RTLRuleTests: the two timing rules changed for the RTL (one divider per unit; an illegal
// instruction issues without a scoreboard check) and the issue trace the co-simulation compares
// (lane mask, text form, written pages), with hand-computed cycles (docs/GPU.md, "Timing rules").
import ISA
import GPU
import Testing

@Suite struct RTLRuleTests {
    /// Runs `body` (assembled at `codeAddress`) with the whole issue timeline recorded.
    func run(_ config: GPUConfig = GPUConfig(), grid: (UInt32, UInt32) = (1, 1), block: (UInt32, UInt32),
             @AsmBuilder _ body: () -> [AsmStatement]) throws -> GPUResult {
        let model = makeModel(config)
        try load(Program(xlen: 32, origin: UInt64(codeAddress), statements: body()), into: model)
        model.traceCycles = .max
        return model.run(GPULaunch(entry: codeAddress, arg: dataAddress, grid: grid, block: block))
    }

    /// (cycle, warp) of every issue of unit 0.
    func issues(_ r: GPUResult) -> [[UInt64]] {
        r.timeline.filter { $0.unit == 0 }.map { [$0.cycle, UInt64($0.warp)] }
    }

    @Test func divideResultIsReadyAfterDivLatency() throws {
        // Dispatch in cycle 0, so the first issue is in cycle 1: div at 1 makes t0 ready at
        // 1 + 34 = 35; the addi waits for it (35), exit at 36, done after 37 cycles.
        let r = try run(block: (1, 1)) { div(.t0, .a0, .a1); addi(.t1, .t0, 1); gpu_exit() }
        #expect(r.error == nil)
        #expect(r.cycles == 37)
        #expect(issues(r) == [[1, 0], [35, 0], [36, 0]])
    }

    @Test func oneDividerPerUnit() throws {
        // Two warps: warp 0's div at 1 takes the divider until 35; warp 0 exits at 2 while warp 1's
        // div waits for the divider (35), warp 1 exits at 36: 37 cycles (5 with a divider per warp).
        let r = try run(block: (16, 1)) { div(.t0, .a0, .a1); gpu_exit() }
        #expect(r.cycles == 37)
        #expect(issues(r) == [[1, 0], [2, 0], [35, 1], [36, 1]])
        // An independent div after a rem of the same warp waits for the divider too.
        let r2 = try run(block: (1, 1)) { remu(.t0, .a0, .a1); div(.t1, .a0, .a1); gpu_exit() }
        #expect(issues(r2) == [[1, 0], [35, 0], [36, 0]])
        // Each unit has its own divider: two blocks on two units divide in the same cycle.
        let r3 = try run(grid: (2, 1), block: (1, 1)) { div(.t0, .a0, .a1); gpu_exit() }
        #expect(r3.cycles == 3)
        #expect(r3.timeline.map(\.cycle) == [1, 1, 2, 2])
        // A new block frees the divider: on one unit, block 0 divides at 1 and exits at 2, block 1
        // is dispatched in 3 and divides at 4 (not 35), exits at 5: 6 cycles.
        let r4 = try run(GPUConfig(units: 1), grid: (2, 1), block: (1, 1)) { div(.t0, .a0, .a1); gpu_exit() }
        #expect(r4.cycles == 6)
        #expect(issues(r4) == [[1, 0], [2, 0], [4, 0], [5, 0]])
    }

    @Test func illegalInstructionDoesNotWaitForItsRegisters() throws {
        // csrw 0xCC0, t0 (csrrw x0, 0xCC0, t0) is illegal on the GPU. The load issues at 1 (t0 ready
        // at 13); the csrw issues and faults at 2 without waiting for t0: CYCLES 3.
        let r = try run(block: (8, 1)) { lw(.t0, 0, .a0); csrw(.gpuTidX, .t0); gpu_exit() }
        #expect(r.error == GPUError(cause: 2, pc: codeAddress + 4, address: 0xCC02_9073))
        #expect(r.cycles == 3)
        #expect(r.timeline.map(\.description) == ["cycle 1 unit 0 warp 0 pc 0x80000000 mask 0xff",
                                                   "cycle 2 unit 0 warp 0 pc 0x80000004 mask 0xff"])
    }

    @Test func issueTraceHasLaneMasks() throws {
        let r = try run(block: (5, 1)) { addi(.a0, .a0, 1); addi(.a0, .a0, 1); gpu_exit() }
        #expect(r.cycles == 4)
        #expect(r.timeline.map(\.description) == ["cycle 1 unit 0 warp 0 pc 0x80000000 mask 0x1f",
                                                   "cycle 2 unit 0 warp 0 pc 0x80000004 mask 0x1f",
                                                   "cycle 3 unit 0 warp 0 pc 0x80000008 mask 0x1f"])
        #expect(r.timeline.map(\.active) == [5, 5, 5])
        // Divergence: the odd lanes (1, 3) run the addi alone, then all five reconverge at exit.
        let d = try run(block: (5, 1)) {
            csrr(.t0, .gpuTidX); andi(.t0, .t0, 1); beq(.t0, .zero, "even")
            addi(.a0, .a0, 1)
            Label("even"); gpu_exit()
        }
        #expect(d.timeline.map(\.mask) == [0x1f, 0x1f, 0x1f, 0x0a, 0x1f])
        #expect(d.timeline.map(\.cycle) == [1, 2, 3, 4, 5])
        // Warp 1 of a 13-thread block has lanes 0-4.
        let w = try run(block: (13, 1)) { gpu_exit() }
        #expect(w.timeline.map(\.description) == ["cycle 1 unit 0 warp 0 pc 0x80000000 mask 0xff",
                                                   "cycle 2 unit 0 warp 1 pc 0x80000000 mask 0x1f"])
    }

    @Test func writtenPagesListsGlobalStores() throws {
        // Stores to two pages and to shared memory: only the two RAM pages are listed.
        let r = try run(block: (8, 1)) {
            lui(.t0, 1); add(.t0, .t0, .a0); sw(.zero, 0, .a0); sw(.zero, 0, .t0)
            lui(.t1, 0x70000); sw(.zero, 0, .t1); gpu_exit()
        }
        #expect(r.error == nil)
        #expect(r.writtenPages == [UInt64(dataAddress), UInt64(dataAddress) + 0x1000])
        // A launch that faults after a store still reports the store's page; no stores: none.
        let f = try run(block: (1, 1)) { sw(.zero, 8, .a0); sw(.zero, 1, .a0); gpu_exit() }
        #expect(f.error?.cause == 6)
        #expect(f.writtenPages == [UInt64(dataAddress)])
        let n = try run(block: (1, 1)) { lw(.t0, 0, .a0); gpu_exit() }
        #expect(n.writtenPages == [])
    }
}
