import Testing
import HDL
import Cores
@testable import RTLSim

// Every RV32I/RV64I and M instruction, self-checked by the program itself (check numbers in the
// exit code). Values are chosen so that one expectation holds on both XLENs where possible.

@Suite struct InstructionTests {
    @Test(arguments: [32, 64]) func integerComputation(xlen: Int) throws {
        try expectPass("""
            main:
                li a1, 7
                li a2, -3
                add a3, a1, a2;   CHECK a3, 4, 1
                sub a3, a1, a2;   CHECK a3, 10, 2
                and a3, a1, a2;   CHECK a3, 5, 3
                or a3, a1, a2;    CHECK a3, -1, 4
                xor a3, a1, a2;   CHECK a3, -6, 5
                slt a3, a2, a1;   CHECK a3, 1, 6
                slt a3, a1, a2;   CHECK a3, 0, 7
                sltu a3, a2, a1;  CHECK a3, 0, 8
                sltu a3, a1, a2;  CHECK a3, 1, 9
                sll a3, a1, a1;   CHECK a3, 896, 10
                li a4, 0x70
                li a5, 4
                srl a3, a4, a5;   CHECK a3, 7, 11
                sra a3, a2, a5;   CHECK a3, -1, 12
                li a4, -256
                sra a3, a4, a5;   CHECK a3, -16, 13
                addi a3, a1, -10; CHECK a3, -3, 14
                slti a3, a2, -2;  CHECK a3, 1, 15
                sltiu a3, a1, -1; CHECK a3, 1, 16
                xori a3, a1, -1;  CHECK a3, -8, 17
                ori a3, a1, 0x100; CHECK a3, 0x107, 18
                andi a3, a2, 0xF0; CHECK a3, 0xF0, 19
                slli a3, a1, 20;  CHECK a3, 0x700000, 20
                srli a3, a4, 4
            #if __riscv_xlen == 64
                CHECK a3, 0x0FFFFFFFFFFFFFF0, 21
            #else
                CHECK a3, 0x0FFFFFF0, 21
            #endif
                srai a3, a4, 4;   CHECK a3, -16, 22
                lui a3, 0x12345;  CHECK a3, 0x12345000, 23
                lui a3, 0x80000
            #if __riscv_xlen == 64
                CHECK a3, 0xFFFFFFFF80000000, 24
            #else
                CHECK a3, 0x80000000, 24
            #endif
            here:
                auipc a3, 0
                la a4, here
                beq a3, a4, 1f
                li a0, 25
                j fail
            1:  add x0, a1, a1;   CHECK x0, 0, 26
            #if __riscv_xlen == 64
                li a1, 0x7FFFFFFF
                addiw a3, a1, 1;  CHECK a3, -0x80000000, 30
                addw a3, a1, a1;  CHECK a3, -2, 31
                subw a3, a2, a1;  CHECK a3, 0x7FFFFFFE, 32
                slliw a3, a1, 1;  CHECK a3, -2, 33
                li a4, -16
                srliw a3, a4, 2;  CHECK a3, 0x3FFFFFFC, 34
                sraiw a3, a4, 2;  CHECK a3, -4, 35
                li a5, 33
                sllw a3, a1, a5;  CHECK a3, -2, 36
                srlw a3, a4, a5;  CHECK a3, 0x7FFFFFF8, 37
                sraw a3, a4, a5;  CHECK a3, -8, 38
                slli a3, a1, 33;  CHECK a3, 0xFFFFFFFE00000000, 39
                srli a3, a4, 60;  CHECK a3, 15, 40
                srai a3, a4, 62;  CHECK a3, -1, 41
            #endif
                j pass
            """, xlen: xlen)
    }

    @Test(arguments: [32, 64]) func loadsAndStores(xlen: Int) throws {
        try expectPass("""
            main:
                la a0, buffer
                li a1, 0x12345678
                sw a1, 0(a0)
                lw a2, 0(a0);     CHECK a2, 0x12345678, 1
                lb a2, 0(a0);     CHECK a2, 0x78, 2
                lb a2, 3(a0);     CHECK a2, 0x12, 3
                lh a2, 2(a0);     CHECK a2, 0x1234, 4
                lhu a2, 0(a0);    CHECK a2, 0x5678, 5
                li a1, -1
                sb a1, 1(a0)
                lw a2, 0(a0);     CHECK a2, 0x1234FF78, 6
                lbu a2, 1(a0);    CHECK a2, 255, 7
                lb a2, 1(a0);     CHECK a2, -1, 8
                sh a1, 2(a0)
                lw a2, 0(a0);     CHECK a2, -136, 9
                lhu a2, 2(a0);    CHECK a2, 0xFFFF, 10
                lh a2, 2(a0);     CHECK a2, -1, 11
                li a1, 0x55
                sb a1, 6(a0)
                lbu a2, 6(a0);    CHECK a2, 0x55, 12
                lw a2, 4(a0);     CHECK a2, 0x00550000, 13
                sw a1, -4(a0)     # negative offsets address the word before
                lw a2, -4(a0);    CHECK a2, 0x55, 14
            #if __riscv_xlen == 64
                la a0, aligned - 8
                li a1, 0x0123456789ABCDEF
                sd a1, 8(a0)
                ld a2, 8(a0);     CHECK a2, 0x0123456789ABCDEF, 20
                lw a2, 8(a0);     CHECK a2, 0xFFFFFFFF89ABCDEF, 21
                lwu a2, 8(a0);    CHECK a2, 0x89ABCDEF, 22
                lwu a2, 12(a0);   CHECK a2, 0x01234567, 23
                lh a2, 14(a0);    CHECK a2, 0x0123, 24
                lb a2, 15(a0);    CHECK a2, 0x01, 25
            #endif
                j pass
            .data
            .word 0
            buffer: .dword 0, 0, 0
            .balign 8
            aligned: .dword 0, 0
            """, xlen: xlen)
    }

    @Test(arguments: [32, 64]) func forwardingAndLoadUse(xlen: Int) throws {
        let r = try expectPass("""
            main:
                li a1, 1
                add a2, a1, a1        # EX/MEM -> EX
                add a3, a2, a1        # EX/MEM and MEM/WB -> EX
                add a4, a3, a2        # both sources forwarded
                add a5, a4, a1        # MEM/WB read in decode is bypassed
                CHECK a2, 2, 1
                CHECK a3, 3, 2
                CHECK a4, 5, 3
                CHECK a5, 6, 4
                la a0, data
                lw t0, 0(a0)
                addi t1, t0, 1        # load-use: one stall
                CHECK t1, 43, 5
                lw t0, 0(a0)
                sw t0, 4(a0)          # load to store data
                lw t1, 4(a0)
                CHECK t1, 42, 6
                SREG a0, 8(a0)
                LREG t2, 8(a0)
                lw t3, 0(t2)          # load to load address (t2 points at data)
                CHECK t3, 42, 11
                lw t0, 0(a0)
                nop
                add t1, t0, t0        # load then one instruction: forwarded from write-back
                CHECK t1, 84, 7
                li t4, 10
                addi t4, t4, 1
                addi t4, t4, 1
                addi t4, t4, 1
                CHECK t4, 13, 8
                mul t5, t4, t4        # multiplier result forwarded from the memory stage
                addi t5, t5, 1
                CHECK t5, 170, 9
                csrw mscratch, t5
                csrr t6, mscratch     # CSR result forwarded
                addi t6, t6, 1
                li a1, 171
                bne t6, a1, bad
                j pass
            bad: li a0, 10
                j fail
            .data
            data: .dword 42, 0
            """, xlen: xlen)
        _ = r
    }
}

extension InstructionTests {
    @Test(arguments: [32, 64]) func branchesAndJumps(xlen: Int) throws {
        let r = try expectPass("""
            main:
                li a1, -1
                li a2, 1
                beq a1, a2, bad1;  bne a1, a1, bad1
                blt a2, a1, bad1;  bge a1, a2, bad1
                bltu a1, a2, bad1; bgeu a2, a1, bad1
                beq a1, a1, 1f;    j bad1
            1:  bne a1, a2, 1f;    j bad1
            1:  blt a1, a2, 1f;    j bad1
            1:  bge a2, a1, 1f;    j bad1
            1:  bge a2, a2, 1f;    j bad1
            1:  bltu a2, a1, 1f;   j bad1
            1:  bgeu a1, a2, 1f;   j bad1
            1:  bgeu a1, a1, 1f;   j bad1
            1:  # a loop: the backward branch is predicted taken after warming up
                li t0, 0
                li t1, 100
            loop:
                addi t0, t0, 1
                bne t0, t1, loop
                CHECK t0, 100, 2
                # jal/jalr link values, calls and returns through the return-address stack
                li s0, 0
                li s1, 0
            again:
                call outer
                addi s1, s1, 1
                li t2, 5
                bne s1, t2, again
                CHECK s0, 15, 3
                jal t3, 1f
            linked:
            1:  la t4, linked
                beq t3, t4, 1f
                li a0, 4
                j fail
            1:  la t5, target
                jalr t6, 4(t5)          # jalr with an offset
            after:
                j bad1
            target:
                j bad1
                la t4, after
                bne t4, t6, bad1
                j pass
            bad1:
                li a0, 1
                j fail
            outer:
                addi sp, sp, -16
                SREG ra, 0(sp)
                call inner
                call inner
                LREG ra, 0(sp)
                addi sp, sp, 16
                addi s0, s0, 1
                ret
            inner:
                addi s0, s0, 1
                ret
            """, xlen: xlen)
        let taken = r.retired.filter { $0.instruction & 0x7F == 0x63 && $0.nextPC != $0.pc + 4 }
        #expect(taken.count > 100)
    }

    @Test(arguments: [32, 64]) func multiplyAndDivide(xlen: Int) throws {
        try expectPass("""
            main:
                li a1, -7
                li a2, 3
                mul a3, a1, a2;    CHECK a3, -21, 1
                mulh a3, a1, a2;   CHECK a3, -1, 2
                mulhu a3, a2, a2;  CHECK a3, 0, 3
                mulhsu a3, a1, a2; CHECK a3, -1, 4
                mulhu a3, a1, a2;  CHECK a3, 2, 5
                div a3, a1, a2;    CHECK a3, -2, 6
                rem a3, a1, a2;    CHECK a3, -1, 7
                divu a3, a2, a2;   CHECK a3, 1, 8
                remu a3, a1, a2
            #if __riscv_xlen == 64
                CHECK a3, 0, 9          # 2^64 - 7 = 3 * 6148914691236517203
            #else
                CHECK a3, 0, 9          # 2^32 - 7 = 3 * 1431655763
            #endif
                divu a3, a1, a2
            #if __riscv_xlen == 64
                CHECK a3, 6148914691236517203, 10
            #else
                CHECK a3, 1431655763, 10
            #endif
                div a3, a1, zero;  CHECK a3, -1, 11
                divu a3, a1, zero; CHECK a3, -1, 12
                rem a3, a1, zero;  CHECK a3, -7, 13
                remu a3, a1, zero; CHECK a3, -7, 14
                li a4, 1
                slli a4, a4, __riscv_xlen - 1    # the most negative number
                li a5, -1
                div a3, a4, a5;    beq a3, a4, 1f
                li a0, 15
                j fail
            1:  rem a3, a4, a5;    CHECK a3, 0, 16
                li a1, 1000000
                li a2, 7
                div a3, a1, a2;    CHECK a3, 142857, 17
                rem a3, a1, a2;    CHECK a3, 1, 18
                div a3, a2, a1;    CHECK a3, 0, 19      # early exit
                rem a3, a2, a1;    CHECK a3, 7, 20
                div a3, a1, a2     # back-to-back divides with a dependency
                div a3, a3, a2;    CHECK a3, 20408, 21
                mul a3, a1, a1
                mul a3, a3, a2     # back-to-back multiplies
            #if __riscv_xlen == 64
                CHECK a3, 7000000000000, 22
                li a1, 0x7FFFFFFF
                mulw a3, a1, a1;   CHECK a3, 1, 30
                li a1, -7
                divw a3, a1, a2;   CHECK a3, -1, 31
                remw a3, a1, a2;   CHECK a3, 0, 32
                divuw a3, a1, a2;  CHECK a3, 613566755, 33
                remuw a3, a1, a2;  CHECK a3, 4, 34
                li a1, -0x80000000
                li a5, -1
                divw a3, a1, a5;   CHECK a3, -0x80000000, 35
                divw a3, a1, zero; CHECK a3, -1, 36
                remuw a3, a1, zero; CHECK a3, -0x80000000, 37
                li a1, 0x123456789
                mulh a3, a1, a1;   CHECK a3, 1, 38
                mul a3, a1, a1;    CHECK a3, 0x4B66DC326FB98751, 39
            #else
                CHECK a3, -796692480, 22
            #endif
                j pass
            """, xlen: xlen)
    }
}
