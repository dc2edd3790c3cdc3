import Testing
import TestSupport
@testable import ISA
import Spec

// Instruction-semantics testbenches. Each test writes its program with the Swift assembler
// (`Program { ... }`), runs it on a fresh bare-metal machine and checks the architectural results.
// Test programs are linked at the reset PC, `Program(xlen:origin: 0x8000_0000)`.

extension Hart {
    /// Register by ABI name (`.a0`, `.sp`, `.x(5)`, ...).
    func register(_ r: Register) -> UInt64 { register(Int(r.rawValue)) }
    func setRegister(_ r: Register, _ v: UInt64) { setRegister(Int(r.rawValue), v) }
}

extension Machine {
    /// Assembles `program` and writes it to memory at its origin.
    func load(_ program: Program) throws {
        memory.write(try program.assembleBytes(), at: program.origin)
    }
}

/// Assembles `program`, loads it at its origin (which must be the reset PC 0x8000_0000) on a fresh
/// bare-metal machine of the program's xlen, presets registers, and steps `steps` (default: the
/// number of assembled words) instructions.
@discardableResult
func execute(_ program: Program, regs: [Register: UInt64] = [:], steps: Int? = nil,
             console: BufferSink = BufferSink()) throws -> (Machine, [RetirementRecord]) {
    try #require(program.origin == MemoryMap.ramBase, "test programs start at the reset PC")
    let m = Machine(xlen: program.xlen, console: console)
    try m.load(program)
    for (r, v) in regs { m.hart.setRegister(r, v) }
    var rets: [RetirementRecord] = []
    for _ in 0..<(try steps ?? program.assemble().count) { if let r = m.step() { rets.append(r) } }
    return (m, rets)
}

/// The machine word of a single instruction (e.g. for expected `mtval` values).
func encoding(_ insn: AsmStatement, xlen: Int = 32) throws -> UInt32 {
    let words = try Program(xlen: xlen) { insn }.assemble()
    try #require(words.count == 1)
    return words[0]
}

func sx(_ v: Int64) -> UInt64 { UInt64(bitPattern: v) }

@Suite struct DivisionTests {
    @Test func rv32DivisionEdgeCases() throws {
        let minInt: UInt64 = sx(Int64(Int32.min))
        let prog = Program(xlen: 32, origin: 0x8000_0000) {
            div(.gp, .ra, .sp)
            rem(.tp, .ra, .sp)
            div(.t0, .ra, .zero)
            divu(.t1, .ra, .zero)
            rem(.t2, .ra, .zero)
            remu(.s0, .ra, .zero)
            divu(.s1, .sp, .ra)
            remu(.a0, .sp, .ra)
        }
        let (m, _) = try execute(prog, regs: [.ra: minInt, .sp: sx(-1)])
        #expect(m.hart.register(.gp) == minInt)           // INT_MIN / -1 = INT_MIN
        #expect(m.hart.register(.tp) == 0)                // INT_MIN % -1 = 0
        #expect(m.hart.register(.t0) == sx(-1))           // div by zero = -1
        #expect(m.hart.register(.t1) == sx(-1))           // divu by zero = 2^32-1 (sign-extended)
        #expect(m.hart.register(.t2) == minInt)           // rem by zero = dividend
        #expect(m.hart.register(.s0) == minInt)           // remu by zero = dividend
        #expect(m.hart.register(.s1) == 1)
        #expect(m.hart.register(.a0) == sx(Int64(Int32.max)))
    }

    @Test func rv64DivisionEdgeCases() throws {
        let prog = Program(xlen: 64, origin: 0x8000_0000) {
            div(.gp, .ra, .sp)
            rem(.tp, .ra, .sp)
            div(.t0, .ra, .zero)
            divu(.t1, .ra, .zero)
            rem(.t2, .ra, .zero)
            remu(.s0, .ra, .zero)
            divw(.s1, .a1, .sp)
            remw(.a0, .a1, .sp)
            divuw(.a2, .a1, .zero)
            remuw(.a3, .a1, .zero)
        }
        let (m, _) = try execute(prog, regs: [.ra: 1 << 63, .sp: sx(-1), .a1: 0x1_8000_0000])
        #expect(m.hart.register(.gp) == 1 << 63)
        #expect(m.hart.register(.tp) == 0)
        #expect(m.hart.register(.t0) == .max)
        #expect(m.hart.register(.t1) == .max)
        #expect(m.hart.register(.t2) == 1 << 63)
        #expect(m.hart.register(.s0) == 1 << 63)
        #expect(m.hart.register(.s1) == sx(Int64(Int32.min)))   // divw uses the low 32 bits: INT32_MIN / -1
        #expect(m.hart.register(.a0) == 0)
        #expect(m.hart.register(.a2) == sx(-1))                // divuw by zero
        #expect(m.hart.register(.a3) == sx(Int64(Int32.min)))  // remuw by zero = sext(low word)
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

    @Test func mulHighInstructions() throws {
        func prog(_ xlen: Int) -> Program {
            Program(xlen: xlen, origin: 0x8000_0000) {
                mulh(.gp, .ra, .sp)
                mulhsu(.tp, .ra, .sp)
                mulhu(.t0, .ra, .sp)
                mul(.t1, .ra, .sp)
            }
        }
        let (m32, _) = try execute(prog(32), regs: [.ra: sx(-2), .sp: sx(-3)])
        #expect(m32.hart.register(.gp) == 0)              // mulh(-2,-3) = 0 (6 fits)
        #expect(m32.hart.register(.tp) == sx(-2))         // mulhsu(-2, 0xFFFFFFFD) = -2
        #expect(m32.hart.register(.t0) == sx(-5))         // mulhu(0xFFFFFFFE, 0xFFFFFFFD) = 0xFFFFFFFB
        #expect(m32.hart.register(.t1) == 6)
        let (m64, _) = try execute(prog(64), regs: [.ra: sx(-2), .sp: sx(-3)])
        #expect(m64.hart.register(.gp) == 0)
        #expect(m64.hart.register(.tp) == sx(-2))
        #expect(m64.hart.register(.t0) == sx(-5))
    }
}

@Suite struct ShiftAndWordTests {
    @Test func rv32ShiftAmountsUseFiveBits() throws {
        let prog = Program(xlen: 32, origin: 0x8000_0000) {
            sll(.gp, .ra, .sp)
            srl(.tp, .t0, .sp)
            sra(.t1, .t0, .sp)
            srai(.t2, .t0, 31)
        }
        let (m, _) = try execute(prog, regs: [.ra: 1, .sp: 33, .t0: sx(Int64(Int32.min))])
        #expect(m.hart.register(.gp) == 2)
        #expect(m.hart.register(.tp) == 0x4000_0000)
        #expect(m.hart.register(.t1) == sx(-0x4000_0000))
        #expect(m.hart.register(.t2) == sx(-1))
    }

    @Test func rv32SlliWithShamtBit5IsIllegal() throws {
        // slli ra, ra, 32: shamt[5] is reserved on RV32, so the assembler (rightly) refuses it.
        let slliShamt32: UInt32 = 0x0200_9093
        let (m, r) = try execute(Program(xlen: 32, origin: 0x8000_0000) { word(slliShamt32) })
        #expect(r[0].trap?.cause == 2)
        #expect(m.architecturalState.mtval == UInt64(slliShamt32))
    }

    @Test func rv64WordOperationsSignExtend() throws {
        let prog = Program(xlen: 64, origin: 0x8000_0000) {
            addiw(.gp, .ra, 1)
            sllw(.tp, .sp, .t1)
            srlw(.t0, .t2, .t1)
            sraw(.s0, .t2, .t1)
            slliw(.s1, .sp, 31)
            sraiw(.a0, .t2, 4)
            addw(.a1, .a2, .a2)
            slli(.a3, .sp, 63)
            sll(.a4, .sp, .a5)
        }
        let (m, _) = try execute(prog, regs: [.ra: 0x7FFF_FFFF, .sp: 1, .t1: 35, .t2: 0xFFFF_FFFF_8000_0000,
                                              .a2: 0x1_7FFF_FFFF, .a5: 64 + 3])
        #expect(m.hart.register(.gp) == 0xFFFF_FFFF_8000_0000)
        #expect(m.hart.register(.tp) == 8)                       // sllw uses shamt & 31 = 3
        #expect(m.hart.register(.t0) == 0x1000_0000)             // srlw zero-fills from bit 31
        #expect(m.hart.register(.s0) == 0xFFFF_FFFF_F000_0000)
        #expect(m.hart.register(.s1) == 0xFFFF_FFFF_8000_0000)
        #expect(m.hart.register(.a0) == 0xFFFF_FFFF_F800_0000)
        #expect(m.hart.register(.a1) == 0xFFFF_FFFF_FFFF_FFFE)
        #expect(m.hart.register(.a3) == 1 << 63)
        #expect(m.hart.register(.a4) == 8)                       // sll uses shamt & 63
    }

    @Test func rv32AddWrapsAndSltuCompare() throws {
        let prog = Program(xlen: 32, origin: 0x8000_0000) {
            add(.gp, .ra, .ra)
            sltu(.tp, .sp, .ra)
            slt(.t0, .sp, .ra)
            lui(.t1, 0x80000)
        }
        let (m, _) = try execute(prog, regs: [.ra: 0x7FFF_FFFF, .sp: sx(-1)])
        #expect(m.hart.register(.gp) == sx(-2))
        #expect(m.hart.register(.tp) == 0)     // 0xFFFFFFFF <u 0x7FFFFFFF is false
        #expect(m.hart.register(.t0) == 1)
        #expect(m.hart.register(.t1) == sx(Int64(Int32.min)))
    }
}

@Suite struct LoadStoreTests {
    @Test(arguments: [32, 64])
    func loadsSignAndZeroExtend(xlen: Int) throws {
        let prog = Program(xlen: xlen, origin: 0x8000_0000) {
            sw(.sp, 0, .ra)
            lb(.gp, 0, .ra)
            lbu(.tp, 0, .ra)
            lh(.t0, 2, .ra)
            lhu(.t1, 2, .ra)
            lw(.t2, 0, .ra)
            if xlen == 64 { lwu(.s0, 0, .ra) }
        }
        let (m, r) = try execute(prog, regs: [.ra: 0x8000_1000, .sp: 0x8081_8283])
        #expect(m.hart.register(.gp) == sx(-0x7D))           // lb 0x83
        #expect(m.hart.register(.tp) == 0x83)                // lbu
        #expect(m.hart.register(.t0) == sx(-0x7F7F))         // lh 0x8081
        #expect(m.hart.register(.t1) == 0x8081)              // lhu
        #expect(m.hart.register(.t2) == 0xFFFF_FFFF_8081_8283)
        if xlen == 64 { #expect(m.hart.register(.s0) == 0x8081_8283) }
        #expect(r[0].memIsWrite && r[0].memAddress == 0x8000_1000 && r[0].memData == 0x8081_8283 && r[0].memMask == 0xF)
        #expect(r[1].memAddress == 0x8000_1000 && r[1].memData == 0x83 && !r[1].memIsWrite)
    }

    @Test(arguments: [32, 64])
    func misalignedAccessesTrap(xlen: Int) throws {
        let (m, r) = try execute(Program(xlen: xlen, origin: 0x8000_0000) { lw(.gp, 1, .ra) }, regs: [.ra: 0x8000_1000])
        #expect(r[0].trap == Trap(.loadMisaligned, tval: 0x8000_1001))
        #expect(m.architecturalState.mepc == 0x8000_0000)
        let (m2, r2) = try execute(Program(xlen: xlen, origin: 0x8000_0000) { sh(.sp, 3, .ra) }, regs: [.ra: 0x8000_1000])
        #expect(r2[0].trap?.cause == 6)
        #expect(m2.architecturalState.mtval == 0x8000_1003)
        let (_, r3) = try execute(Program(xlen: xlen, origin: 0x8000_0000) { jalr(.ra, 2, .sp) }, regs: [.sp: 0x8000_0100])
        #expect(r3[0].trap == Trap(.instructionMisaligned, tval: 0x8000_0102))
    }

    @Test func accessOutsideRAMFaults() throws {
        let (m, r) = try execute(Program(xlen: 32, origin: 0x8000_0000) { lw(.gp, 0, .ra) }, regs: [.ra: 0x4000_0000])
        #expect(r[0].trap?.cause == 5)
        #expect(m.architecturalState.mtval == 0x4000_0000)
    }

    @Test func storeInvalidatesDecodedInstruction() throws {
        // Overwrite the instruction at 0x80000008 (addi t0, zero, 1) with addi t0, zero, 7.
        let newInsn = try encoding(addi(.t0, .zero, 7))
        let prog = Program(xlen: 32, origin: 0x8000_0000) {
            sw(.sp, 8, .ra)            // ra = 0x80000000, sp = newInsn
            j("patched")
            Label("patched")
            addi(.t0, .zero, 1)        // 0x80000008
        }
        let m = Machine(xlen: 32, console: BufferSink())
        try m.load(prog)
        // Decode the target once, then come back to it after the store.
        m.hart.pc = 0x8000_0008; _ = m.step(); m.hart.pc = 0x8000_0000
        m.hart.setRegister(.ra, 0x8000_0000); m.hart.setRegister(.sp, UInt64(newInsn))
        for _ in 0..<3 { _ = m.step() }
        #expect(m.hart.register(.t0) == 7)
    }
}

@Suite struct MiscInstructionTests {
    @Test(arguments: [32, 64])
    func writesToX0AreDiscarded(xlen: Int) throws {
        let prog = Program(xlen: xlen, origin: 0x8000_0000) {
            addi(.zero, .zero, 5)
            add(.ra, .zero, .zero)
            lui(.zero, 1)
        }
        let (m, r) = try execute(prog)
        #expect(m.hart.register(.x(0)) == 0 && m.hart.register(.ra) == 0)
        #expect(r[0].rd == nil && r[1].rd == 1)
    }

    @Test(arguments: [32, 64])
    func illegalInstructionsTrapWithBits(xlen: Int) throws {
        let illegal: [AsmStatement] = [
            word(0x0000_000B),        // custom-0 (GPU opcode space): not implemented by the CPU
            word(0xFFFF_FFFF),        // reserved (all ones)
            word(0x0000_0000),        // defined illegal (all zeros)
            csrr(.ra, .gpuTidX),      // GPU CSRs do not exist on the CPU
            csrr(.ra, .gpuUnit),
            csrr(.ra, 0x7FF),         // unimplemented CSR
        ]
        for insn in illegal {
            let bits = try encoding(insn, xlen: xlen)
            let (m, r) = try execute(Program(xlen: xlen, origin: 0x8000_0000) { insn })
            #expect(r[0].trap?.cause == 2, "word \(bits)")
            #expect(m.architecturalState.mtval == UInt64(bits))
        }
        // ld ra, 0(zero): RV64-only, so the assembler refuses it for xlen 32; raw word on RV32.
        let (_, r) = try execute(Program(xlen: 32, origin: 0x8000_0000) { word(0x0000_3083) })
        #expect(r[0].trap?.cause == 2)
    }

    @Test(arguments: [32, 64])
    func ecallAndEbreakCauses(xlen: Int) throws {
        let (m, r) = try execute(Program(xlen: xlen, origin: 0x8000_0000) { ecall() })
        #expect(r[0].trap?.cause == 11 && m.architecturalState.mepc == 0x8000_0000)
        let (m2, r2) = try execute(Program(xlen: xlen, origin: 0x8000_0000) { ebreak() })
        #expect(r2[0].trap?.cause == 3 && m2.architecturalState.mtval == 0x8000_0000)
    }

    @Test func readOnlyAndPrivilegedCSRs() throws {
        // Writing mhartid (read-only) is illegal; reading it is fine.
        let (_, r) = try execute(Program(xlen: 64, origin: 0x8000_0000) {
            csrrw(.ra, .mhartid, .sp)
            csrr(.gp, .mhartid)
        })
        #expect(r[0].trap?.cause == 2)
        // Drop to U-mode via mret (MPP = 0), then touch mstatus: illegal with mtval = bits.
        let bad = csrr(.gp, .mstatus)
        let prog = Program(xlen: 32, origin: 0x8000_0000) {
            lui(.ra, 0x80000)
            addi(.ra, .ra, 0x10)
            csrw(.mepc, .ra)           // mepc = 0x80000010
            mret()
            bad                        // 0x80000010, in U-mode
        }
        let (m, rr) = try execute(prog, steps: 4)
        #expect(rr[3].nextPC == 0x8000_0010 && rr[3].trap == nil)
        #expect(m.hart.privilege == .user)
        let t = m.step()
        #expect(t?.trap?.cause == 2 && t?.privilege == .user)
        #expect(m.architecturalState.mtval == UInt64(try encoding(bad)))
        #expect(m.hart.privilege == .machine)
        #expect(m.architecturalState.mstatus & (3 << 11) == 0)   // MPP = U
    }

    @Test func misaReportsExtensions() throws {
        let (m, _) = try execute(Program(xlen: 32, origin: 0x8000_0000) { csrr(.ra, .misa) })
        #expect(m.hart.register(.ra) == MulDiv.sext32(0x4014_1100))
        let (m64, _) = try execute(Program(xlen: 64, origin: 0x8000_0000) { csrr(.ra, .misa) })
        #expect(m64.hart.register(.ra) == 0x8000_0000_0014_1100)
    }

    @Test func timerInterruptArrives() throws {
        // mtvec = 0x80000100; mtimecmp = 50; mie.MTIE; mstatus.MIE; then spin.
        let prog = Program(xlen: 32, origin: 0x8000_0000) {
            lui(.ra, 0x80000)
            addi(.ra, .ra, 0x100)
            csrw(.mtvec, .ra)          // mtvec = 0x80000100
            lui(.sp, 0x2004)           // sp = mtimecmp (CLINT 0x2004000)
            addi(.gp, .zero, 50)
            sw(.gp, 0, .sp)
            sw(.zero, 4, .sp)          // mtimecmp = 50
            addi(.tp, .zero, 0x80)
            csrw(.mie, .tp)            // mie.MTIE
            csrsi(.mstatus, 8)         // mstatus.MIE
            Label("spin")
            j("spin")                  // 0x80000028
            for _ in 11..<64 { word(0) }
            Label("handler")
            j("handler")               // 0x80000100
        }
        #expect(try prog.labels()["handler"] == 0x8000_0100)
        let (m, r) = try execute(prog, steps: 80)
        let trap = r.first { $0.trap != nil }
        #expect(trap?.trap?.isInterrupt == true && trap?.trap?.cause == 7)
        #expect(m.architecturalState.mcause == 0x8000_0007)
        #expect(trap?.nextPC == 0x8000_0100)
        #expect(m.architecturalState.mepc == 0x8000_0028)
    }

    @Test func traceLineFormat() throws {
        let prog = Program(xlen: 32, origin: 0x8000_0000) {
            addi(.a0, .zero, 10)
            sw(.a0, 0, .ra)
            ecall()
        }
        let (_, r) = try execute(prog, regs: [.ra: 0x8000_1000])
        let f = TraceFormatter(xlen: 32)
        #expect(f.format(r[0]) == "core   0: M 0x80000000 (0x00a00513) x10 0x0000000a ; .word 0x00a00513")
        #expect(f.format(r[1]) == "core   0: M 0x80000004 (0x00a0a023) mem 0x80001000 0x0000000a ; .word 0x00a0a023")
        #expect(f.format(r[2]) == "core   0: M 0x80000008 (0x00000073) trap 11 tval 0x00000000 -> 0x00000000 ; .word 0x00000073")
        let custom = TraceFormatter(xlen: 32) { w, pc, _ in "insn \(w) at \(pc)" }
        #expect(custom.format(r[0]).hasSuffix("; insn 10487059 at 2147483648"))
    }
}
