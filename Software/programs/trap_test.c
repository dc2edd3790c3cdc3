/* trap_test.c: synchronous exceptions in M mode. Each faulting instruction must trap with the
 * right mcause and mepc, and the handler's mepc += 4 must resume right after it.
 * mtval may be 0 or the value the spec allows (instruction bits, or the pc for ebreak).
 * Misaligned loads/stores are in model-only/misaligned_test.c: qemu 7.2 performs them instead. */
#include <stdio.h>
#include "selftest.h"

static void expect(const char *what, unsigned long cause, unsigned long pc, unsigned long before)
{
    check(last_trap.count == before + 1, "%s: trapped once", what);
    check(last_trap.cause == cause, "%s: mcause = %lu (got %lu)", what, cause, last_trap.cause);
    check(last_trap.epc == pc, "%s: mepc = 0x%lx (got 0x%lx)", what, pc, last_trap.epc);
}

int main(void)
{
    unsigned long pc, before;
    volatile int resumed;
    trap_hook = record_and_skip;
    printf("trap_test on rv%d\n", __riscv_xlen);

    before = last_trap.count;
    resumed = 0;
    TRAP_AT(pc, ".word 0");                       /* all-zero word: defined illegal */
    resumed = 1;
    expect("illegal .word 0", CAUSE_ILLEGAL_INSTRUCTION, pc, before);
    check(last_trap.tval == 0, "illegal .word 0: mtval = 0 (got 0x%lx)", last_trap.tval);
    check(resumed, "illegal .word 0: resumed after the instruction");

    before = last_trap.count;
    TRAP_AT(pc, "csrw cycle, x0");                /* write to a read-only CSR (0xC0001073) */
    expect("write read-only CSR cycle", CAUSE_ILLEGAL_INSTRUCTION, pc, before);
    /* The spec lets mtval be 0 or the instruction here (and 0 or the pc for ebreak): the
       platforms differ, so the value is printed only when the check fails and the output of
       a passing run is the same on qemu, the ISA model and the RTL. */
    int tval_ok = last_trap.tval == 0 || last_trap.tval == 0xC0001073;
    check(tval_ok, "write read-only CSR cycle: mtval = 0 or 0xc0001073");
    if (!tval_ok) printf("    got mtval = 0x%lx\n", last_trap.tval);

    before = last_trap.count;
    TRAP_AT(pc, "ebreak");
    expect("ebreak", CAUSE_BREAKPOINT, pc, before);
    tval_ok = last_trap.tval == 0 || last_trap.tval == pc;
    check(tval_ok, "ebreak: mtval = 0 or pc");
    if (!tval_ok) printf("    got mtval = 0x%lx\n", last_trap.tval);

    before = last_trap.count;
    TRAP_AT(pc, "ecall");
    expect("ecall from M", CAUSE_ECALL_M, pc, before);
    check(last_trap.tval == 0, "ecall from M: mtval = 0 (got 0x%lx)", last_trap.tval);
    check((last_trap.status & MSTATUS_MPP) == MSTATUS_MPP, "ecall from M: mstatus.MPP = M");

    /* registers survive a trap: the handler saves and restores all of them */
    register long s2 __asm__("s2") = 0x1234567;
    register long t3 __asm__("t3") = -42;
    __asm__ volatile("ecall" : "+r"(s2), "+r"(t3) :: "memory");
    check(s2 == 0x1234567 && t3 == -42, "registers preserved across a trap");

    return finish("trap_test");
}
