# Privilege and virtual-memory test for the ISA model (bare metal, reports via the test finisher).
# Built for RV32 (Sv32) and RV64 (Sv39) from this one source. It:
#  - builds page tables: identity kernel superpage (non-U), user pages (code R-X-U, data R-W-U with
#    A=D=0), an X-only page (MXR) and a misaligned superpage;
#  - runs the same under both A/D schemes: where the hardware sets A and D (qemu), and under
#    Svade (our RTL, the ISA model's default, Spike), where a clear A (or D on a permitted store)
#    is a page fault that the handlers fix up as a kernel does (AD_FIXUP) and do not log;
#  - runs S-mode code: U page without SUM faults, with SUM works, S fetch from U page faults,
#    MXR, misaligned superpage, store to read-only page, ecall from S;
#  - runs U-mode code: access to a kernel page (load page fault delegated to S via medeleg),
#    CSR access from U (illegal, mtval = bits), ecall from U;
#  - in M-mode: MPRV, nonexistent CSR 0xCC0, write to read-only mhartid, timer and software
#    interrupts from the CLINT;
#  - compares the logged (cause, tval) pairs with the expected table and checks the A/D bits.
# Failure: exit code = number of the first mismatching log entry (or 99-102, see below).

#include "harness.h"

    .text
    .globl _start
_start:
    OPEN_PMP
    la      t0, m_trap
    csrw    mtvec, t0
    la      t0, s_trap
    csrw    stvec, t0

    # --- page tables ---
    li      s0, 0x80000000
    SETPTE  pt_root, ROOT_KERNEL, s0, 0xCF            # kernel superpage V R W X A D
#if __riscv_xlen == 64
    la      s0, pt_l1
    SETPTE  pt_root, ROOT_USER, s0, 0x01              # pointer
    la      s0, pt_l0
    SETPTE  pt_l1, 0, s0, 0x01
#else
    la      s0, pt_l0
    SETPTE  pt_root, ROOT_USER, s0, 0x01
#endif
    la      s0, user_code
    SETPTE  pt_l0, 0, s0, 0x1B                        # V R X U, A=0
    la      s0, user_data
    SETPTE  pt_l0, 1, s0, 0x17                        # V R W U, A=D=0
    la      s0, xonly_data
    SETPTE  pt_l0, 3, s0, 0x49                        # V X A (not U)
    li      s0, 0x80001000
    SETPTE  pt_root, ROOT_MISALIGNED, s0, 0xCF        # misaligned superpage
    la      t0, pt_root
    srli    t0, t0, 12
#if __riscv_xlen == 64
    li      t1, 8
    slli    t1, t1, 60
#else
    li      t1, 0x80000000
#endif
    or      t0, t0, t1
    csrw    satp, t0
    sfence.vma

    # --- S phase ---
    la      t0, after_s
    la      t1, resume
    SREG    t0, 0(t1)
    li      t0, 0x1800
    csrc    mstatus, t0
    li      t0, 0x0800
    csrs    mstatus, t0                               # MPP = S
    la      t0, s_code
    csrw    mepc, t0
    mret

after_s:
    # --- U phase (load page faults delegated to S) ---
    la      t0, after_u
    la      t1, resume
    SREG    t0, 0(t1)
    li      t0, 1 << 13
    csrw    medeleg, t0
    li      t0, 0x1800
    csrc    mstatus, t0                               # MPP = U
    li      t0, 0x40000000
    csrw    mepc, t0
    mret

after_u:
    csrw    medeleg, zero
    # --- M phase ---
    # MPRV with MPP = U: a load of a kernel (non-U) page faults.
    li      t0, 0x1800
    csrc    mstatus, t0
    li      t0, 0x20000
    csrs    mstatus, t0
    la      a0, kdata
    LREG    a1, 0(a0)
    li      t0, 0x20000
    csrc    mstatus, t0
    # Nonexistent CSR (GPU range 0xCC0 is illegal on the CPU) and write to read-only mhartid.
    .word   0xCC002573                                # csrr a0, 0xcc0
    .word   0xF1451073                                # csrw mhartid, a0
    # Timer interrupt. MIE is on here (the mret that left M mode for S took MIE from MPIE = 1, and
    # the ecall back kept it in MPIE for m_resume's mret): turn it off, or the interrupt can be
    # taken just before wfi, whose return finds nothing pending and waits for ever (qemu did, about
    # one run in ten). 102 checks that it is off. The log length is read before the timer is armed:
    # on a machine whose time runs on its own (qemu), the interrupt may arrive at any instruction.
    csrci   mstatus, 8
    csrr    t0, mstatus
    andi    t0, t0, 8
    beqz    t0, 3f
    FAIL    102
3:  la      s1, logidx
    LREG    s2, 0(s1)                                 # log length before the interrupt
    li      t0, CLINT_MTIME
    lw      a0, 0(t0)
    addi    a0, a0, 200
    li      t0, CLINT_MTIMECMP
    sw      zero, 4(t0)
    sw      a0, 0(t0)
    li      t0, 0x80
    csrs    mie, t0
    # Wait with MIE off between the check and wfi (which wakes on a pending interrupt even so): an
    # interrupt taken just before wfi would leave qemu's wfi waiting for one that never comes.
1:  LREG    a0, 0(s1)
    bne     a0, s2, 2f
    wfi
    csrsi   mstatus, 8                                # take it
    csrci   mstatus, 8
    j       1b
2:  csrsi   mstatus, 8
    # Software interrupt.
    li      t0, 0x8
    csrs    mie, t0
    LREG    s2, 0(s1)
    li      t0, CLINT_MSIP
    li      t1, 1
    sw      t1, 0(t0)
8:  LREG    a0, 0(s1)                                 # wait until the handler has logged it
    beq     a0, s2, 8b
    csrci   mstatus, 8

    # --- checks ---
    la      t0, pt_l0
    LREG    a0, PTESZ(t0)                             # user_data PTE: A and D set (by hardware or AD_FIXUP)
    andi    a0, a0, 0xC0
    li      a1, 0xC0
    beq     a0, a1, 2f
    FAIL    100
2:  LREG    a0, 0(t0)                                 # user_code PTE: A set, D clear
    andi    a0, a0, 0xC0
    li      a1, 0x40
    beq     a0, a1, 3f
    FAIL    101
3:  la      s1, log
    la      s2, expected
    la      s3, expected_end
    li      s4, 1
4:  LREG    a0, 0(s1)
    LREG    a1, 0(s2)
    bne     a0, a1, 5f
    LREG    a0, XLENB(s1)
    LREG    a1, XLENB(s2)
    bne     a0, a1, 5f
    addi    s1, s1, 2 * XLENB
    addi    s2, s2, 2 * XLENB
    addi    s4, s4, 1
    bne     s2, s3, 4b
    la      t0, logidx
    LREG    a0, 0(t0)
    addi    s4, s4, -1
    beq     a0, s4, pass
    FAIL    99
5:  li      t0, FINISHER
    slli    t1, s4, 16
    li      t2, 0x3333
    or      t1, t1, t2
    sw      t1, 0(t0)
6:  j       6b
pass:
    li      t0, FINISHER
    li      t1, 0x5555
    sw      t1, 0(t0)
7:  j       7b

# --- S-mode code (identity-mapped kernel superpage) ---
s_code:
    la      a0, kdata
    LREG    a1, 0(a0)                                 # ok
    li      a0, 0x40001000
    LREG    a1, 0(a0)                                 # 13: U page without SUM
    li      a2, 0x40000
    csrs    sstatus, a2                               # SUM
    LREG    a1, 0(a0)                                 # ok
    li      a3, 0x1234
    SREG    a3, 8(a0)                                 # ok, sets D
    li      a0, 0x40000000
    jalr    ra, 0(a0)                                 # 12: S fetch from U page (even with SUM)
    li      a0, 0x40003000
    LREG    a1, 0(a0)                                 # 13: X-only page without MXR
    li      a2, 0x80000
    csrs    sstatus, a2                               # MXR
    LREG    a1, 0(a0)                                 # ok
    li      a0, 0xC0000000
    LREG    a1, 0(a0)                                 # 13: misaligned superpage
    li      a0, 0x40000000
    SREG    a3, 0(a0)                                 # 15: store to read-only page
    li      a2, 0xC0000
    csrc    sstatus, a2
    ecall                                             # 9

# --- trap handlers ---
# Svade: a page fault only because A, or D on a store to a writable page, is clear on one of the two
# user pages: set the bit as a kernel does, sfence.vma, and retry without logging (\xret).
.macro AD_FIXUP cause, tval, xret
    li      t2, 12
    beq     \cause, t2, 1f
    li      t2, 13
    beq     \cause, t2, 1f
    li      t2, 15
    bne     \cause, t2, 3f
1:  srli    t2, \tval, 12
    li      t3, 0x40000
    sub     t2, t2, t3
    li      t3, 2
    bgeu    t2, t3, 3f                                # not user_code or user_data
    slli    t2, t2, PTESHIFT
    la      t3, pt_l0
    add     t3, t3, t2
    LREG    t2, 0(t3)
    li      t4, 0x40                                  # A
    li      t5, 15
    bne     \cause, t5, 2f
    andi    t5, t2, 4
    beqz    t5, 2f
    ori     t4, t4, 0x80                              # and D, for a store to a writable page
2:  and     t5, t2, t4
    beq     t5, t4, 3f                                # already set: a real fault
    or      t2, t2, t4
    SREG    t2, 0(t3)
    sfence.vma
    \xret
3:
.endm

    .balign 4
m_trap:
    csrr    t0, mcause
    csrr    t1, mtval
    AD_FIXUP t0, t1, mret
    LOG     t0, t1
    bltz    t0, m_interrupt
    li      t1, 8
    beq     t0, t1, m_resume
    li      t1, 9
    beq     t0, t1, m_resume
    li      t1, 12
    beq     t0, t1, m_return_ra
    csrr    t1, mepc
    addi    t1, t1, 4
    csrw    mepc, t1
    mret
m_resume:                                             # ecall: continue the M-mode script
    li      t1, 0x1800
    csrs    mstatus, t1
    la      t1, resume
    LREG    t1, 0(t1)
    csrw    mepc, t1
    mret
m_return_ra:                                          # fetch fault: return to the caller
    csrw    mepc, ra
    mret
m_interrupt:
    li      t1, CLINT_MTIMECMP
    li      t2, -1
    sw      t2, 0(t1)
    sw      t2, 4(t1)
    li      t1, CLINT_MSIP
    sw      zero, 0(t1)
    mret

    .balign 4
s_trap:
    csrr    t0, scause
    csrr    t1, stval
    AD_FIXUP t0, t1, sret
    ori     t0, t0, 0x100                             # mark "handled in S"
    LOG     t0, t1
    csrr    t1, sepc
    addi    t1, t1, 4
    csrw    sepc, t1
    sret

# --- U-mode code: its own 4 KiB page, mapped at 0x40000000 ---
    .balign 4096
user_code:
    li      a0, 0x40001000
    LREG    a1, 8(a0)                                 # ok
    li      a0, 0x80000000
    LREG    a1, 0(a0)                                 # 13 (delegated to S): kernel page from U
    csrr    a0, mstatus                               # 2: M CSR from U
    ecall                                             # 8
    .balign 4096

    .data
    .balign 4096
pt_root:    .space 4096
pt_l1:      .space 4096
pt_l0:      .space 4096
user_data:  .space 4096
xonly_data: .space 4096
kdata:      WORD 0x55
resume:     WORD 0
logidx:     WORD 0
log:        .space 64 * XLENB
expected:
    WORD 13, 0x40001000
    WORD 12, 0x40000000
    WORD 13, 0x40003000
    WORD 13, 0xC0000000
    WORD 15, 0x40000000
    WORD 9, 0
    WORD 0x10D, 0x80000000
    WORD 2, 0x30002573
    WORD 8, 0
    WORD 13, kdata
    WORD 2, 0xCC002573
    WORD 2, 0xF1451073
    WORD IRQ(7), 0
    WORD IRQ(3), 0
expected_end:
