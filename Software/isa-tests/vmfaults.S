# Directed virtual-memory fault tests (bare metal, reports via the test finisher), RV32/Sv32 and
# RV64/Sv39 from this one source. Every case asserts the exact (cause, tval) through the trap log;
# a successful access logs (VALUE, what it read) instead, so a missing fault or a wrong translation
# both show up as a mismatch. Exit code = number of the first mismatching log entry (99: extra
# entries). The M-mode handler (no delegation) logs, skips the faulting instruction (mepc += 4; a
# fetch fault returns to ra) and returns; the cases run in S mode, the MPRV cases in M mode.
#
# Build flags (the runners build this file in three variants; see PrivilegeTests.swift and
# VirtualMemoryTests.swift):
#   SVADE     A = 0 and D = 0 are page faults (the RTL, the ISA model's default); without it the
#             same accesses must succeed and set A/D (qemu, `hdlgen iss --hardware-ad`).
#   NOT_QEMU  cases where qemu 7.2 (Debian 12's) departs from the spec: a PTE outside RAM is an
#             access fault (qemu: a page fault for unmapped space, and a ROM at 0x1000); mret to a
#             lower mode clears MPRV (qemu < 8.0 keeps it); Sv32 physical addresses above 4 GiB
#             are access faults (qemu-system-riscv32 completes the access).
#
# Virtual layout. Level-1 entries (Sv32 root[0x100 + i], Sv39 pt_l1[i] under root[1]) at L1VA(i):
#   i = 0: pointer to pt_l0;  1: misaligned superpage;  2: W-only superpage;  3, 4, 5: pointer
#   with A, D, U;  6: pointer to pt_l0b, whose entry 0 is a pointer at level 0;  7: pointer (the
#   sfence.vma x0 case);  8, 9: pointer to a table at physical 0x0, 0x1000 (outside RAM).
# Level-0 entries pt_l0[i] at L0VA(i) = 0x40000000 + i * 4 KiB: see the table set-up below.
# Root: ROOT_KERNEL identity superpage (V R W X A D), ROOT_MISALIGNED (VA 0xC0000000) a misaligned
# superpage, Sv39 root[4] (VA 0x1_0000_0000) a W-only 1 GiB leaf.

#include "harness.h"

#if __riscv_xlen == 64
#define L1TABLE pt_l1
#define L1IDX(i) (i)
#define L1VA(i) (0x40000000 + ((i) << 21))
#else
#define L1TABLE pt_root
#define L1IDX(i) (0x100+(i))
#define L1VA(i) (0x40000000 + ((i) << 22))
#endif
#define L0VA(i) (0x40000000 + ((i) << 12))

/* The leaf to physical 0x1_8000_0000 (pt_l0[10]): an access fault; not on qemu-system-riscv32,
 * which completes the access (see NOT_QEMU). */
#if __riscv_xlen == 64 || defined(NOT_QEMU)
#define PA_ABOVE_4G_CASE 1
#else
#define PA_ABOVE_4G_CASE 0
#endif

#define MPP_MASK 0x1800
#define MPP_S    0x0800
#define MPRV     0x20000
#define SUM      0x40000
#define MXR      0x80000
#define VALUE    0xAA                                 /* log marker: a value, not a trap */
#define MAGIC    0x600D                               /* dpage's first word */

# PTE flags
#define PTR      0x01                                 /* V: a pointer */
#define RW_AD    0xC7                                 /* V R W A D */
#define RWX_AD   0xCF                                 /* V R W X A D */
#define W_AD     0xC5                                 /* V W A D: reserved (W without R) */
#define X_AD     0xC9                                 /* V X A D: execute-only */

# Log (VALUE, reg); clobbers t3-t6.
.macro LOGV reg
    li      t3, VALUE
    LOG     t3, \reg
.endm

# mstatus.MPP = \mpp (0, MPP_S); clobbers t0.
.macro SET_MPP mpp
    li      t0, MPP_MASK
    csrc    mstatus, t0
    li      t0, \mpp
    csrs    mstatus, t0
.endm

    .text
    .globl _start
_start:
    OPEN_PMP
    la      t0, m_trap
    csrw    mtvec, t0

    # --- root ---
    li      s0, 0x80000000
    SETPTE  pt_root, ROOT_KERNEL, s0, RWX_AD          # kernel: identity superpage
    li      s0, 0x80200000
    SETPTE  pt_root, ROOT_MISALIGNED, s0, RWX_AD      # Sv39: PPN[1] = 1 (1 GiB); Sv32: PPN[0] = 0x200
#if __riscv_xlen == 64
    la      s0, pt_l1
    SETPTE  pt_root, ROOT_USER, s0, PTR
    li      s0, 0x80000000
    SETPTE  pt_root, 4, s0, W_AD                      # W-only leaf at level 2
#endif
    # --- level 1 ---
    la      s0, pt_l0
    SETPTE  L1TABLE, L1IDX(0), s0, PTR
    li      s0, 0x80001000
    SETPTE  L1TABLE, L1IDX(1), s0, RWX_AD             # misaligned: PPN[0] = 1
    li      s0, 0x80000000
    SETPTE  L1TABLE, L1IDX(2), s0, W_AD               # W-only leaf at level 1 (aligned)
    la      s0, pt_lx
    SETPTE  L1TABLE, L1IDX(3), s0, 0x41               # pointer with A
    SETPTE  L1TABLE, L1IDX(4), s0, 0x81               # pointer with D
    SETPTE  L1TABLE, L1IDX(5), s0, 0x11               # pointer with U
    SETPTE  L1TABLE, L1IDX(7), s0, PTR                # pointer (made invalid by a case)
    la      s0, pt_l0b
    SETPTE  L1TABLE, L1IDX(6), s0, PTR
    SETPTE  L1TABLE, L1IDX(8), zero, PTR              # next table at 0x0
    li      s0, 0x1000
    SETPTE  L1TABLE, L1IDX(9), s0, PTR                # next table at 0x1000
    # --- level 0 ---
    la      s0, pt_lx
    SETPTE  pt_l0b, 0, s0, PTR                        # a pointer at level 0
    la      s0, dpage
    SETPTE  pt_lx, 0, s0, RW_AD                       # what L1VA(3..7) would reach
    SETPTE  pt_l0, 0, s0, RW_AD                       # 0: plain data page (sfence.vma VA case)
    SETPTE  pt_l0, 1, s0, W_AD                        # 1: W-only leaf at level 0
#if __riscv_xlen == 64
    SETPTE  pt_l0, 2, s0, RW_AD                       # 2: reserved bit 60 set
    la      t0, pt_l0
    LREG    t1, 2 * PTESZ(t0)
    li      t2, 1
    slli    t2, t2, 60
    or      t1, t1, t2
    SREG    t1, 2 * PTESZ(t0)
#endif
    SETPTE  pt_l0, 3, s0, 0x87                        # 3: V R W D, A = 0
    SETPTE  pt_l0, 4, s0, 0x47                        # 4: V R W A, D = 0
    SETPTE  pt_l0, 6, s0, 0xD7                        # 6: V R W U A D
    SETPTE  pt_l0, 8, s0, X_AD                        # 8: execute-only (MXR)
    la      s0, code1
    SETPTE  pt_l0, 5, s0, 0x09                        # 5: V X, A = 0 (code1)
    SETPTE  pt_l0, 7, s0, 0xDB                        # 7: V R X U A D (code1)
    SETPTE  pt_l0, 9, s0, X_AD                        # 9: code1, remapped to code2 by a case
    la      t0, pt_l0
    li      t1, (0x180000 << 10) | RW_AD              # 10: physical 0x1_8000_0000 (above 4 GiB)
    SREG    t1, 10 * PTESZ(t0)

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
    SET_MPP MPP_S
    la      t0, s_code
    csrw    mepc, t0
    mret

after_s:
    # --- M phase: MPRV ---
    # MPP = U: a load of a non-U page -> (13, kdata); of a U page -> ok.
    SET_MPP 0
    li      t0, MPRV
    csrs    mstatus, t0
    la      a0, kdata
    LREG    a1, 0(a0)                                 # (13, kdata)
    SET_MPP 0                                         # the trap's mret left MPP = U; MPRV stays
    li      a0, L0VA(6)
    LREG    a1, 0(a0)                                 # ok: U page
    li      t0, MPRV
    csrc    mstatus, t0                               # before logging: the log is not a U page
    LOGV    a1                                        # (VALUE, MAGIC)
    # MPP = S: a U page with SUM = 0 -> (13, L0VA(6)); with SUM = 1 -> ok.
    SET_MPP MPP_S
    li      t0, MPRV
    csrs    mstatus, t0
    LREG    a1, 0(a0)                                 # (13, L0VA(6))
    li      t0, SUM
    csrs    mstatus, t0
    SET_MPP MPP_S
    LREG    a1, 0(a0)                                 # ok
    li      t0, MPRV | SUM
    csrc    mstatus, t0
    LOGV    a1                                        # (VALUE, MAGIC)
    # mret to S clears MPRV: S does ecall -> (9, 0), back here with MPRV logged -> (VALUE, 0)
    # (not on qemu < 8.0, which keeps MPRV: cleared here so that the rest runs untranslated).
    la      t0, after_mret
    la      t1, resume
    SREG    t0, 0(t1)
    SET_MPP MPP_S
    li      t0, MPRV
    csrs    mstatus, t0
    la      t0, s_ecall
    csrw    mepc, t0
    mret
after_mret:
    csrr    a1, mstatus
    li      t0, MPRV
    csrc    mstatus, t0
    and     a1, a1, t0
#ifdef NOT_QEMU
    LOGV    a1                                        # (VALUE, 0)
#endif

    # --- A/D bits of pt_l0[3..5] after the accesses: unchanged under Svade, set by hardware ---
    la      s0, pt_l0
    LREG    a1, 3 * PTESZ(s0)
    andi    a1, a1, 0xC0
    LOGV    a1                                        # (VALUE, 0x80 / 0xC0)
    LREG    a1, 4 * PTESZ(s0)
    andi    a1, a1, 0xC0
    LOGV    a1                                        # (VALUE, 0x40 / 0xC0)
    LREG    a1, 5 * PTESZ(s0)
    andi    a1, a1, 0xC0
    LOGV    a1                                        # (VALUE, 0 / 0x40)

    CHECK_LOG_AND_EXIT

# --- S-mode code (identity-mapped kernel superpage) ---
s_code:
#if __riscv_xlen == 64
    # Sv39 non-canonical addresses (bits 63..39 differ from bit 38).
    li      a0, 0x0000008000000000
    LREG    a1, 0(a0)                                 # (13, 0x80_0000_0000): bit 39 set
    li      a0, 0x4000000040000000
    LREG    a1, 0(a0)                                 # (13, VA): low bits would map L0VA(0)
    li      a0, 0xFFFFFFBFFFFFF000
    SREG    a1, 8(a0)                                 # (15, VA + 8): bits 63..39 set, 38 clear
    li      a0, 0x0000008000000000
    jalr    ra, 0(a0)                                 # (12, 0x80_0000_0000)
#endif
    # A plain page.
    li      a0, L0VA(0)
    LREG    a1, 0(a0)                                 # ok: (VALUE, MAGIC)
    LOGV    a1
    # Misaligned superpages.
    li      a0, L1VA(1)
    LREG    a1, 0(a0)                                 # (13, L1VA(1)): Sv39 2 MiB / Sv32 4 MiB, PPN[0] = 1
    li      a0, 0xC0000000
    LREG    a1, 0(a0)                                 # (13, 0xC0000000): root leaf, PPN[1] / PPN[0] != 0
    # W = 1, R = 0 at each level.
    li      a0, L0VA(1)
    LREG    a1, 0(a0)                                 # (13, L0VA(1)): level 0
    SREG    a1, 0(a0)                                 # (15, L0VA(1))
    li      a0, L1VA(2)
    LREG    a1, 0(a0)                                 # (13, L1VA(2)): level 1
    SREG    a1, 0(a0)                                 # (15, L1VA(2))
#if __riscv_xlen == 64
    li      a0, 0x100000000
    LREG    a1, 0(a0)                                 # (13, 0x1_0000_0000): level 2
    SREG    a1, 0(a0)                                 # (15, 0x1_0000_0000)
    # Reserved bit 60 in a leaf.
    li      a0, L0VA(2)
    LREG    a1, 0(a0)                                 # (13, L0VA(2))
#endif
    # Bad pointers.
    li      a0, L1VA(3)
    LREG    a1, 0(a0)                                 # (13, L1VA(3)): pointer with A
    li      a0, L1VA(4)
    LREG    a1, 0(a0)                                 # (13, L1VA(4)): pointer with D
    li      a0, L1VA(5)
    LREG    a1, 0(a0)                                 # (13, L1VA(5)): pointer with U
    li      a0, L1VA(6)
    LREG    a1, 0(a0)                                 # (13, L1VA(6)): pointer at level 0
    # A and D (pt_l0[3]: A = 0; pt_l0[4]: D = 0; pt_l0[5]: executable, A = 0).
#ifdef SVADE
    li      a0, L0VA(3)
    LREG    a1, 0(a0)                                 # (13, L0VA(3)): A = 0
    li      a0, L0VA(4)
    LREG    a1, 0(a0)                                 # ok: (VALUE, MAGIC)
    LOGV    a1
    SREG    a1, 8(a0)                                 # (15, L0VA(4) + 8): D = 0
    li      a0, L0VA(5)
    jalr    ra, 0(a0)                                 # (12, L0VA(5)): fetch, A = 0
#else
    li      a0, L0VA(3)
    LREG    a1, 0(a0)                                 # ok, sets A: (VALUE, MAGIC)
    LOGV    a1
    li      a0, L0VA(4)
    LREG    a1, 0(a0)                                 # ok: (VALUE, MAGIC)
    LOGV    a1
    SREG    a1, 8(a0)                                 # ok, sets D
    li      a0, L0VA(5)
    jalr    ra, 0(a0)                                 # ok, sets A: (VALUE, 1)
    LOGV    a0
#endif
    # U page from S.
    li      a0, L0VA(6)
    LREG    a1, 0(a0)                                 # (13, L0VA(6)): SUM = 0
    li      t0, SUM
    csrs    sstatus, t0
    LREG    a1, 0(a0)                                 # ok: (VALUE, MAGIC)
    LOGV    a1
    li      a0, L0VA(7)
    jalr    ra, 0(a0)                                 # (12, L0VA(7)): S fetch from a U page, even with SUM
    li      t0, SUM
    csrc    sstatus, t0
    # MXR on an execute-only page.
    li      a0, L0VA(8)
    LREG    a1, 0(a0)                                 # (13, L0VA(8)): MXR = 0
    li      t0, MXR
    csrs    sstatus, t0
    LREG    a1, 0(a0)                                 # ok: (VALUE, MAGIC)
    LOGV    a1
    SREG    a1, 8(a0)                                 # (15, L0VA(8) + 8): MXR does not give W
    li      t0, MXR
    csrc    sstatus, t0
    # sfence.vma rs1 = VA after a leaf change.
    li      a0, L0VA(0)
    LREG    a1, 0(a0)                                 # ok (in the TLB): (VALUE, MAGIC)
    LOGV    a1
    SETPTE  pt_l0, 0, zero, 0
    sfence.vma a0
    LREG    a1, 0(a0)                                 # (13, L0VA(0))
    # sfence.vma rs1 = x0 after a pointer change.
    li      a0, L1VA(7)
    LREG    a1, 0(a0)                                 # ok: (VALUE, MAGIC)
    LOGV    a1
    SETPTE  L1TABLE, L1IDX(7), zero, 0
    sfence.vma
    LREG    a1, 0(a0)                                 # (13, L1VA(7))
    # Remap an executable page (no fence.i: the code pages are not written).
    li      s0, L0VA(9)
    jalr    ra, 0(s0)                                 # code1: (VALUE, 1)
    LOGV    a0
    la      s1, code2
    SETPTE  pt_l0, 9, s1, X_AD
    sfence.vma s0
    jalr    ra, 0(s0)                                 # code2: (VALUE, 2)
    LOGV    a0
#if PA_ABOVE_4G_CASE
    # A physical address above 4 GiB (Sv32: a 34-bit PPN; Sv39: beyond RAM) is an access fault.
    li      a0, L0VA(10)
    LREG    a1, 0(a0)                                 # (5, L0VA(10))
    SREG    a1, 8(a0)                                 # (7, L0VA(10) + 8)
#endif
#ifdef NOT_QEMU
    # A PTE outside RAM: access fault, tval = the VA.
    li      a0, L1VA(8)
    LREG    a1, 0(a0)                                 # (5, L1VA(8)): PTE at 0x0
    SREG    a1, 0(a0)                                 # (7, L1VA(8))
    jalr    ra, 0(a0)                                 # (1, L1VA(8))
    li      a0, L1VA(9)
    LREG    a1, 0(a0)                                 # (5, L1VA(9)): PTE at 0x1000
#endif
s_ecall:
    ecall                                             # (9, 0)

# --- M-mode trap handler: log, then skip the instruction, return to ra, or resume the M script ---
    .balign 4
m_trap:
    csrr    t0, mcause
    csrr    t1, mtval
    LOG     t0, t1
    li      t1, 9
    beq     t0, t1, m_resume                          # ecall from S
    li      t1, 12
    beq     t0, t1, m_return_ra                       # fetch page fault
    li      t1, 1
    beq     t0, t1, m_return_ra                       # fetch access fault
    csrr    t1, mepc
    addi    t1, t1, 4
    csrw    mepc, t1
    mret
m_resume:
    li      t1, MPP_MASK
    csrs    mstatus, t1                               # MPP = M
    la      t1, resume
    LREG    t1, 0(t1)
    csrw    mepc, t1
    mret
m_return_ra:
    csrw    mepc, ra
    mret

# --- code pages, fetched through pt_l0[5], [7], [9] ---
    .balign 4096
code1:
    li      a0, 1
    ret
    .balign 4096
code2:
    li      a0, 2
    ret
    .balign 4096

    .data
    .balign 4096
pt_root:    .space 4096
pt_l1:      .space 4096
pt_l0:      .space 4096
pt_l0b:     .space 4096
pt_lx:      .space 4096
dpage:      WORD MAGIC
            .space 4096 - XLENB
kdata:      WORD 0x55
resume:     WORD 0
logidx:     WORD 0
log:        .space 128 * XLENB
expected:
    # S phase
#if __riscv_xlen == 64
    WORD 13, 0x0000008000000000
    WORD 13, 0x4000000040000000
    WORD 15, 0xFFFFFFBFFFFFF008
    WORD 12, 0x0000008000000000
#endif
    WORD VALUE, MAGIC
    WORD 13, L1VA(1)
    WORD 13, 0xC0000000
    WORD 13, L0VA(1)
    WORD 15, L0VA(1)
    WORD 13, L1VA(2)
    WORD 15, L1VA(2)
#if __riscv_xlen == 64
    WORD 13, 0x100000000
    WORD 15, 0x100000000
    WORD 13, L0VA(2)
#endif
    WORD 13, L1VA(3)
    WORD 13, L1VA(4)
    WORD 13, L1VA(5)
    WORD 13, L1VA(6)
#ifdef SVADE
    WORD 13, L0VA(3)
    WORD VALUE, MAGIC
    WORD 15, L0VA(4) + 8
    WORD 12, L0VA(5)
#else
    WORD VALUE, MAGIC
    WORD VALUE, MAGIC
    WORD VALUE, 1
#endif
    WORD 13, L0VA(6)
    WORD VALUE, MAGIC
    WORD 12, L0VA(7)
    WORD 13, L0VA(8)
    WORD VALUE, MAGIC
    WORD 15, L0VA(8) + 8
    WORD VALUE, MAGIC
    WORD 13, L0VA(0)
    WORD VALUE, MAGIC
    WORD 13, L1VA(7)
    WORD VALUE, 1
    WORD VALUE, 2
#if PA_ABOVE_4G_CASE
    WORD 5, L0VA(10)
    WORD 7, L0VA(10) + 8
#endif
#ifdef NOT_QEMU
    WORD 5, L1VA(8)
    WORD 7, L1VA(8)
    WORD 1, L1VA(8)
    WORD 5, L1VA(9)
#endif
    WORD 9, 0
    # M phase
    WORD 13, kdata
    WORD VALUE, MAGIC
    WORD 13, L0VA(6)
    WORD VALUE, MAGIC
    WORD 9, 0
#ifdef NOT_QEMU
    WORD VALUE, 0
#endif
#ifdef SVADE
    WORD VALUE, 0x80
    WORD VALUE, 0x40
    WORD VALUE, 0
#else
    WORD VALUE, 0xC0
    WORD VALUE, 0xC0
    WORD VALUE, 0x40
#endif
expected_end:
