import Testing
import HDL
import Cores
@testable import RTLSim

// Traps, CSRs, privilege modes and interrupts. Handlers record mcause/mtval/mepc in s3/s4/s5 and
// skip the trapping instruction, so the main program checks each trap after it happened.

let skippingHandler = """
    handler:
        csrr s3, mcause
        csrr s4, mtval
        csrr s5, mepc
        addi t5, s5, 4
        csrw mepc, t5
        mret
    """

@Suite struct TrapTests {
    @Test(arguments: [32, 64]) func exceptions(xlen: Int) throws {
        let r = try expectPass("""
            main:
                la t0, handler
                csrw mtvec, t0
            call_site:
                ecall
                CHECK s3, 11, 1
                la t1, call_site
                bne t1, s5, bad
            illegal_zero:
                .word 0x00000000
                CHECK s3, 2, 2
                CHECK s4, 0, 3
                .word 0x0000000B            # custom-0 (gpu.dp4a) is illegal on the CPU
                CHECK s3, 2, 4
                CHECK s4, 0x0000000B, 5
                csrr t1, 0xCC0              # the GPU's CSRs are illegal too
                CHECK s3, 2, 6
                li s3, 0
                csrr t1, 0x7C0              # an unimplemented CSR
                CHECK s3, 2, 7
                ebreak
                CHECK s3, 3, 8
                la t1, data
                li s3, 0
                lw t2, 1(t1)
                CHECK s3, 4, 9
                addi t1, t1, 1
                bne s4, t1, bad
                sh t2, 0(t1)
                CHECK s3, 6, 10
                bne s4, t1, bad
                la t1, landing
                li ra, 0
                jalr ra, 2(t1)              # a target that is not 4-byte aligned
                CHECK s3, 0, 11
                CHECK ra, 0, 12             # the jump did not write its link register
                addi t1, t1, 2
                bne s4, t1, bad
                li t2, 3
                blt zero, t2, landing + 2   # a taken branch to a misaligned target
                CHECK s3, 0, 13
                li s3, 0
                bge zero, t2, landing + 2   # not taken: no trap
                CHECK s3, 0, 14
                j pass
            landing:
                nop
                nop
                j bad
            bad:
                li a0, 99
                j fail
            \(skippingHandler)
            .data
            .balign 8
            data: .dword 0
            """, xlen: xlen)
        let traps = r.retired.filter(\.trap)
        #expect(traps.map(\.cause) == [11, 2, 2, 2, 2, 3, 4, 6, 0, 0])
        #expect(traps.first.map { $0.instruction } == 0x0000_0073)
    }

    @Test(arguments: [32, 64]) func controlAndStatusRegisters(xlen: Int) throws {
        try expectPass("""
            main:
                li t0, 5
                csrw mscratch, t0
                li t2, 12
                csrrw t1, mscratch, t2;  CHECK t1, 5, 1
                csrrs t1, mscratch, 3;   CHECK t1, 12, 2
                csrr t1, mscratch;       CHECK t1, 15, 3
                li t2, 6
                csrrc t1, mscratch, t2;  CHECK t1, 15, 4
                csrr t1, mscratch;       CHECK t1, 9, 5
                csrrwi t1, mscratch, 17; CHECK t1, 9, 6
                csrrsi t1, mscratch, 2;  CHECK t1, 17, 7
                csrrci t1, mscratch, 1;  CHECK t1, 19, 8
                csrr t1, mscratch;       CHECK t1, 18, 9
                csrr t1, misa
            #if __riscv_xlen == 64
                CHECK t1, 0x8000000000141100, 10
            #else
                CHECK t1, 0x40141100, 10
            #endif
                csrr t1, mhartid;        CHECK t1, 0, 11
                rdcycle t1
                rdcycle t2
                bgeu t1, t2, bad
                rdinstret t1
                nop
                rdinstret t2
                sub t2, t2, t1;          CHECK t2, 2, 12
                rdtime t1
                nop
                rdtime t2
                bgeu t1, t2, bad
            #if __riscv_xlen == 32
                rdcycleh t1;             CHECK t1, 0, 13
                li t1, 0xFFC00005        # Sv32 with every ASID bit set: ASIDs read 0
                csrw satp, t1
                csrr t1, satp;           CHECK t1, 0x80000005, 14
            #else
                li t1, 0x9000000000000005 # Sv48: not supported, satp unchanged
                csrw satp, t1
                csrr t1, satp;           CHECK t1, 0, 14
                li t1, 0x8FFFF00000000005 # Sv39 with every ASID bit set: ASIDs read 0
                csrw satp, t1
                csrr t1, satp;           CHECK t1, 0x8000000000000005, 14
            #endif
                csrw satp, zero          # (M mode does not translate)
                li t1, 0x7
                csrw mtvec, t1
                csrr t1, mtvec;          CHECK t1, 5, 15     # mode 3 is reserved: bit 1 is read-only zero
                li t1, 0x1800
                csrs mstatus, t1
                csrr t1, mstatus
                srli t1, t1, 11
                andi t1, t1, 3;          CHECK t1, 3, 16
                csrsi sstatus, 2         # SIE through the S view
                csrr t1, mstatus
                andi t1, t1, 2;          CHECK t1, 2, 17
                li t1, 0x222
                csrw mideleg, t1
                csrr t1, mideleg;        CHECK t1, 0x222, 18
                li t1, -1
                csrw medeleg, t1
                csrr t1, medeleg;        CHECK t1, 0xB3FF, 19
                csrw mie, t1
                csrr t1, sie;            CHECK t1, 0x222, 20
                li t1, -1                # CSRs that read zero (Spec CSR.readsZero): PMP entries 1-15,
                csrw pmpaddr1, t1        # no triggers, no hardware performance monitors
                csrr t2, pmpaddr1;       CHECK t2, 0, 21
                csrw tselect, t1
                csrr t2, tselect;        CHECK t2, 0, 22
                csrr t2, tdata1;         CHECK t2, 0, 23
                csrw mhpmcounter3, t1
                csrr t2, mhpmcounter3;   CHECK t2, 0, 24
                csrr t2, pmpcfg0;        CHECK t2, 0x1F, 25     # PMP entry 0 at reset: NAPOT, R W X (Spec's PMP.resetConfig)
                csrr t2, pmpaddr0        # ... over everything: 32 / 54 ones
            #if __riscv_xlen == 64
                CHECK t2, 0x3FFFFFFFFFFFFF, 26
            #else
                CHECK t2, 0xFFFFFFFF, 26
            #endif
                j pass
            bad:
                li a0, 99
                j fail
            """, xlen: xlen, cosimulate: true)
    }

    @Test(arguments: [32, 64]) func userAndSupervisorModes(xlen: Int) throws {
        let r = try expectPass("""
            main:
                la t0, handler
                csrw mtvec, t0
                la t0, shandler
                csrw stvec, t0
                li t0, 1 << 8            # ecall from U goes to S
                csrw medeleg, t0
                la t0, user
                csrw mepc, t0
                li t0, 0x1800
                csrc mstatus, t0         # MPP = U
                mret
            user:
                li a1, 42
                csrr a2, mstatus         # illegal in U mode: to M
                rdcycle a3               # mcounteren is 0: illegal in U mode
                ecall                    # delegated: to S, which returns with a1 = 43
                CHECK a1, 43, 3
                li a1, 99
                .word 0x30200073         # mret in U mode: illegal, to M, which finishes
            shandler:
                csrr t1, scause
                CHECK t1, 8, 4
                csrr t1, sstatus
                andi t1, t1, 0x100       # SPP = U
                CHECK t1, 0, 5
                li a1, 43
                csrr t1, sepc
                addi t1, t1, 4
                csrw sepc, t1
                sret
            handler:
                csrr s3, mcause
                li t1, 2
                bne s3, t1, bad
                addi s6, s6, 1
                li t1, 99
                beq a1, t1, finish
                csrr t5, mepc
                addi t5, t5, 4
                csrw mepc, t5
                mret
            finish:
                CHECK s6, 3, 6
                csrr t1, mstatus         # MPP is U: the trap came from U mode
                li t2, 0x1800
                and t1, t1, t2
                CHECK t1, 0, 7
                j pass
            bad:
                li a0, 98
                j fail
            """, xlen: xlen)
        let user = r.retired.filter { $0.mode == 0 }
        #expect(user.count >= 6, "instructions retired in U mode")
        #expect(r.retired.contains { $0.mode == 1 }, "instructions retired in S mode")
        let traps = r.retired.filter(\.trap).map(\.cause)
        #expect(traps == [2, 2, 8, 2])
    }

    @Test(arguments: [32, 64]) func timerAndSoftwareInterrupts(xlen: Int) throws {
        let r = try expectPass("""
            #if __riscv_xlen == 64
            #define INTERRUPT (1 << 63)
            #else
            #define INTERRUPT (1 << 31)
            #endif
            main:
                la t0, vectors + 1        # vectored mode
                csrw mtvec, t0
                li t0, 0x0200BFF8
                lw t1, 0(t0)              # mtime (low word)
                addi t1, t1, 300
                li t2, 0x02004000
                sw t1, 0(t2)              # mtimecmp
                sw zero, 4(t2)
                li t0, 0x80
                csrs mie, t0              # MTIE
                csrsi mstatus, 8          # MIE
                li t3, 0
            wait:
                addi t3, t3, 1
                beqz s1, wait
                CHECK s3, INTERRUPT | 7, 1
                CHECK s1, 1, 2
                li t0, 8
                csrs mie, t0              # MSIE
                li t0, 0x02000000
                li t1, 1
                sw t1, 0(t0)              # msip: a software interrupt
                nop
                nop
                CHECK s1, 2, 3
                CHECK s3, INTERRUPT | 3, 4
                j pass
            bad:
                li a0, 99
                j fail
            .balign 64
            vectors:
                j bad                     # exceptions
                .rept 2
                j bad
                .endr
                j software                # 3: machine software interrupt
                .rept 3
                j bad
                .endr
                j timer                   # 7: machine timer interrupt
            timer:
                csrr s3, mcause
                li s1, 1
                li t0, -1
                li t2, 0x02004000
                sw t0, 4(t2)              # mtimecmp far away
                sw t0, 0(t2)
                mret
            software:
                csrr s3, mcause
                li s1, 2
                li t0, 0x02000000
                sw zero, 0(t0)
                mret
            """, xlen: xlen, cosimulate: false)   // interrupts come at other times in the model
        let interrupts = r.retired.filter { $0.trap && $0.cause >> (xlen - 1) == 1 }
        #expect(interrupts.map { $0.cause & 0xF } == [7, 3])
    }
}

extension TrapTests {
    /// A supervisor timer interrupt raised by M mode through mip.STIP, delegated to S by mideleg.
    @Test(arguments: [32, 64]) func delegatedInterrupt(xlen: Int) throws {
        let r = try expectPass("""
            main:
                la t0, handler
                csrw mtvec, t0
                la t0, shandler
                csrw stvec, t0
                li t0, 1 << 5
                csrs mideleg, t0          # STIP to S
                csrs mie, t0              # STIE
                csrs mip, t0              # raise it: pending, but M mode ignores S interrupts
                nop
                nop
                CHECK s1, 0, 1
                csrsi sstatus, 2          # SIE
                la t0, supervisor
                csrw mepc, t0
                li t0, 0x1800
                csrc mstatus, t0
                li t0, 0x0800
                csrs mstatus, t0          # MPP = S
                mret
            supervisor:
                nop                       # the interrupt is taken here
                j supervisor
            shandler:
                csrr s3, scause
                li s1, 1
                ecall                     # ask M mode to clear STIP
            handler:
                csrr t1, mcause
                CHECK t1, 9, 2            # ecall from S
            #if __riscv_xlen == 64
                CHECK s3, (1 << 63) | 5, 3
            #else
                CHECK s3, (1 << 31) | 5, 3
            #endif
                li t0, 1 << 5
                csrc mip, t0
                j pass
            """, xlen: xlen)
        #expect(r.retired.contains { $0.trap && $0.mode == 1 && $0.cause & 0xF == 5 })
    }

    @Test(arguments: [32, 64]) func fencesAndWait(xlen: Int) throws {
        try expectPass("""
            main:
                fence
                fence rw, rw
                la t0, patched
                li t1, 0x00700513         # addi a0, zero, 7
                sw t1, 0(t0)
                fence.i                   # the next fetch sees the store
            patched:
                nop
                CHECK a0, 7, 1
                sfence.vma
                wfi                       # a no-op here: no interrupt is enabled
                li a0, 0
                j pass
            """, xlen: xlen)
    }
}

/// Timer interrupts every few dozen cycles while a loop of multiplies, divides, loads, stores and
/// branches runs: an interrupt taken at any point of the pipeline (a divide in progress, a
/// load-use stall, a misprediction, a waiting memory) must neither lose nor repeat an instruction.
@Suite struct InterruptStressTests {
    /// The loop's checksum in plain Swift, with XLEN-bit wrapping arithmetic.
    func checksum<T: FixedWidthInteger & UnsignedInteger>(_: T.Type, iterations: Int) -> T {
        var memory = [T](repeating: 0, count: 16)
        var sum: T = 0
        for i in 0..<T(iterations) {
            let square = i &* i, divisor = i &+ 7
            sum = (sum &+ square / divisor) ^ (square % divisor)
            let slot = Int(i & 15)
            memory[slot] = T(truncatingIfNeeded: UInt32(truncatingIfNeeded: memory[slot] &+ sum))
            if T.bitWidth == 64 { memory[slot] = T(truncatingIfNeeded: Int64(Int32(truncatingIfNeeded: memory[slot]))) }
            sum = sum &+ memory[slot]
        }
        return sum
    }

    @Test(arguments: [(32, 0, 0), (64, 0, 0), (32, 2, 2), (64, 1, 1), (32, 0, 2), (64, 0, 3)])
    func interruptsDoNotDisturbTheProgram(xlen: Int, latency: Int, dataLatency: Int) throws {
        let iterations = 300
        let r = try expectPass("""
            main:
                la t0, handler
                csrw mtvec, t0
                li s11, 0
                call arm
                li t0, 0x80
                csrs mie, t0
                csrsi mstatus, 8
                li s0, 0
                li s1, \(iterations)
                li s2, 0
                la s3, buffer
            loop:
                mul a0, s0, s0
                addi a1, s0, 7
                divu a2, a0, a1
                remu a3, a0, a1
                add s2, s2, a2
                xor s2, s2, a3
                andi a4, s0, 15
                slli a4, a4, 2
                add a5, s3, a4
                lw a6, 0(a5)
                add a6, a6, s2
                sw a6, 0(a5)
                lw a6, 0(a5)
                add s2, s2, a6
                addi s0, s0, 1
                bne s0, s1, loop
                csrci mstatus, 8
                mv s4, s2
                j pass
            handler:
                addi s11, s11, 1
                call arm
                mret
            arm:                        # mtimecmp = mtime + period + (count & 31)
                li t0, 0x0200BFF8
                lw t1, 0(t0)
                andi t2, s11, 31
                add t1, t1, t2
                addi t1, t1, \(23 + 100 * max(latency, dataLatency))
                li t0, 0x02004000
                sw zero, 4(t0)
                sw t1, 0(t0)
                ret
            .data
            .balign 8
            buffer: .space 64
            """, xlen: xlen, memoryLatency: latency, dataLatency: dataLatency, maxCycles: 600_000, cosimulate: false)
        let result = r.retired.last { $0.rd == 20 }?.rdValue      // s4
        let expected = xlen == 64 ? checksum(UInt64.self, iterations: iterations)
                                  : UInt64(checksum(UInt32.self, iterations: iterations))
        #expect(result == expected, "checksum")
        let interrupts = r.retired.filter { $0.trap }.count
        #expect(interrupts > 50, "only \(interrupts) interrupts")
        #expect(interrupts < 10_000, "the interrupts starve the program")
        print("RV\(xlen), latency \(latency)/\(dataLatency): \(interrupts) interrupts in \(r.cycles) cycles")
    }
}
