# Directed PMP tests (bare metal, RV32 and RV64 from this one source) against the one PMP entry this
# machine has (docs/CPU.md, "PMP": entry 0, 8-byte granules). Every case asserts the exact (cause,
# tval) through the trap log; an access that succeeds logs (VALUE, what it read) or (VALUE, 1) for a
# store, so a missing fault shows up as a mismatch. Exit code = number of the first mismatching log
# entry (99: extra entries). Data accesses run in M mode with MPRV, as S or U (fetches stay M); the
# fetch case runs in S mode. The M-mode handler logs, skips the faulting instruction (mepc += 4; a
# fetch fault returns to ra) and returns. Only entry 0 is used, so a machine with more entries
# (qemu, Spike) runs the same program.
#
# Build flags (see PrivilegeTests.swift and VirtualMemoryTests.swift):
#   NOT_QEMU  WARL details of 8-byte granules (qemu 7.2 has 4-byte ones): NA4 is not selectable,
#             pmpaddr0 bit 0 reads 0 outside NAPOT; W without R and bits 6:5 are not kept; and
#             RV64's odd pmpcfg registers are illegal with the instruction in mtval.
#   SPIKE     end through tohost (Spike runs it with --pmpgranularity=8).

#include "harness.h"

#define MPP_MASK 0x1800
#define MPP_S    0x0800
#define MPRV     0x20000
#define MXR      0x80000
#define VALUE    0xAA                                 /* log marker: a value, not a trap */
#define MAGIC    0x600D                               /* every word of dpage */
#define SENTINEL 0x5A                                 /* a register no load has written */
#define NAPOT(size) ((size) / 8 - 1)                  /* pmpaddr's low bits for a NAPOT region */

# Log (VALUE, reg); clobbers t3-t6.
.macro LOGV reg
    li      t3, VALUE
    LOG     t3, \reg
.endm

# The PMP entry: pmpaddr0 = \addr (a register), pmpcfg0 = \cfg; clobbers t0.
.macro SET_PMP cfg, addr
    csrw    pmpcfg0, zero
    csrw    pmpaddr0, \addr
    li      t0, \cfg
    csrw    pmpcfg0, t0
    sfence.vma                                        # PMP changed: no stale translations (spec)
.endm

# MPRV on with MPP = \mpp (0, MPP_S), so loads and stores run at that privilege; clobbers t0.
.macro AS mpp
    li      t0, MPP_MASK
    csrc    mstatus, t0
    li      t0, \mpp | MPRV
    csrs    mstatus, t0
.endm
.macro AS_M
    li      t0, MPRV
    csrc    mstatus, t0
.endm

# A load from \off(\base) at privilege \mpp: logs the fault, or (VALUE, what it read).
.macro LOAD_AS mpp, base, off
    li      a1, SENTINEL
    AS      \mpp
    LREG    a1, \off(\base)
    AS_M
    li      t0, SENTINEL
    beq     a1, t0, 1f
    LOGV    a1
1:
.endm

# A store of MAGIC to \off(\base) at privilege \mpp: logs the fault, or (VALUE, 1).
.macro STORE_AS mpp, base, off
    li      s10, 0
    li      a1, MAGIC
    AS      \mpp
    SREG    a1, \off(\base)
    AS_M
    bnez    s10, 1f
    li      a1, 1
    LOGV    a1
1:
.endm

    .text
    .globl _start
_start:
    la      t0, m_trap
    csrw    mtvec, t0
    la      s0, dpage
    la      s2, dpage2
    li      s3, 0x800
    add     s3, s3, s0                                # dpage + 0x800

    # --- 1: no entry on: M mode may, S and U may not ---
    csrw    pmpcfg0, zero                             # (Spike resets entry 0 to allow everything)
    LOAD_AS MPP_MASK, s0, 0                           # M (MPP = M: MPRV changes nothing): (VALUE, MAGIC)
    LOAD_AS MPP_S, s0, 0                              # (5, dpage)
    STORE_AS 0, s0, 0                                 # (7, dpage)

    # --- 2: NAPOT over the 8 bytes at dpage + 16, R ---
    addi    s1, s0, 16
    srli    s1, s1, 2
    SET_PMP PMP_NAPOT | PMP_R, s1
    LOAD_AS MPP_S, s0, 16                             # (VALUE, MAGIC)
    LOAD_AS MPP_S, s0, 8                              # (5, dpage + 8)
    LOAD_AS 0, s0, 24                                 # (5, dpage + 24)
    STORE_AS MPP_S, s0, 16                            # (7, dpage + 16)
    STORE_AS MPP_MASK, s0, 16                         # M, unlocked entry: (VALUE, 1)

    # --- 3: NAPOT over the 4 KiB of dpage, R W; then X only, under MXR ---
    srli    s1, s0, 2
    ori     s1, s1, NAPOT(4096)
    SET_PMP PMP_NAPOT | PMP_R | PMP_W, s1
    STORE_AS MPP_S, s2, -XLENB                        # the last word of dpage: (VALUE, 1)
    LOAD_AS 0, s2, 0                                  # (5, dpage2)
    LOAD_AS MPP_S, s0, -XLENB                         # (5, dpage - XLENB)
    SET_PMP PMP_NAPOT | PMP_X, s1
    li      t1, MXR
    csrs    mstatus, t1
    LOAD_AS MPP_S, s0, 0                              # MXR is for pages, not PMP: (5, dpage)
    li      t1, MXR
    csrc    mstatus, t1

    # --- 4: TOR from 0 up to dpage + 0x800, R ---
    srli    s1, s3, 2
    SET_PMP PMP_TOR | PMP_R, s1
    LOAD_AS MPP_S, s3, -XLENB                         # (VALUE, MAGIC)
    LOAD_AS 0, s3, 0                                  # (5, dpage + 0x800)
    STORE_AS MPP_S, s0, 0                             # (7, dpage)

    # --- 5: S mode under TOR up to code1, R W X: fetching code1 and loading dpage fault ---
    la      s1, code1
    srli    s1, s1, 2
    SET_PMP PMP_TOR | PMP_R | PMP_W | PMP_X, s1
    la      t0, after_s
    la      t1, resume
    SREG    t0, 0(t1)
    li      t0, MPP_MASK
    csrc    mstatus, t0
    li      t0, MPP_S
    csrs    mstatus, t0
    la      t0, s_code
    csrw    mepc, t0
    mret
after_s:

    # --- 6: paging (an identity superpage), loads as S: PMP checks the walker's PTE reads too ---
    li      s1, 0x80000000
    SETPTE  pt_root, ROOT_KERNEL, s1, 0xCF            # V R W X A D
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
    la      s1, pt_root
    srli    s1, s1, 2
    SET_PMP PMP_TOR | PMP_R | PMP_W | PMP_X, s1       # up to the root table: its PTE read is refused
    LOAD_AS MPP_S, s0, 0                              # (5, dpage)
    srli    s1, s0, 2
    SET_PMP PMP_TOR | PMP_R | PMP_W | PMP_X, s1       # up to dpage: the PTE is read, the leaf's address refused
    LOAD_AS MPP_S, s0, 0                              # (5, dpage)
    la      s4, pt_root
    LOAD_AS MPP_S, s4, 0                              # (VALUE, 0)
    li      s1, -1
    SET_PMP PMP_NAPOT | PMP_R | PMP_W | PMP_X, s1     # everything
    STORE_AS MPP_S, s0, 0                             # (VALUE, 1)
    csrw    satp, zero
    sfence.vma

#ifdef NOT_QEMU
    # --- 7: WARL: W without R loses W, NA4 becomes NAPOT, bits 6:5 read 0, pmpaddr0 bit 0 ---
    li      t1, 0xFF
    csrw    pmpaddr0, t1
    li      t1, PMP_TOR | PMP_W
    csrw    pmpcfg0, t1
    csrr    a1, pmpcfg0
    LOGV    a1                                        # (VALUE, TOR)
    csrr    a1, pmpaddr0
    LOGV    a1                                        # (VALUE, 0xFE): bit 0 reads 0 under TOR
    li      t1, 0x10 | PMP_R                          # NA4
    csrw    pmpcfg0, t1
    csrr    a1, pmpcfg0
    LOGV    a1                                        # (VALUE, NAPOT | R)
    csrr    a1, pmpaddr0
    LOGV    a1                                        # (VALUE, 0xFF): kept, and read under NAPOT
    li      t1, 0x60 | PMP_TOR | PMP_R
    csrw    pmpcfg0, t1
    csrr    a1, pmpcfg0
    LOGV    a1                                        # (VALUE, TOR | R)
#if __riscv_xlen == 64
pmpcfg1_read:
    csrr    a1, pmpcfg1                               # (2, the instruction): no odd pmpcfg on RV64
#endif
#endif

    # --- 8: a locked entry binds M mode and ignores writes (last: it stays until reset) ---
    srli    s1, s0, 2
    ori     s1, s1, NAPOT(4096)
    SET_PMP PMP_L | PMP_NAPOT | PMP_R, s1
    STORE_AS MPP_MASK, s0, 0                          # (7, dpage)
    LOAD_AS MPP_MASK, s0, 0                           # (VALUE, MAGIC)
    csrw    pmpcfg0, zero
    csrw    pmpaddr0, zero
    csrr    a1, pmpcfg0
    LOGV    a1                                        # (VALUE, L | NAPOT | R)
    csrr    a1, pmpaddr0
    sub     a1, a1, s1
    LOGV    a1                                        # (VALUE, 0): unchanged

    CHECK_LOG_AND_EXIT

# --- S mode: its code lies below code1 ---
s_code:
    jal     ra, code1                                 # (1, code1)
    LREG    a1, 0(s0)                                 # (5, dpage)
    ecall                                             # (9, 0)

    .balign 4
m_trap:
    li      s10, 1
    csrr    t0, mcause
    csrr    t1, mtval
    LOG     t0, t1
    li      t1, 9
    beq     t0, t1, m_resume                          # ecall from S
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

# The end of the code: S mode's TOR region stops here.
    .balign 8
code1:
    li      a0, 1
    ret

    .data
    .balign 4096
pt_root:    .space 4096
dpage:      .fill 4096 / XLENB, XLENB, MAGIC
dpage2:     .fill 4096 / XLENB, XLENB, MAGIC
resume:     WORD 0
logidx:     WORD 0
log:        .space 128 * XLENB
expected:
    # 1
    WORD VALUE, MAGIC
    WORD 5, dpage
    WORD 7, dpage
    # 2
    WORD VALUE, MAGIC
    WORD 5, dpage + 8
    WORD 5, dpage + 24
    WORD 7, dpage + 16
    WORD VALUE, 1
    # 3
    WORD VALUE, 1
    WORD 5, dpage2
    WORD 5, dpage - XLENB
    WORD 5, dpage
    # 4
    WORD VALUE, MAGIC
    WORD 5, dpage + 0x800
    WORD 7, dpage
    # 5
    WORD 1, code1
    WORD 5, dpage
    WORD 9, 0
    # 6
    WORD 5, dpage
    WORD 5, dpage
    WORD VALUE, 0
    WORD VALUE, 1
#ifdef NOT_QEMU
    # 7
    WORD VALUE, PMP_TOR
    WORD VALUE, 0xFE
    WORD VALUE, PMP_NAPOT | PMP_R
    WORD VALUE, 0xFF
    WORD VALUE, PMP_TOR | PMP_R
#if __riscv_xlen == 64
    WORD 2, 0x3A1025F3
#endif
#endif
    # 8
    WORD 7, dpage
    WORD VALUE, MAGIC
    WORD VALUE, PMP_L | PMP_NAPOT | PMP_R
    WORD VALUE, 0
expected_end:
