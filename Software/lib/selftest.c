/* selftest.c: check/finish reporting, the recording trap hook and the U-mode runner (selftest.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include "selftest.h"

static int checks_run, checks_failed;
volatile struct trap_record last_trap;

void check(int ok, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    printf(ok ? "  ok   " : "  FAIL ");
    vprintf(fmt, args);
    printf("\n");
    va_end(args);
    checks_run++;
    checks_failed += !ok;
}

int finish(const char *name)
{
    if (checks_failed) {
        printf("%s: FAIL (%d of %d checks failed)\n", name, checks_failed, checks_run);
        return 1;
    }
    printf("%s: PASS (%d checks)\n", name, checks_run);
    return 0;
}

static jmp_buf user_return;

int record_and_skip(struct trap_frame *frame)
{
    if (frame->mcause & MCAUSE_INTERRUPT)
        return 0;                       /* interrupts are not expected here */
    last_trap.count++;
    last_trap.cause = frame->mcause;
    last_trap.epc = frame->mepc;
    last_trap.tval = frame->mtval;
    last_trap.status = frame->mstatus;
    if (frame->mcause == CAUSE_ECALL_U) {
        long number = frame->x[17], arg = frame->x[10];   /* a7, a0 */
        if (number == SYS_USER_EXIT)
            longjmp(user_return, 1);    /* back into run_in_user_mode, in M mode */
        if (number == SYS_ECHO)
            frame->x[10] = arg + 1;
    }
    frame->mepc += 4;                   /* no C extension: every instruction is 4 bytes */
    return 1;
}

long user_syscall(long number, long arg)
{
    register long a0 __asm__("a0") = arg;
    register long a7 __asm__("a7") = number;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a7) : "memory");
    return a0;
}

/* PMP entry 0 = NAPOT over the whole address space, R/W/X: U mode may touch everything. */
int pmp_open_all(void)
{
    trap_hook_t saved = trap_hook;
    unsigned long before = last_trap.count;
    trap_hook = record_and_skip;
    csr_write(pmpaddr0, -1UL);
    csr_write(pmpcfg0, 0x1F);
    trap_hook = saved;
    return last_trap.count == before;
}

static void (*user_fn)(void);
static unsigned long user_stack[1024] __attribute__((aligned(16)));

static void user_entry(void)            /* runs in U mode */
{
    user_fn();
    user_syscall(SYS_USER_EXIT, 0);
}

void run_in_user_mode(void (*fn)(void))
{
    trap_hook_t saved = trap_hook;
    unsigned long mie = csr_read(mstatus) & MSTATUS_MIE;
    user_fn = fn;
    trap_hook = record_and_skip;
    if (setjmp(user_return) == 0) {
        csr_clear(mstatus, MSTATUS_MPP);                /* MPP = U */
        csr_write(mepc, (unsigned long)user_entry);
        /* traps from U use the M stack in mscratch: start it below this frame */
        __asm__ volatile("csrw mscratch, sp\n mv sp, %0\n mret"
                         :: "r"(user_stack + 1024) : "memory");
        __builtin_unreachable();
    }
    trap_hook = saved;                  /* back in M mode; trap_entry left mscratch at 0 */
    csr_set(mstatus, mie);
}
