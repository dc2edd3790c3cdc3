/* umode_test.c: M -> U with mret, and back. In U mode, ecall traps to M with mcause 8, mepc at the
 * ecall and mstatus.MPP = U; the handler answers in a0 and mret resumes U mode after the ecall.
 * U-mode code gets its own stack: crt0's trap entry switches to the M stack through mscratch.
 * qemu implements PMP, so U mode needs a PMP entry first; a CPU without PMP may trap on those CSRs. */
#include <stdio.h>
#include "selftest.h"

static volatile long echo_results[3];
static volatile unsigned long user_sp;

static void user_code(void)                           /* runs in U mode */
{
    unsigned long sp;
    __asm__ volatile("mv %0, sp" : "=r"(sp));
    user_sp = sp;
    for (int i = 0; i < 3; i++)
        echo_results[i] = user_syscall(SYS_ECHO, 100 * i);
}

int main(void)
{
    printf("umode_test on rv%d\n", __riscv_xlen);
    printf("  PMP CSRs %s\n", pmp_open_all() ? "present: entry 0 opened to U mode" : "absent (trapped)");

    unsigned long before = last_trap.count;
    unsigned long msp;
    __asm__ volatile("mv %0, sp" : "=r"(msp));
    run_in_user_mode(user_code);

    check(echo_results[0] == 1 && echo_results[1] == 101 && echo_results[2] == 201,
          "three ecalls from U answered (got %ld %ld %ld)", echo_results[0], echo_results[1], echo_results[2]);
    check(last_trap.count == before + 4, "four traps: three echo ecalls and the exit ecall (got %lu)",
          last_trap.count - before);
    check(last_trap.cause == CAUSE_ECALL_U, "ecall from U: mcause = 8 (got %lu)", last_trap.cause);
    check((last_trap.status & MSTATUS_MPP) == 0, "ecall from U: mstatus.MPP = U");
    check(user_sp != 0 && (user_sp < msp - 4096 || user_sp > msp),
          "U mode ran on its own stack (user sp 0x%lx, M sp 0x%lx)", user_sp, msp);
    check(csr_read(mscratch) == 0, "back in M mode with mscratch = 0");

    unsigned long mstatus = csr_read(mstatus);         /* this read traps unless we are in M mode */
    check(1, "M-mode CSR readable after returning (mstatus = 0x%lx)", mstatus);
    return finish("umode_test");
}
