/* misaligned_test.c: misaligned loads and stores trap (docs/CPU.md) with mcause 4 / 6 and
 * mtval = the address. Model-only: qemu 7.2 does the access instead of trapping, so this program
 * fails there by design; Scripts/run-qemu-software.sh only reports it. */
#include <stdio.h>
#include "selftest.h"

static volatile uint32_t words[4] = { 0x11223344, 0x55667788, 0x99aabbcc, 0xddeeff00 };

static void expect(const char *what, unsigned long cause, unsigned long pc, unsigned long addr,
                   unsigned long before)
{
    check(last_trap.count == before + 1, "%s: trapped once", what);
    check(last_trap.cause == cause, "%s: mcause = %lu (got %lu)", what, cause, last_trap.cause);
    check(last_trap.epc == pc, "%s: mepc = 0x%lx (got 0x%lx)", what, pc, last_trap.epc);
    check(last_trap.tval == addr, "%s: mtval = 0x%lx (got 0x%lx)", what, addr, last_trap.tval);
}

int main(void)
{
    unsigned long pc, before, addr = (unsigned long)words + 1;
    trap_hook = record_and_skip;
    printf("misaligned_test on rv%d\n", __riscv_xlen);

    before = last_trap.count;
    __asm__ volatile("la %0, 1f\n1: lw zero, 0(%1)" : "=&r"(pc) : "r"(addr) : "memory");
    expect("lw at +1", CAUSE_MISALIGNED_LOAD, pc, addr, before);

    before = last_trap.count;
    __asm__ volatile("la %0, 1f\n1: lh zero, 2(%1)" : "=&r"(pc) : "r"(addr) : "memory");
    expect("lh at +3", CAUSE_MISALIGNED_LOAD, pc, addr + 2, before);

    before = last_trap.count;
    __asm__ volatile("la %0, 1f\n1: sw zero, 0(%1)" : "=&r"(pc) : "r"(addr) : "memory");
    expect("sw at +1", CAUSE_MISALIGNED_STORE, pc, addr, before);
    check(words[0] == 0x11223344 && words[1] == 0x55667788, "sw at +1: memory unchanged");

    before = last_trap.count;
    __asm__ volatile("la %0, 1f\n1: sh zero, 0(%1)" : "=&r"(pc) : "r"(addr) : "memory");
    expect("sh at +1", CAUSE_MISALIGNED_STORE, pc, addr, before);
#if __riscv_xlen == 64
    before = last_trap.count;
    __asm__ volatile("la %0, 1f\n1: ld zero, 0(%1)" : "=&r"(pc) : "r"(addr + 3) : "memory");
    expect("ld at +4", CAUSE_MISALIGNED_LOAD, pc, addr + 3, before);
#endif
    return finish("misaligned_test");
}
