# Privilege-control test (no paging): mstatus.TVM/TSR/TW, counter enables (mcounteren,
# scounteren), illegal instructions from S and U, a delegated supervisor software interrupt
# taken through a vectored stvec, ecall from S and U. Reports through the test finisher.
#include "harness.h"

    .text
    .globl _start
_start:
    OPEN_PMP
    la      t0, m_trap
    csrw    mtvec, t0
    la      t0, s_vectors
    ori     t0, t0, 1                                 # vectored
    csrw    stvec, t0
    csrw    mcounteren, zero

    # --- S phase 1: TVM | TW, pending delegated SSIP ---
    la      t0, after_s1
    la      t1, resume
    SREG    t0, 0(t1)
    li      t0, (1 << 20) | (1 << 21)
    csrs    mstatus, t0
    li      t0, 2
    csrw    mideleg, t0                               # delegate SSI
    csrs    mie, t0                                   # SSIE
    csrs    mip, t0                                   # SSIP pending
    li      t0, 0x22
    csrs    mstatus, t0                               # SIE | SPIE
    li      t0, 0x1800
    csrc    mstatus, t0
    li      t0, 0x0800
    csrs    mstatus, t0                               # MPP = S
    la      t0, s_code
    csrw    mepc, t0
    mret

after_s1:
    # --- S phase 2: TSR ---
    la      t0, after_s
    la      t1, resume
    SREG    t0, 0(t1)
    li      t0, 1 << 22
    csrs    mstatus, t0
    li      t0, 0x1800
    csrc    mstatus, t0
    li      t0, 0x0800
    csrs    mstatus, t0                               # MPP = S
    la      t0, s_code2
    csrw    mepc, t0
    mret

after_s:
    li      t0, (1 << 20) | (1 << 21) | (1 << 22)
    csrc    mstatus, t0
    li      t0, 7
    csrw    mcounteren, t0
    csrw    scounteren, zero
    # --- U phase ---
    la      t0, after_u
    la      t1, resume
    SREG    t0, 0(t1)
    li      t0, 0x1800
    csrc    mstatus, t0                               # MPP = U
    la      t0, u_code
    csrw    mepc, t0
    mret

after_u:
    CHECK_LOG_AND_EXIT

s_code:
    csrr    a0, satp                                  # 2 (TVM)
    sfence.vma                                        # 2 (TVM)
    wfi                                               # 2 (TW)
    rdcycle a0                                        # 2 (mcounteren.CY = 0)
    ecall                                             # 9

s_code2:
    sret                                              # 2 (TSR)
    ecall                                             # 9

u_code:
    rdcycle a0                                        # 2 (scounteren.CY = 0)
    wfi                                               # 2
    sret                                              # 2
    ecall                                             # 8

    .balign 4
m_trap:
    csrr    t0, mcause
    csrr    t1, mtval
    LOG     t0, t1
    li      t1, 8
    beq     t0, t1, 1f
    li      t1, 9
    beq     t0, t1, 1f
    csrr    t1, mepc
    addi    t1, t1, 4
    csrw    mepc, t1
    mret
1:  li      t1, 0x1800
    csrs    mstatus, t1
    la      t1, resume
    LREG    t1, 0(t1)
    csrw    mepc, t1
    mret

    .balign 64
s_vectors:
    j       s_exception                               # +0: exceptions
    j       s_ssi                                     # +4: supervisor software interrupt
    FAIL    97
s_exception:
    FAIL    98
s_ssi:
    csrr    t0, scause
    csrr    t1, stval
    LOG     t0, t1
    li      t0, 2
    csrc    sip, t0                                   # acknowledge
    sret

    .data
    .balign 8
resume:     WORD 0
logidx:     WORD 0
log:        .space 64 * XLENB
expected:
    WORD IRQ(1), 0
    WORD 2, 0x18002573
    WORD 2, 0x12000073
    WORD 2, 0x10500073
    WORD 2, 0xC0002573
    WORD 9, 0
    WORD 2, 0x10200073
    WORD 9, 0
    WORD 2, 0xC0002573
    WORD 2, 0x10500073
    WORD 2, 0x10200073
    WORD 8, 0
expected_end:
