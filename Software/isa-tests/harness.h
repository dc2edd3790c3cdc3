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

.macro FAIL code
    li      t0, FINISHER
    li      t1, ((\code) << 16) | 0x3333
    sw      t1, 0(t0)
1:  j       1b
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
92: li      t0, FINISHER
    li      t1, 0x5555
    sw      t1, 0(t0)
94: j       94b
93: li      t0, FINISHER
    slli    t1, s4, 16
    li      t2, 0x3333
    or      t1, t1, t2
    sw      t1, 0(t0)
95: j       95b
.endm
