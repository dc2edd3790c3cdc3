// GPURTLTests: the GPU RTL (Sources/Cores/GPU, C units of W warps; memory and mul in GPURTLMemoryTests:
// step 5 of the RTL plan) against the GPU model, issue by issue through GPULockstep, on the Swift
// simulator and on Verilator (its prebuilt default gpu_harness; other configurations on the Swift
// simulator only): tiny kernels' cycles, bad launches, fetch and illegal-instruction faults, the cycle
// limit, divergent masks, the start state and CSRs, ALU results, both divergence policies on call
// layouts; with several warps and units: round-robin issue, dispatch to units, barriers, partial
// warps, 2-D grids, unit-order error gating and the scoreboard. Register values show in the trace
// through `reveal`, which turns each of their bits into a lane mask.
import Cores
import Foundation
import GPU
import HDL
import ISA
import RTLSim
import SoCSim
import Testing
import TestSupport

enum Backend: String, CaseIterable, Sendable { case swift, verilator }

@Suite struct GPURTLTests {
    static let ramBytes = 64 << 10
    static let config = GPUConfig(units: 1, warps: 1, lanes: 8, maxCycles: 100_000)
    /// The default shape, 2 units x 4 warps x 8 lanes, and configuration: Verilator's prebuilt harness.
    static let multi = GPUConfig()
    /// Verilator runs `multi` only (the prebuilt `gpu_harness`, 16 MiB of RAM): another Verilator
    /// build per configuration would cost CI minutes. Tests of other shapes, policies, latencies and
    /// cycle limits run on the Swift simulator, with 64 KiB of RAM.
    static let swiftOnly = [Backend.swift]

    /// The harness of `config` in lock-step with the model; nil when Verilator is missing (outside CI).
    func lockstep(_ backend: Backend, _ config: GPUConfig = config) throws -> GPULockstep? {
        switch backend {
        case .swift:
            return try GPULockstep(GPUHarness(config: config, ramBytes: config == Self.multi ? gpuRAMBytes : Self.ramBytes)) { try SwiftSimulator(design: $0) }
        case .verilator:
            precondition(config == Self.multi, "Verilator runs the prebuilt gpu_harness only")
            guard requireTools("verilator") else { return nil }
            return try GPULockstep(GPUHarness(config: config, ramBytes: gpuRAMBytes)) { try VerilatorSimulator(design: $0.renamingTop(to: "gpu_harness")) }
        }
    }

    /// For tests whose kernels and checks hold on any shape: one unit of one warp on the Swift
    /// simulator, the default shape on Verilator.
    func lockstep(anyShape backend: Backend) throws -> GPULockstep? {
        try lockstep(backend, backend == .verilator ? Self.multi : Self.config)
    }

    /// Runs `program` on `lockstep` and expects the RTL to agree with the model.
    func run(_ lockstep: GPULockstep, _ program: Program, grid: (UInt32, UInt32) = (1, 1), block: (UInt32, UInt32), arg: UInt32 = dataAddress,
             stackBase: UInt32 = 0, stackSize: UInt32 = 0, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> GPULockstep.Run {
        try lockstep.load(program.assembleBytes(), at: program.origin)
        let r = lockstep.run(GPULaunch(entry: codeAddress, arg: arg, grid: grid, block: block, stackBase: stackBase, stackSize: stackSize))
        #expect(r.mismatch == nil, "\(r.mismatch ?? "")", sourceLocation: sourceLocation)
        return r
    }

    func run(_ lockstep: GPULockstep, grid: (UInt32, UInt32) = (1, 1), block: (UInt32, UInt32), arg: UInt32 = dataAddress,
             sourceLocation: Testing.SourceLocation = #_sourceLocation, @AsmBuilder _ body: () -> [AsmStatement]) throws -> GPULockstep.Run {
        try run(lockstep, Program(xlen: 32, origin: UInt64(codeAddress), statements: body()), grid: grid, block: block, arg: arg,
                sourceLocation: sourceLocation)
    }

    /// Shows the low `bits` bits of `r` in the trace: for bit k, the lanes that have it set run a nop alone.
    func reveal(_ r: Register, bits: Int = 32) -> [AsmStatement] {
        (0..<bits).flatMap { k in [srli(.t6, r, Int64(k)), andi(.t6, .t6, 1), beqz(.t6, 8), nop()] }
    }

    @Test(arguments: Self.swiftOnly) func tinyKernelsTakeTheModelsCycles(_ backend: Backend) throws {
        guard let lockstep = try lockstep(backend) else { return }
        let r = try run(lockstep, block: (1, 1)) { addi(.a0, .a0, 1); addi(.a0, .a0, 1); gpu_exit() }
        #expect(r.cycles == 4 && r.model.cycles == 4)
        #expect(r.status == 2 && r.statusAtStart == 1)      // busy is observable on the RTL
        #expect(r.trace.map(\.description) == ["cycle 1 unit 0 warp 0 pc 0x80000000 mask 0x1",
                                                "cycle 2 unit 0 warp 0 pc 0x80000004 mask 0x1",
                                                "cycle 3 unit 0 warp 0 pc 0x80000008 mask 0x1"])
        let five = try run(lockstep, block: (5, 1)) { addi(.a0, .a0, 1); addi(.a0, .a0, 1); gpu_exit() }
        #expect(five.trace.map(\.mask) == [0x1f, 0x1f, 0x1f])
        // Blocks run one after another on the one unit: exit at 3, next block dispatched at 4.
        let three = try run(lockstep, grid: (3, 1), block: (8, 1)) { addi(.a0, .a0, 1); gpu_exit() }
        #expect(three.trace.map(\.cycle) == [1, 2, 4, 5, 7, 8])
        #expect(three.cycles == 9)
    }

    @Test(arguments: Self.swiftOnly) func badLaunchesEndAtOnce(_ backend: Backend) throws {
        guard let lockstep = try lockstep(backend) else { return }
        let program = Program(xlen: 32, origin: UInt64(codeAddress)) { addi(.a0, .a0, 1); gpu_exit() }
        // ErrorTests' cases, more than W x T = 8 threads, and a block whose 32-bit product would be 2.
        let shapes: [(UInt32, UInt32, UInt32, UInt32)] = [(1, 1, 33, 1), (1, 1, 11, 3), (0, 1, 1, 1), (1, 0, 1, 1), (1, 1, 0, 1),
                                                          (1, 1, 1, 0), (0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF, 0xFFFF), (1, 1, 9, 1),
                                                          (1, 1, 3, 3), (1, 1, 0x8000_0001, 2)]
        for (gx, gy, bx, by) in shapes {
            let r = try run(lockstep, program, grid: (gx, gy), block: (bx, by))
            #expect(r.status == 6 && r.statusAtStart == 6 && r.error == GPUError(cause: 24, pc: 0, address: 0) && r.cycles == 0,
                    "\(gx) \(gy) \(bx) \(by)")
            #expect(r.trace.isEmpty)
        }
        let good = try run(lockstep, program, grid: (2, 1), block: (8, 1))   // the largest block; the state after bad launches
        #expect(good.status == 2 && good.cycles == 6)
    }

    /// Thread 5 of block 1 (of 2) runs `bad`; the others exit first (ErrorTests' kernel).
    func faulting(_ lockstep: GPULockstep, _ bad: AsmStatement, arg: UInt32 = dataAddress) throws -> (GPULockstep.Run, UInt32) {
        let program = Program(xlen: 32, origin: UInt64(codeAddress)) {
            csrr(.t0, .gpuTidX); li(.t1, 5); bne(.t0, .t1, "out")
            csrr(.t0, .gpuBidX); beq(.t0, .zero, "out")
            Label("bad"); bad
            Label("out"); gpu_exit()
        }
        return (try run(lockstep, program, grid: (2, 1), block: (8, 1), arg: arg), UInt32(try program.labels()["bad"]!))
    }

    @Test(arguments: Backend.allCases) func illegalInstructions(_ backend: Backend) throws {
        guard let lockstep = try lockstep(anyShape: backend) else { return }
        for (statement, bits) in [(ecall(), UInt32(0x73)), (word(0x0010_0073), 0x0010_0073), (csrw(.gpuTidX, .a0), 0xCC05_1073),
                                  (csrr(.a0, .mstatus), 0x3000_2573), (csrr(.a0, 0xC00), 0xC000_2573), (csrrsi(.a0, .gpuTidX, 1), 0xCC00_E573),
                                  (csrr(.a0, 0xCCB), 0xCCB0_2573), (csrrwi(.a0, .gpuTidX, 0), 0xCC00_5573), (word(0x0000_300B), 0x0000_300B),
                                  (word(0x0200_000B), 0x0200_000B), (word(0x3020_0073), 0x3020_0073), (word(0x1050_0073), 0x1050_0073),
                                  (word(0x1200_0073), 0x1200_0073), (word(0x0200_1013), 0x0200_1013), (word(0), 0)] {
            let (r, pc) = try faulting(lockstep, statement)
            #expect(r.error == GPUError(cause: 2, pc: pc, address: bits) && r.status == 6, "0x\(String(bits, radix: 16))")
            #expect(r.trace.last?.mask == 0x20)
        }
    }

    @Test(arguments: Self.swiftOnly) func fetchFaults(_ backend: Backend) throws {
        guard let lockstep = try lockstep(backend) else { return }
        let (outside, _) = try faulting(lockstep, jalr(.zero, 0, .zero))
        #expect(outside.error == GPUError(cause: 1, pc: 0, address: 0))
        let (misaligned, _) = try faulting(lockstep, jalr(.zero, 2, .a0), arg: codeAddress)
        #expect(misaligned.error == GPUError(cause: 0, pc: codeAddress + 2, address: codeAddress + 2))
        // The last word of RAM can be fetched; the word after it cannot.
        let end = codeAddress + UInt32(Self.ramBytes)
        try lockstep.load(Program(xlen: 32, origin: UInt64(end - 4)) { gpu_exit() }.assembleBytes(), at: UInt64(end - 4))
        let (last, _) = try faulting(lockstep, jalr(.zero, -4, .a0), arg: end)
        #expect(last.error == nil && last.status == 2)
        let (past, _) = try faulting(lockstep, jalr(.zero, 0, .a0), arg: end)
        #expect(past.error == GPUError(cause: 1, pc: end, address: end))
    }

    @Test(arguments: Self.swiftOnly) func cycleLimit(_ backend: Backend) throws {
        var config = Self.config
        config.maxCycles = 50
        guard let spinning = try lockstep(backend, config) else { return }
        let r = try run(spinning, grid: (3, 1), block: (8, 1)) { Label("spin"); j("spin") }
        #expect(r.error == GPUError(cause: 25, pc: 0, address: 0) && r.cycles == 50 && r.status == 6)
        #expect(r.trace.count == 49)
        // The limit is checked before the end: a kernel that would be done in cycle 4 stops at a limit of 4.
        config.maxCycles = 4
        let exact = try run(try #require(try lockstep(backend, config)), block: (1, 1)) { addi(.a0, .a0, 1); addi(.a0, .a0, 1); gpu_exit() }
        #expect(exact.error?.cause == 25 && exact.cycles == 4)
    }

    @Test func launchRegistersWhileBusy() throws {
        var config = Self.config
        config.maxCycles = 40
        let lockstep = try #require(try lockstep(.swift, config))
        try lockstep.load(Program(xlen: 32, origin: UInt64(codeAddress)) { Label("spin"); j("spin") }.assembleBytes(), at: UInt64(codeAddress))
        let r = GPULaunchRegisters.self
        #expect(lockstep.read(r.config) == 0x08_01_01)
        for (offset, value) in [(r.entry, codeAddress), (r.gridX, 1), (r.gridY, 1), (r.blockX, 3), (r.blockY, 1), (r.control, 1)] {
            lockstep.write(offset, value)
        }
        lockstep.sim.step(10)
        lockstep.write(r.entry, 0x8000_1000)                    // ignored while busy, as a second CONTROL is
        lockstep.write(r.control, 1)
        #expect(lockstep.read(r.status) == 1 && lockstep.read(r.entry) == codeAddress && lockstep.read(r.cycles) == 0)
        #expect(lockstep.sim.step(100, untilAnyOf: [lockstep.ports.done]) == 40 - 12 + 2)   // + 1: the memory port drains
        #expect(lockstep.read(r.status) == 6 && lockstep.read(r.errorCause) == 25 && lockstep.read(r.cycles) == 40)
        lockstep.write(r.entry, 0x8000_1000)
        #expect(lockstep.read(r.entry) == 0x8000_1000)
    }

    @Test(arguments: Backend.allCases) func divergentMasks(_ backend: Backend) throws {
        guard let lockstep = try lockstep(anyShape: backend) else { return }
        // Odd lanes (1, 3) run the addi alone, then all five reconverge at exit (RTLRuleTests' kernel).
        let odd = try run(lockstep, block: (5, 1)) {
            csrr(.t0, .gpuTidX); andi(.t0, .t0, 1); beq(.t0, .zero, "even")
            addi(.a0, .a0, 1)
            Label("even"); gpu_exit()
        }
        #expect(odd.trace.map(\.mask) == [0x1f, 0x1f, 0x1f, 0x0a, 0x1f])
        // If/else: the then-arm (odd lanes) lies first, the else-arm after it, then both join.
        let ifElse = try run(lockstep, block: (8, 1)) {
            csrr(.t0, .gpuTidX); andi(.t1, .t0, 1); beqz(.t1, "else")
            addi(.a0, .t0, 100); j("join")
            Label("else"); addi(.a0, .t0, 200)
            Label("join"); gpu_exit()
        }
        #expect(ifElse.trace.map(\.mask) == [0xff, 0xff, 0xff, 0xaa, 0xaa, 0x55, 0xff])
        // A loop with a trip count per thread (its tid): lanes leave one by one.
        let loop = try run(lockstep, block: (6, 1)) {
            csrr(.t0, .gpuTidX)
            Label("loop"); beqz(.t0, "done"); addi(.t0, .t0, -1); j("loop")
            Label("done"); gpu_exit()
        }
        #expect(loop.trace.last?.mask == 0x3f)
        #expect(loop.trace.filter { $0.pc == codeAddress + 8 }.map(\.mask) == [0x3e, 0x3c, 0x38, 0x30, 0x20])
    }

    @Test(arguments: [(UInt32(3), UInt32(2), UInt32(4), UInt32(2)), (2, 1, 1, 7), (4, 1, 1, 1), (1, 1, 8, 1)], Backend.allCases)
    func startStateAndCSRs(shape: (gx: UInt32, gy: UInt32, bx: UInt32, by: UInt32), backend: Backend) throws {
        guard let lockstep = try lockstep(anyShape: backend) else { return }
        let program = Program(xlen: 32, origin: UInt64(codeAddress)) {
            for csr in 0..<11 {
                csrr(.t0, AsmCSR(rawValue: UInt16(0xCC0 + csr)))
                reveal(.t0, bits: 8)
            }
            csrrci(.t0, .gpuBidY, 0)                // the other read-only forms
            reveal(.t0, bits: 8)
            csrrc(.t0, .gpuBdimY, .zero)
            reveal(.t0, bits: 8)
            reveal(.sp)
            reveal(.a0)
            gpu_exit()
        }
        let r = try run(lockstep, program, grid: (shape.gx, shape.gy), block: (shape.bx, shape.by), arg: 0x1234_5678,
                        stackBase: stackBase, stackSize: 256)
        #expect(r.error == nil)
    }

    @Test(arguments: Backend.allCases) func registersStartFreshInEveryBlock(_ backend: Backend) throws {
        guard let lockstep = try lockstep(anyShape: backend) else { return }
        let r = try run(lockstep, grid: (3, 1), block: (4, 1)) {
            reveal(.t0); reveal(.sp); reveal(.a0)
            csrr(.t0, .gpuTidX); addi(.t0, .t0, 0x55); addi(.sp, .sp, -16); addi(.a0, .t0, 0)
            reveal(.t0); reveal(.sp); reveal(.a0)
            addi(.zero, .t0, 5); reveal(.zero)       // x0 stays 0
            gpu_exit()
        }
        #expect(r.error == nil)
    }

    @Test(arguments: Backend.allCases) func aluResultsAndJumps(_ backend: Backend) throws {
        guard let lockstep = try lockstep(anyShape: backend) else { return }
        let r = try run(lockstep, block: (8, 1)) {
            csrr(.t0, .gpuTidX)                     // 0 ... 7
            addi(.t1, .t0, -4)                      // -4 ... 3
            slli(.t2, .t0, 29)
            lui(.t3, 0x80000); add(.t3, .t3, .t0)
            for op in [add, sub, slt, sltu, xor, or, and] { op(.a1, .t1, .t2); reveal(.a1) }
            for op in [sll, srl, sra] { op(.a1, .t3, .t0); reveal(.a1) }
            for op in [slti, sltiu, xori, ori, andi] { op(.a1, .t1, -3); reveal(.a1) }
            for op in [slli, srli, srai] { op(.a1, .t3, 3); reveal(.a1) }
            lui(.a1, 0xFEDCB); reveal(.a1)
            auipc(.a1, 0x12345); reveal(.a1)
            jal(.a2, 4); reveal(.a2)                // the link
            la(.a3, "target"); jalr(.a2, 0, .a3); gpu_exit()
            Label("target"); reveal(.a2)
            for branch in [beq, bne, blt, bge, bltu, bgeu] { branch(.t1, .t2, 8); nop() }
            fence(); fence_i(); fence_tso(); word(0x0FF0_808F)   // no-ops, whatever their rd, rs1 and fm fields
            gpu_exit()
        }
        #expect(r.error == nil && r.trace.count > 2000)
    }

    /// Odd threads call a 20-iteration helper placed below or above the caller, then every thread
    /// runs a common loop (DivergenceTests' t_call_below/t_call_above, in assembly without memory).
    func callKernel(helperAbove: Bool) -> Program {
        @AsmBuilder func helper() -> [AsmStatement] {
            Label("helper"); li(.t1, 0); li(.t2, 0); li(.t3, 20)
            Label("hloop"); xor(.t4, .a0, .t2); add(.t1, .t1, .t4); addi(.t2, .t2, 1); blt(.t2, .t3, "hloop")
            mv(.a0, .t1); ret()
        }
        return Program(xlen: 32, origin: UInt64(codeAddress)) {
            if !helperAbove { j("main"); helper() }
            Label("main"); csrr(.a0, .gpuTidX); andi(.t0, .a0, 1); beqz(.t0, "skip")
            call("helper")
            Label("skip"); li(.t2, 0); li(.t3, 20)
            Label("loop"); slli(.t4, .a0, 1); add(.a0, .a0, .t4); add(.a0, .a0, .t2); addi(.t2, .t2, 1); blt(.t2, .t3, "loop")
            reveal(.a0)
            gpu_exit()
            if helperAbove { helper() }
        }
    }

    @Test(arguments: Self.swiftOnly) func callLayoutsUnderBothPolicies(_ backend: Backend) throws {
        var cycles: [String: UInt64] = [:]
        for policy in DivergencePolicy.allCases {
            var config = Self.config
            config.policy = policy
            guard let lockstep = try lockstep(backend, config) else { return }
            for above in [false, true] {
                let r = try run(lockstep, callKernel(helperAbove: above), block: (8, 1))
                #expect(r.error == nil)
                cycles["\(policy.rawValue) \(above ? "above" : "below")"] = r.model.cycles
            }
        }
        // The policies differ where the callee lies above: depth-first reconverges after the call.
        #expect(cycles["depth above"]! < cycles["minpc above"]!)
        #expect(cycles["depth below"]! == cycles["minpc below"]!)
    }

    /// A return without a call makes a thread's depth negative: the depth policy then runs the
    /// threads at depth 0 first, although the returned ones have the smaller pc.
    @Test(arguments: Self.swiftOnly) func negativeDepths(_ backend: Backend) throws {
        var masks: [DivergencePolicy: [UInt64]] = [:]
        for policy in DivergencePolicy.allCases {
            var config = Self.config
            config.policy = policy
            guard let lockstep = try lockstep(backend, config) else { return }
            let r = try run(lockstep, Program(xlen: 32, origin: UInt64(codeAddress)) {
                csrr(.t0, .gpuTidX); andi(.t0, .t0, 1); la(.ra, "back"); beqz(.t0, "even")
                ret()
                Label("back"); addi(.a0, .a0, 1); addi(.a0, .a0, 1); j("join")
                Label("even"); la(.t1, "function"); jalr(.ra, 0, .t1); addi(.a0, .a0, 3)   // a call through jalr: depth 1
                Label("join"); gpu_exit()
                Label("function"); addi(.a0, .a0, 2); ret()
            }, block: (8, 1))
            masks[policy] = r.trace.map(\.mask)
        }
        #expect(masks[.minPC] != masks[.depthThenMinPC])
    }

    // Several warps and units (step 4 of the RTL plan).

    @Test(arguments: Backend.allCases) func warpsInterleaveAndBlocksSpreadOverUnits(_ backend: Backend) throws {
        guard let lockstep = try lockstep(backend, Self.multi) else { return }
        let program = Program(xlen: 32, origin: UInt64(codeAddress)) { addi(.a0, .a0, 1); addi(.a0, .a0, 1); gpu_exit() }
        // ABITests' case: 4 warps x 3 instructions = 12 issues from cycle 1, round-robin from warp 0.
        let four = try run(lockstep, program, block: (32, 1))
        #expect(four.cycles == 13 && four.trace.count == 12)
        #expect(four.trace.map(\.warp) == [0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3])
        // Two blocks run on the two units in parallel, unit 0's record first in each cycle.
        let two = try run(lockstep, program, grid: (2, 1), block: (32, 1))
        #expect(two.cycles == 13 && two.model.issuedPerUnit == [12, 12])
        #expect(two.trace.filter { $0.unit == 0 }.count == 12 && two.trace.filter { $0.unit == 1 }.count == 12)
        #expect(two.trace.prefix(2).map(\.unit) == [0, 1])
        // Five blocks on two units: a unit freed by an exit takes the next block in the next cycle.
        let five = try run(lockstep, program, grid: (5, 1), block: (12, 1))
        #expect(five.error == nil && five.model.issuedPerUnit.reduce(0, +) == 5 * 6)
    }

    @Test(arguments: Self.swiftOnly) func barrierDeadlockHitsTheCycleLimit(_ backend: Backend) throws {
        var config = Self.multi
        config.maxCycles = 3000
        guard let lockstep = try lockstep(backend, config) else { return }
        // ErrorTests' kernel: thread 0 waits at a barrier while its sibling spins forever.
        let r = try run(lockstep, block: (2, 1)) {
            csrr(.t0, .gpuTidX); beq(.t0, .zero, "wait")
            Label("spin"); j("spin")
            Label("wait"); gpu_bar(); gpu_exit()
        }
        #expect(r.error == GPUError(cause: 25, pc: 0, address: 0) && r.cycles == 3000)
    }

    @Test(arguments: Backend.allCases) func barrierReleaseTiming(_ backend: Backend) throws {
        guard let lockstep = try lockstep(backend, Self.multi) else { return }
        // Threads loop tid % 4 times (lanes of one warp arrive apart), wait at the first barrier, then
        // threads >= 20 exit while the others wait at a second one: the last exit releases them.
        let program = Program(xlen: 32, origin: UInt64(codeAddress)) {
            csrr(.t0, .gpuTidX); andi(.t1, .t0, 3)
            Label("loop"); beqz(.t1, "done"); addi(.t1, .t1, -1); j("loop")
            Label("done"); Label("bar1"); gpu_bar()
            Label("after1"); addi(.a0, .a0, 1); li(.t2, 20); bgeu(.t0, .t2, "out")
            Label("bar2"); gpu_bar()
            Label("after2"); addi(.a0, .a0, 1)
            Label("out"); gpu_exit()
        }
        let labels = try program.labels()
        let at = { (name: String) in UInt32(labels[name]!) }
        for grid in [(UInt32(1), UInt32(1)), (3, 1)] {
            let r = try run(lockstep, program, grid: grid, block: (30, 1))
            #expect(r.error == nil)
            for (bar, after) in [("bar1", "after1"), ("bar2", "after2")] {
                for unit in 0..<2 {
                    let issues = r.trace.filter { $0.unit == unit }
                    guard let lastBar = issues.lastIndex(where: { $0.pc == at(bar) }) else { continue }
                    let next = issues[issues.index(after: lastBar)...].first { $0.pc == at(after) || $0.pc == at("out") }
                    #expect(next != nil, "\(bar) unit \(unit)")
                }
            }
            // The first barrier of block 0: no thread passes it before the last one arrives, and all pass from the next cycle.
            let block0 = r.trace.prefix { $0.pc != at("out") || $0.unit != 0 }.filter { $0.unit == 0 }
            let lastArrival = block0.filter { $0.pc == at("bar1") }.map(\.cycle).max()!
            #expect(block0.first { $0.pc == at("after1") }?.cycle == lastArrival + 1)
        }
    }

    @Test(arguments: Backend.allCases) func partialWarpsAndTwoDimensionalGrids(_ backend: Backend) throws {
        guard let lockstep = try lockstep(backend, Self.multi) else { return }
        let program = Program(xlen: 32, origin: UInt64(codeAddress)) {
            for csr in [AsmCSR.gpuTidX, .gpuTidY, .gpuBidX, .gpuBidY, .gpuWarp, .gpuUnit] { csrr(.t0, csr); reveal(.t0, bits: 4) }
            reveal(.sp)
            gpu_exit()
        }
        // Block 5 x 3: warp 0 full, warp 1 has lanes 0-6, warps 2 and 3 are empty.
        let partial = try run(lockstep, program, block: (5, 3), stackBase: stackBase, stackSize: 64)
        #expect(Set(partial.trace.map(\.warp)) == [0, 1] && partial.trace.first { $0.warp == 1 }?.mask == 0x7f)
        // A 3 x 2 grid of 4 x 2 blocks: bid (x, y) in flattened order over both units (the bid chain).
        let grid = try run(lockstep, program, grid: (3, 2), block: (4, 2), stackBase: stackBase, stackSize: 256)
        #expect(grid.error == nil && grid.model.issuedPerUnit.allSatisfy { $0 > 0 })
    }

    @Test(arguments: Backend.allCases) func aLowerUnitsFaultStopsHigherUnits(_ backend: Backend) throws {
        guard let lockstep = try lockstep(backend, Self.multi) else { return }
        // Both units fault in cycle 3 (unit 0 at ecall, unit 1 at word 0): unit 0's is the error and
        // unit 1 does not issue in that cycle.
        let both = Program(xlen: 32, origin: UInt64(codeAddress)) {
            csrr(.t0, .gpuBidX); bnez(.t0, "one"); ecall()
            Label("one"); word(0)
        }
        let r = try run(lockstep, both, grid: (2, 1), block: (8, 1))
        #expect(r.error == GPUError(cause: 2, pc: codeAddress + 8, address: 0x73) && r.cycles == 4)
        #expect(r.trace.map(\.unit) == [0, 1, 0, 1, 0])
        // Only unit 1 faults: unit 0's issue of the same cycle stands.
        let upper = Program(xlen: 32, origin: UInt64(codeAddress)) {
            csrr(.t0, .gpuBidX); bnez(.t0, "one"); nop(); gpu_exit()
            Label("one"); word(0)
        }
        let u = try run(lockstep, upper, grid: (2, 1), block: (8, 1))
        #expect(u.error == GPUError(cause: 2, pc: codeAddress + 16, address: 0) && u.cycles == 4)
        #expect(u.trace.map(\.unit) == [0, 1, 0, 1, 0, 1])
    }

    /// Dependency chains wait for their operands (and a rewrite of a pending rd) when aluLatency is
    /// above 1; four warps hide the latency.
    @Test(arguments: Self.swiftOnly) func aluDependencyChains(_ backend: Backend) throws {
        var cycles: [Int: (one: UInt32, four: UInt32)] = [:]
        for latency in [1, 2] {
            var config = Self.multi
            config.aluLatency = latency
            guard let lockstep = try lockstep(backend, config) else { return }
            let program = Program(xlen: 32, origin: UInt64(codeAddress)) {
                addi(.t0, .a0, 1); addi(.t1, .t0, 1); addi(.t2, .t1, 1)     // a chain through rs1
                li(.t3, 5); add(.t4, .t2, .t3)                              // through rs2
                li(.t5, 1); li(.t5, 2)                                      // rd written twice
                lui(.t6, 1); csrr(.t6, .gpuTidX); jal(.t6, 4); reveal(.t4, bits: 2); gpu_exit()
            }
            let one = try run(lockstep, program, block: (8, 1))
            let four = try run(lockstep, program, block: (32, 1))
            #expect(one.error == nil && four.error == nil)
            cycles[latency] = (one.cycles, four.cycles)
        }
        // One warp waits for every dependency; four warps hide a latency of 2.
        #expect(cycles[2]!.one > cycles[1]!.one + 8 && cycles[2]!.four == cycles[1]!.four)
    }

    @Test(arguments: Self.swiftOnly) func bothPoliciesOnSeveralWarps(_ backend: Backend) throws {
        var cycles: [DivergencePolicy: UInt64] = [:]
        for policy in DivergencePolicy.allCases {
            var config = Self.multi
            (config.policy, config.maxCycles) = (policy, 100_000)
            guard let lockstep = try lockstep(backend, config) else { return }
            let r = try run(lockstep, callKernel(helperAbove: true), grid: (3, 1), block: (27, 1))
            #expect(r.error == nil)
            cycles[policy] = r.model.cycles
        }
        #expect(cycles[.depthThenMinPC]! < cycles[.minPC]!)
    }

    /// The harness under both policies, and the GPU on an RV64 bus (as the SoC will have it).
    @Test(arguments: [(DivergencePolicy.minPC, 32), (.depthThenMinPC, 32), (.minPC, 64)], [config, multi])
    func verilogIsLintClean(_ policy: (DivergencePolicy, Int), config: GPUConfig) throws {
        let (policy, xlen) = policy
        var config = config
        config.policy = policy
        let design = xlen == 32 ? try Elaborator.elaborate(GPUHarness(config: config, ramBytes: Self.ramBytes))
                                : try Elaborator.elaborate(GPU(config: config, xlen: xlen, ramBytes: Self.ramBytes))
        #expect(design.warnings.isEmpty, "\(design.warnings)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lint-\(design.top)-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("\(design.top).v")
        try Data(VerilogEmitter().emit(design).utf8).write(to: file)
        if requireTools("verilator") {
            let (status, output) = try runTool("verilator", ["--lint-only", "-Wall", "--top-module", design.top, file.path], in: folder)
            #expect(status == 0 && output.isEmpty, "verilator:\n\(output.prefix(3000))")
        }
        if requireTools("iverilog") {
            let (status, output) = try runTool("iverilog", ["-Wall", "-g2005", "-o", "/dev/null", file.path], in: folder)
            #expect(status == 0 && output.isEmpty, "iverilog:\n\(output.prefix(3000))")
        }
    }
}
