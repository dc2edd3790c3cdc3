import Testing
@testable import ISA

/// Loads `program` at 0x8000_0000 on a fresh bare-metal machine, presets registers, and steps
/// `steps` (default: program length) instructions.
@discardableResult
func execute(_ xlen: Int, _ program: [UInt32], regs: [Int: UInt64] = [:], steps: Int? = nil) -> (Machine, [Retirement]) {
    let m = Machine(xlen: xlen, console: BufferSink())
    var bytes: [UInt8] = []
    for w in program { for k in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: w >> (8 * UInt32(k)))) } }
    m.memory.write(bytes, at: 0x8000_0000)
    for (r, v) in regs { m.hart.setRegister(r, v) }
    var rets: [Retirement] = []
    for _ in 0..<(steps ?? program.count) { if let r = m.step() { rets.append(r) } }
    return (m, rets)
}

func sx(_ v: Int64) -> UInt64 { UInt64(bitPattern: v) }

@Suite struct DivisionTests {
    @Test func rv32DivisionEdgeCases() {
        let minInt: UInt64 = sx(Int64(Int32.min))
        let prog = [Enc.m(4, 3, 1, 2), Enc.m(6, 4, 1, 2), Enc.m(4, 5, 1, 0), Enc.m(5, 6, 1, 0),
                    Enc.m(6, 7, 1, 0), Enc.m(7, 8, 1, 0), Enc.m(5, 9, 2, 1), Enc.m(7, 10, 2, 1)]
        let (m, _) = execute(32, prog, regs: [1: minInt, 2: sx(-1)])
        #expect(m.hart.register(3) == minInt)           // INT_MIN / -1 = INT_MIN
        #expect(m.hart.register(4) == 0)                // INT_MIN % -1 = 0
        #expect(m.hart.register(5) == sx(-1))           // div by zero = -1
        #expect(m.hart.register(6) == sx(-1))           // divu by zero = 2^32-1 (sign-extended)
        #expect(m.hart.register(7) == minInt)           // rem by zero = dividend
        #expect(m.hart.register(8) == minInt)           // remu by zero = dividend
        #expect(m.hart.register(9) == 1)
        #expect(m.hart.register(10) == sx(Int64(Int32.max)))
    }

    @Test func rv64DivisionEdgeCases() {
        let prog = [Enc.m(4, 3, 1, 2), Enc.m(6, 4, 1, 2), Enc.m(4, 5, 1, 0), Enc.m(5, 6, 1, 0),
                    Enc.m(6, 7, 1, 0), Enc.m(7, 8, 1, 0),
                    Enc.m(4, 9, 11, 2, w: true), Enc.m(6, 10, 11, 2, w: true), Enc.m(5, 12, 11, 0, w: true),
                    Enc.m(7, 13, 11, 0, w: true)]
        let (m, _) = execute(64, prog, regs: [1: 1 << 63, 2: sx(-1), 11: 0x1_8000_0000])
        #expect(m.hart.register(3) == 1 << 63)
        #expect(m.hart.register(4) == 0)
        #expect(m.hart.register(5) == .max)
        #expect(m.hart.register(6) == .max)
        #expect(m.hart.register(7) == 1 << 63)
        #expect(m.hart.register(8) == 1 << 63)
        #expect(m.hart.register(9) == sx(Int64(Int32.min)))   // divw uses the low 32 bits: INT32_MIN / -1
        #expect(m.hart.register(10) == 0)
        #expect(m.hart.register(12) == sx(-1))                // divuw by zero
        #expect(m.hart.register(13) == sx(Int64(Int32.min)))  // remuw by zero = sext(low word)
    }

    @Test func divisionMatchesReference() {
        var rng = SeededRNG(seed: 42)
        let special: [UInt64] = [0, 1, .max, 1 << 63, (1 << 63) - 1, 0x8000_0000, 0x7FFF_FFFF, 0xFFFF_FFFF]
        for _ in 0..<2000 {
            let a = Bool.random(using: &rng) ? special.randomElement(using: &rng)! : rng.next()
            let b = Bool.random(using: &rng) ? special.randomElement(using: &rng)! : rng.next() >> (rng.next() % 64)
            let sa = Int64(bitPattern: a), sb = Int64(bitPattern: b)
            if b != 0 && !(sa == .min && sb == -1) {
                #expect(MulDiv.div(a, b) == UInt64(bitPattern: sa / sb))
                #expect(MulDiv.rem(a, b) == UInt64(bitPattern: sa % sb))
                #expect(MulDiv.divu(a, b) == a / b)
                #expect(MulDiv.remu(a, b) == a % b)
            }
            let full = Int128(sa) * Int128(sb)
            #expect(MulDiv.mulh(a, b) == UInt64(truncatingIfNeeded: full >> 64))
            #expect(MulDiv.mulhu(a, b) == UInt64(truncatingIfNeeded: (UInt128(a) * UInt128(b)) >> 64))
            #expect(MulDiv.mulhsu(a, b) == UInt64(truncatingIfNeeded: (Int128(sa) * Int128(b)) >> 64))
            let a32 = Int64(Int32(truncatingIfNeeded: a)), b32 = Int64(Int32(truncatingIfNeeded: b))
            #expect(MulDiv.mulh32(a, b) == sx((a32 * b32) >> 32))
            #expect(MulDiv.mulhsu32(a, b) == sx((a32 * Int64(UInt32(truncatingIfNeeded: b))) >> 32))
            #expect(MulDiv.mulhu32(a, b) == MulDiv.sext32((UInt64(UInt32(truncatingIfNeeded: a)) * UInt64(UInt32(truncatingIfNeeded: b))) >> 32))
        }
    }

    @Test func mulHighInstructions() {
        let prog = [Enc.m(1, 3, 1, 2), Enc.m(2, 4, 1, 2), Enc.m(3, 5, 1, 2), Enc.m(0, 6, 1, 2)]
        let (m32, _) = execute(32, prog, regs: [1: sx(-2), 2: sx(-3)])
        #expect(m32.hart.register(3) == 0)              // mulh(-2,-3) = 0 (6 fits)
        #expect(m32.hart.register(4) == sx(-2))         // mulhsu(-2, 0xFFFFFFFD) = -2
        #expect(m32.hart.register(5) == sx(-5))         // mulhu(0xFFFFFFFE, 0xFFFFFFFD) = 0xFFFFFFFB
        #expect(m32.hart.register(6) == 6)
        let (m64, _) = execute(64, prog, regs: [1: sx(-2), 2: sx(-3)])
        #expect(m64.hart.register(3) == 0)
        #expect(m64.hart.register(4) == sx(-2))
        #expect(m64.hart.register(5) == sx(-5))
    }
}

@Suite struct ShiftAndWordTests {
    @Test func rv32ShiftAmountsUseFiveBits() {
        let prog = [Enc.sll(3, 1, 2), Enc.srl(4, 5, 2), Enc.sra(6, 5, 2), Enc.srai(7, 5, 31)]
        let (m, _) = execute(32, prog, regs: [1: 1, 2: 33, 5: sx(Int64(Int32.min))])
        #expect(m.hart.register(3) == 2)
        #expect(m.hart.register(4) == 0x4000_0000)
        #expect(m.hart.register(6) == sx(-0x4000_0000))
        #expect(m.hart.register(7) == sx(-1))
    }

    @Test func rv32SlliWithShamtBit5IsIllegal() {
        let (m, r) = execute(32, [Enc.slli(1, 1, 32)])
        #expect(r[0].trap?.cause == 2)
        #expect(m.architecturalState.mtval == UInt64(Enc.slli(1, 1, 32)))
    }

    @Test func rv64WordOperationsSignExtend() {
        let prog = [Enc.addiw(3, 1, 1), Enc.sllw(4, 2, 6), Enc.srlw(5, 7, 6), Enc.sraw(8, 7, 6),
                    Enc.slliw(9, 2, 31), Enc.sraiw(10, 7, 4), Enc.addw(11, 12, 12), Enc.slli(13, 2, 63),
                    Enc.sll(14, 2, 15)]
        let (m, _) = execute(64, prog, regs: [1: 0x7FFF_FFFF, 2: 1, 6: 35, 7: 0xFFFF_FFFF_8000_0000, 12: 0x1_7FFF_FFFF, 15: 64 + 3])
        #expect(m.hart.register(3) == 0xFFFF_FFFF_8000_0000)
        #expect(m.hart.register(4) == 8)                       // sllw uses shamt & 31 = 3
        #expect(m.hart.register(5) == 0x1000_0000)             // srlw zero-fills from bit 31
        #expect(m.hart.register(8) == 0xFFFF_FFFF_F000_0000)
        #expect(m.hart.register(9) == 0xFFFF_FFFF_8000_0000)
        #expect(m.hart.register(10) == 0xFFFF_FFFF_F800_0000)
        #expect(m.hart.register(11) == 0xFFFF_FFFF_FFFF_FFFE)
        #expect(m.hart.register(13) == 1 << 63)
        #expect(m.hart.register(14) == 8)                       // sll uses shamt & 63
    }

    @Test func rv32AddWrapsAndSltuCompare() {
        let prog = [Enc.add(3, 1, 1), Enc.sltu(4, 2, 1), Enc.slt(5, 2, 1), Enc.lui(6, 0x80000)]
        let (m, _) = execute(32, prog, regs: [1: 0x7FFF_FFFF, 2: sx(-1)])
        #expect(m.hart.register(3) == sx(-2))
        #expect(m.hart.register(4) == 0)     // 0xFFFFFFFF <u 0x7FFFFFFF is false
        #expect(m.hart.register(5) == 1)
        #expect(m.hart.register(6) == sx(Int64(Int32.min)))
    }
}

@Suite struct LoadStoreTests {
    @Test(arguments: [32, 64])
    func loadsSignAndZeroExtend(xlen: Int) {
        var prog = [Enc.store(2, 2, 1, 0)]   // sw x2, 0(x1)
        prog += [Enc.load(0, 3, 1, 0), Enc.load(4, 4, 1, 0), Enc.load(1, 5, 1, 2), Enc.load(5, 6, 1, 2), Enc.load(2, 7, 1, 0)]
        if xlen == 64 { prog += [Enc.load(6, 8, 1, 0)] }
        let (m, r) = execute(xlen, prog, regs: [1: 0x8000_1000, 2: 0x8081_8283])
        #expect(m.hart.register(3) == sx(-0x7D))           // lb 0x83
        #expect(m.hart.register(4) == 0x83)                // lbu
        #expect(m.hart.register(5) == sx(-0x7F7F))         // lh 0x8081
        #expect(m.hart.register(6) == 0x8081)              // lhu
        #expect(m.hart.register(7) == 0xFFFF_FFFF_8081_8283)
        if xlen == 64 { #expect(m.hart.register(8) == 0x8081_8283) }
        #expect(r[0].memIsWrite && r[0].memAddress == 0x8000_1000 && r[0].memData == 0x8081_8283 && r[0].memMask == 0xF)
        #expect(r[1].memAddress == 0x8000_1000 && r[1].memData == 0x83 && !r[1].memIsWrite)
    }

    @Test(arguments: [32, 64])
    func misalignedAccessesTrap(xlen: Int) {
        let (m, r) = execute(xlen, [Enc.load(2, 3, 1, 1)], regs: [1: 0x8000_1000])
        #expect(r[0].trap == Trap(.loadMisaligned, tval: 0x8000_1001))
        #expect(m.architecturalState.mepc == 0x8000_0000)
        let (m2, r2) = execute(xlen, [Enc.store(1, 2, 1, 3)], regs: [1: 0x8000_1000])
        #expect(r2[0].trap?.cause == 6)
        #expect(m2.architecturalState.mtval == 0x8000_1003)
        let (_, r3) = execute(xlen, [Enc.jalr(1, 2, 2)], regs: [2: 0x8000_0100])
        #expect(r3[0].trap == Trap(.instructionMisaligned, tval: 0x8000_0102))
    }

    @Test func accessOutsideRAMFaults() {
        let (m, r) = execute(32, [Enc.load(2, 3, 1, 0)], regs: [1: 0x4000_0000])
        #expect(r[0].trap?.cause == 5)
        #expect(m.architecturalState.mtval == 0x4000_0000)
    }

    @Test func storeInvalidatesDecodedInstruction() {
        // Overwrite the instruction at 0x80000008 (addi x5, x0, 1) with addi x5, x0, 7.
        let newInsn = Enc.addi(5, 0, 7)
        let prog = [Enc.store(2, 2, 1, 8), Enc.jal(0, 4), Enc.addi(5, 0, 1)]
        let m = Machine(xlen: 32, console: BufferSink())
        var bytes: [UInt8] = []
        for w in prog { for k in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: w >> (8 * UInt32(k)))) } }
        m.memory.write(bytes, at: 0x8000_0000)
        // Decode the target once, then come back to it after the store.
        m.hart.pc = 0x8000_0008; _ = m.step(); m.hart.pc = 0x8000_0000
        m.hart.setRegister(1, 0x8000_0000); m.hart.setRegister(2, UInt64(newInsn))
        for _ in 0..<3 { _ = m.step() }
        #expect(m.hart.register(5) == 7)
    }
}

@Suite struct MiscInstructionTests {
    @Test(arguments: [32, 64])
    func writesToX0AreDiscarded(xlen: Int) {
        let (m, r) = execute(xlen, [Enc.addi(0, 0, 5), Enc.add(1, 0, 0), Enc.lui(0, 1)])
        #expect(m.hart.register(0) == 0 && m.hart.register(1) == 0)
        #expect(r[0].rd == nil && r[1].rd == 1)
    }

    @Test(arguments: [32, 64])
    func illegalInstructionsTrapWithBits(xlen: Int) {
        for word: UInt32 in [0x0000_000B, 0xFFFF_FFFF, 0x0000_0000, Enc.csr(2, 1, 0xCC0, 0), Enc.csr(2, 1, 0xCCA, 0), Enc.csr(2, 1, 0x7FF, 0)] {
            let (m, r) = execute(xlen, [word])
            #expect(r[0].trap?.cause == 2, "word \(word)")
            #expect(m.architecturalState.mtval == UInt64(word))
        }
        let (_, r) = execute(32, [Enc.load(3, 1, 0, 0)])   // ld on RV32
        #expect(r[0].trap?.cause == 2)
    }

    @Test(arguments: [32, 64])
    func ecallAndEbreakCauses(xlen: Int) {
        let (m, r) = execute(xlen, [Enc.ecall])
        #expect(r[0].trap?.cause == 11 && m.architecturalState.mepc == 0x8000_0000)
        let (m2, r2) = execute(xlen, [Enc.ebreak])
        #expect(r2[0].trap?.cause == 3 && m2.architecturalState.mtval == 0x8000_0000)
    }

    @Test func readOnlyAndPrivilegedCSRs() {
        // Writing mhartid (read-only) is illegal; reading it is fine.
        let (_, r) = execute(64, [Enc.csr(1, 1, 0xF14, 2), Enc.csr(2, 3, 0xF14, 0)])
        #expect(r[0].trap?.cause == 2)
        // Drop to U-mode via mret (MPP = 0), then touch mstatus: illegal with mtval = bits.
        let bad = Enc.csr(2, 3, 0x300, 0)
        let prog = [Enc.lui(1, 0x80000), Enc.addi(1, 1, 0x10), Enc.csr(1, 0, 0x341, 1), Enc.mret, bad]
        let (m, rr) = execute(32, prog, steps: 4)
        #expect(rr[3].nextPC == 0x8000_0010 && rr[3].trap == nil)
        #expect(m.hart.privilege == .user)
        let t = m.step()
        #expect(t?.trap?.cause == 2 && t?.privilege == .user)
        #expect(m.architecturalState.mtval == UInt64(bad))
        #expect(m.hart.privilege == .machine)
        #expect(m.architecturalState.mstatus & (3 << 11) == 0)   // MPP = U
    }

    @Test func misaReportsExtensions() {
        let (m, _) = execute(32, [Enc.csr(2, 1, 0x301, 0)])
        #expect(m.hart.register(1) == MulDiv.sext32(0x4014_1100))
        let (m64, _) = execute(64, [Enc.csr(2, 1, 0x301, 0)])
        #expect(m64.hart.register(1) == 0x8000_0000_0014_1100)
    }

    @Test func timerInterruptArrives() {
        // mtvec = 0x80000100; mtimecmp = 50; mie.MTIE; mstatus.MIE; then spin.
        let prog: [UInt32] = [
            Enc.lui(1, 0x80000), Enc.addi(1, 1, 0x100), Enc.csr(1, 0, 0x305, 1),
            Enc.lui(2, 0x2004), Enc.addi(3, 0, 50), Enc.store(2, 3, 2, 0), Enc.store(2, 0, 2, 4),
            Enc.addi(4, 0, 0x80), Enc.csr(1, 0, 0x304, 4), Enc.csr(6, 0, 0x300, 8 /* csrsi mstatus, 8 */),
            Enc.jal(0, 0),
        ]
        let handler = Array(repeating: UInt32(0), count: 64 - prog.count) + [Enc.jal(0, 0)]
        let (m, r) = execute(32, prog + handler, steps: 80)
        let trap = r.first { $0.trap != nil }
        #expect(trap?.trap?.isInterrupt == true && trap?.trap?.cause == 7)
        #expect(m.architecturalState.mcause == 0x8000_0007)
        #expect(trap?.nextPC == 0x8000_0100)
        #expect(m.architecturalState.mepc == 0x8000_0028)
    }

    @Test func traceLineFormat() {
        let (_, r) = execute(32, [Enc.addi(10, 0, 10), Enc.store(2, 10, 1, 0), Enc.ecall], regs: [1: 0x8000_1000])
        let f = TraceFormatter(xlen: 32)
        #expect(f.format(r[0]) == "core   0: M 0x80000000 (0x00a00513) x10 0x0000000a ; .word 0x00a00513")
        #expect(f.format(r[1]) == "core   0: M 0x80000004 (0x00a0a023) mem 0x80001000 0x0000000a ; .word 0x00a0a023")
        #expect(f.format(r[2]) == "core   0: M 0x80000008 (0x00000073) trap 11 tval 0x00000000 -> 0x00000000 ; .word 0x00000073")
        let custom = TraceFormatter(xlen: 32) { w, pc, _ in "insn \(w) at \(pc)" }
        #expect(custom.format(r[0]).hasSuffix("; insn 10487059 at 2147483648"))
    }
}
