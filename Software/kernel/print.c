/* print.c: the kernel's output. Nothing reaches the UART while processes run: what a process
 * writes and what the kernel reports about it go to its log (struct proc), which finish()
 * prints in pid order, so the output does not depend on how the timer interleaves them. */
#include "kernel.h"

#define UART_LSR           (UART_BASE + 5)
#define LSR_THR_EMPTY      (1 << 5)

static void uart_put(char c, void *unused)
{
    while (!(MMIO8(UART_LSR) & LSR_THR_EMPTY))
        ;
    MMIO8(UART_BASE) = (uint8_t)c;
}

void kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfmt(uart_put, 0, fmt, ap);
    va_end(ap);
}

void plog_char(struct proc *p, char c)
{
    if (p->loglen < LOG_SIZE)
        p->log[p->loglen++] = c;
}

static void log_put(char c, void *p) { plog_char(p, c); }

void plog(struct proc *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfmt(log_put, p, fmt, ap);
    va_end(ap);
}

void kexit(int code)                /* the test finisher ends the run */
{
    MMIO32(FINISHER_BASE) = code == 0 ? FINISHER_PASS : FINISHER_FAIL | (uint32_t)code << 16;
    for (;;)
        __asm__ volatile("wfi");
}

void panic(const char *what, unsigned long cause, unsigned long epc, unsigned long tval)
{
    kprintf("kernel panic: %s: cause %lu, pc 0x%lx, tval 0x%lx\n", what, cause, epc, tval);
    kexit(PANIC_EXIT);
}

const char *cause_name(unsigned long cause)
{
    static const char *const names[16] = {
        "misaligned fetch", "fetch access fault", "illegal instruction", "breakpoint",
        "misaligned load", "load access fault", "misaligned store", "store access fault",
        "ecall from U", "ecall from S", 0, "ecall from M",
        "instruction page fault", "load page fault", 0, "store page fault",
    };
    return cause < 16 && names[cause] ? names[cause] : "unknown exception";
}
