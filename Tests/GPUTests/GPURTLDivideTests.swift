// GPURTLDivideTests: step 6 of the RTL plan against the model in lock-step (GPULockstep compares the
// issue trace, CYCLES, STATUS, ERROR_* and every RAM page the model wrote): RTLRuleTests' divider
// cases (one divider per unit, freed by a new block), division by zero and overflow for div, divu,
// rem and remu, gpu.dp4a on random signed bytes with chained accumulation, and what stays illegal.
import Cores
import GPU
import HDL
import ISA
import RTLSim
import SoCSim
import Testing
import TestSupport

extension GPURTLTests {
    /// Stores `words` at `address`, little-endian.
    func store(_ lockstep: GPULockstep, _ words: [UInt32], at address: UInt32) throws {
        try lockstep.load(words.flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> (8 * $0)) } }, at: UInt64(address))
    }

    @Test(arguments: Backend.allCases) func dividerRules(_ backend: Backend) throws {
        guard let lockstep = try lockstep(backend, Self.multi) else { return }
        // RTLRuleTests' cases: div; addi (waits for rd: 37 cycles); two warps share the divider;
        // rem then div; two units divide in the same cycle; a new block on a unit frees its divider.
        let r1 = try run(lockstep, block: (1, 1)) { div(.t0, .a0, .a1); addi(.t1, .t0, 1); gpu_exit() }
        #expect(r1.model.cycles == 37)
        let r2 = try run(lockstep, block: (16, 1)) { div(.t0, .a0, .a1); gpu_exit() }
        #expect(r2.model.cycles == 37)
        let r3 = try run(lockstep, block: (1, 1)) { remu(.t0, .a0, .a1); div(.t1, .a0, .a1); gpu_exit() }
        #expect(r3.model.cycles == 37)
        let r4 = try run(lockstep, grid: (2, 1), block: (1, 1)) { div(.t0, .a0, .a1); gpu_exit() }
        #expect(r4.model.cycles == 3)
        let r5 = try run(lockstep, grid: (3, 1), block: (1, 1)) { div(.t0, .a0, .a1); gpu_exit() }
        #expect(r5.model.cycles == 6)
        // A divide still running when its block ends and the next one starts is abandoned; the new
        // block's registers start fresh, and its own divide's result lands.
        let r6 = try run(lockstep, grid: (3, 1), block: (8, 1), arg: Self.data) {
            csrr(.t0, .gpuBidX); li(.t1, 7); addi(.t2, .t0, 100); divu(.t3, .t2, .t1); bnez(.t0, "wait")
            gpu_exit()
            Label("wait"); addi(.t3, .t3, 1); csrr(.t4, .gpuTidX); slli(.t4, .t4, 2); slli(.t0, .t0, 5); add(.t4, .t4, .t0)
            add(.t4, .t4, .a0); sw(.t3, 0, .t4); gpu_exit()
        }
        #expect(r6.model.error == nil)
    }

    @Test(arguments: Backend.allCases) func divisionByZeroAndOverflow(_ backend: Backend) throws {
        guard let lockstep = try lockstep(backend, Self.multi) else { return }
        var rng = SplitMix64(state: 0xD1D1)
        let special: [(UInt32, UInt32)] = [(0x8000_0000, 0xFFFF_FFFF), (7, 0), (0, 0), (0x8000_0000, 0), (0xFFFF_FFFF, 0), (0x8000_0000, 1),
                                           (0xFFFF_FFFF, 0xFFFF_FFFF), (100, 7), (0xFFFF_FF9C, 7), (100, 0xFFFF_FFF9), (5, 0x8000_0000)]
        let pairs = special + (special.count..<32).map { k in (UInt32(truncatingIfNeeded: rng.next()), UInt32(truncatingIfNeeded: rng.next() >> UInt64(k))) }
        try store(lockstep, pairs.flatMap { [$0.0, $0.1] }, at: Self.data)
        let ops: [(Register, Register, Register) -> AsmStatement] = [div, divu, rem, remu]
        let r = try run(lockstep, block: (32, 1), arg: Self.data) {
            csrr(.t0, .gpuTidX); slli(.t1, .t0, 3); add(.t1, .t1, .a0); lw(.t2, 0, .t1); lw(.t3, 4, .t1)
            slli(.t6, .t0, 4); add(.t6, .t6, .a0)
            for (k, op) in ops.enumerated() { [op(.t4, .t2, .t3), sw(.t4, Int64(0x400 + 4 * k), .t6)] }
            gpu_exit()
        }
        #expect(r.model.error == nil)
    }

    @Test(arguments: Backend.allCases) func dp4aMatchesTheModel(_ backend: Backend) throws {
        guard let lockstep = try lockstep(backend, Self.multi) else { return }
        var rng = SplitMix64(state: 0xD4A)
        let words = (0..<3 * 32).map { _ in UInt32(truncatingIfNeeded: rng.next()) } + [0x8080_8080, 0x8080_8080, 0x7FFF_FFFF]
        try store(lockstep, words, at: Self.data)
        // Thread f: acc, a, b at a0 + 12f; dp4a chained three times (also into x0 and from x0's 0).
        let r = try run(lockstep, grid: (2, 1), block: (16, 1), arg: Self.data) {
            csrr(.t0, .gpuTidX); csrr(.t5, .gpuBidX); slli(.t5, .t5, 4); add(.t0, .t0, .t5)
            li(.t1, 12); mul(.t1, .t0, .t1); add(.t1, .t1, .a0); lw(.t2, 0, .t1); lw(.t3, 4, .t1); lw(.t4, 8, .t1)
            slli(.t6, .t0, 4); add(.t6, .t6, .a0)
            gpu_dp4a(.t2, .t3, .t4); sw(.t2, 0x400, .t6)
            gpu_dp4a(.t2, .t2, .t3); gpu_dp4a(.t2, .t4, .t2); sw(.t2, 0x404, .t6)
            gpu_dp4a(.zero, .t3, .t4); mv(.t5, .zero); gpu_dp4a(.t5, .t3, .t3); sw(.t5, 0x408, .t6)
            gpu_exit()
        }
        #expect(r.model.error == nil && r.model.dp4aOps == 5 * 32)
        // The worst case: -128 x -128 x 4 onto 0x7FFFFFFF wraps.
        _ = try run(lockstep, block: (1, 1), arg: Self.data + 4 * 96) {
            lw(.t0, 0, .a0); lw(.t1, 8, .a0); gpu_dp4a(.t1, .t0, .t0); sw(.t1, 12, .a0); gpu_exit()
        }
    }

    /// What the model reports illegal stays illegal: ecall, ebreak, mret, wfi, a CSR write, a
    /// read of a CPU CSR, other custom-0 words (the RTL and the model agree, fault by fault).
    @Test func systemInstructionsAreIllegal() throws {
        let lockstep = try #require(try lockstep(.swift))
        for statement in [ecall(), ebreak(), mret(), wfi(), csrw(.gpuTidX, .t0), csrr(.t0, .mstatus), word(0x0000_300B), word(0x0200_000B)] {
            let program = Program(xlen: 32, origin: UInt64(codeAddress)) { statement; gpu_exit() }
            try lockstep.load(program.assembleBytes(), at: UInt64(codeAddress))
            let r = lockstep.run(GPULaunch(entry: codeAddress, arg: codeAddress + 64, block: (1, 1)))
            let bits = try program.assemble()[0]
            #expect(r.mismatch == nil, "\(r.mismatch ?? "")")
            #expect(r.error == GPUError(cause: 2, pc: codeAddress, address: bits))
        }
    }
}

/// A small seeded generator (SplitMix64), so the operands are the same in every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
