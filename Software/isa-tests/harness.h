/* Common macros for the ISA model's bare-metal privilege tests (RV32 and RV64 from one source).
 * Traps are recorded as (cause, tval) pairs in `log`; tests compare the log with `expected`. */
#if __riscv_xlen == 64
#define LREG ld
#define SREG sd
#define WORD .dword
#define PTESZ 8
#define PTESHIFT 3
#define IRQ(n) (0x8000000000000000 | n)
#define ROOT_KERNEL 2
#define ROOT_USER 1
#define ROOT_MISALIGNED 3
#else
#define LREG lw
#define SREG sw
#define WORD .word
#define PTESZ 4
#define PTESHIFT 2
#define IRQ(n) (0x80000000 | n)
#define ROOT_KERNEL 0x200
#define ROOT_USER 0x100
#define ROOT_MISALIGNED 0x300
#endif
#define XLENB (__riscv_xlen / 8)

#include "machine_spec.h"      /* CLINT_MSIP, CLINT_MTIMECMP, CLINT_MTIME (Generated/, from Sources/Spec) */
#define FINISHER FINISHER_BASE

# table[index] = PTE(pa in register, flags)
.macro SETPTE table, index, pa, flags
    la      t0, \table
    li      t1, (\index) * PTESZ
    add     t0, t0, t1
    srli    t2, \pa, 12
    slli    t2, t2, 10
    ori     t2, t2, \flags
    SREG    t2, 0(t0)
.endm

# Append (cause, tval) to the log; clobbers t4-t6.
.macro LOG cause, tval
    la      t4, logidx
    LREG    t5, 0(t4)
    addi    t6, t5, 1
    SREG    t6, 0(t4)
    slli    t5, t5, 2 + (XLENB / 4)
    la      t6, log
    add     t5, t5, t6
    SREG    \cause, 0(t5)
    SREG    \tval, XLENB(t5)
.endm

# PMP entry 0: NAPOT over the whole space, R W X, so that S and U mode reach memory (as firmware does).
.macro OPEN_PMP
    li      t0, -1
    csrw    pmpaddr0, t0
    li      t0, PMP_NAPOT | PMP_R | PMP_W | PMP_X
    csrw    pmpcfg0, t0
.endm

#ifdef SPIKE
/* Spike has no test finisher: the program ends through HTIF's tohost, (code << 1) | 1. */
    .pushsection .tohost, "aw"
    .balign 64
    .globl tohost, fromhost
tohost:     .dword 0
fromhost:   .dword 0
    .popsection
# Ends the program with exit code \reg (0: pass); clobbers t0-t2. (Labels 81-83: callers' 1-9 stay theirs.)
.macro EXIT_WITH reg
    la      t0, tohost
    slli    t1, \reg, 1
    ori     t1, t1, 1
    sw      t1, 0(t0)
81: j       81b
.endm
#else
.macro EXIT_WITH reg
    li      t0, FINISHER
    slli    t1, \reg, 16
    bnez    \reg, 82f
    li      t1, 0x5555
    j       83f
82: li      t2, 0x3333
    or      t1, t1, t2
83: sw      t1, 0(t0)
81: j       81b
.endm
#endif

.macro FAIL code
    li      t3, \code
    EXIT_WITH t3
.endm


# Compares log with expected..expected_end; exit 0 on match, else exit code = first bad entry
# number (1-based) or 99 when the log has extra entries.
.macro CHECK_LOG_AND_EXIT
    la      s1, log
    la      s2, expected
    la      s3, expected_end
    li      s4, 1
91: LREG    a0, 0(s1)
    LREG    a1, 0(s2)
    bne     a0, a1, 93f
    LREG    a0, XLENB(s1)
    LREG    a1, XLENB(s2)
    bne     a0, a1, 93f
    addi    s1, s1, 2 * XLENB
    addi    s2, s2, 2 * XLENB
    addi    s4, s4, 1
    bne     s2, s3, 91b
    la      t0, logidx
    LREG    a0, 0(t0)
    addi    s4, s4, -1
    beq     a0, s4, 92f
    FAIL    99
92: EXIT_WITH zero
93: EXIT_WITH s4
.endm
