/* interrupt_test.c: CLINT interrupts in M mode. The machine timer fires once mtime >= mtimecmp
 * while mie.MTIE and mstatus.MIE are set (wfi waits for it); the software interrupt follows msip.
 * A pending interrupt stays pending while mstatus.MIE = 0 and is taken as soon as MIE is set, and
 * wfi wakes up on a pending enabled interrupt even with mstatus.MIE = 0 (no trap is taken then). */
#include <stdio.h>
#include "selftest.h"

static volatile unsigned long timer_irqs, soft_irqs, last_cause, last_status;

static int on_interrupt(struct trap_frame *frame)
{
    last_cause = frame->mcause;
    last_status = frame->mstatus;
    if (frame->mcause == (MCAUSE_INTERRUPT | IRQ_M_TIMER)) {
        mtimecmp_write(UINT64_MAX);                   /* acknowledge: no further timer interrupt */
        timer_irqs++;
        return 1;
    }
    if (frame->mcause == (MCAUSE_INTERRUPT | IRQ_M_SOFT)) {
        MMIO32(CLINT_MSIP) = 0;                       /* acknowledge */
        soft_irqs++;
        return 1;
    }
    return 0;                                         /* anything else: default handler fails */
}

int main(void)
{
    trap_hook = on_interrupt;
    printf("interrupt_test on rv%d\n", __riscv_xlen);
    mtimecmp_write(UINT64_MAX);
    MMIO32(CLINT_MSIP) = 0;

    /* 1. timer interrupt, waited for with wfi */
    uint64_t start = mtime_read();
    mtimecmp_write(start + 1000);
    csr_set(mie, MIE_MTIE);
    csr_set(mstatus, MSTATUS_MIE);
    for (int spins = 0; timer_irqs == 0 && spins < 1000000; spins++)
        __asm__ volatile("wfi");
    csr_clear(mstatus, MSTATUS_MIE);
    check(timer_irqs == 1, "timer interrupt taken once (got %lu)", timer_irqs);
    check(last_cause == (MCAUSE_INTERRUPT | IRQ_M_TIMER), "timer: mcause = 0x%lx (got 0x%lx)",
          MCAUSE_INTERRUPT | IRQ_M_TIMER, last_cause);
    check((last_status & MSTATUS_MPIE) && !(last_status & MSTATUS_MIE),
          "timer: in the handler MPIE = 1 and MIE = 0");
    check(mtime_read() >= start + 1000, "timer: mtime reached mtimecmp");
    check(!(csr_read(mip) & MIP_MTIP), "timer: mip.MTIP clear after mtimecmp moved");

    /* 2. software interrupt: pending while MIE = 0, taken once MIE = 1 */
    csr_set(mie, MIE_MSIE);
    MMIO32(CLINT_MSIP) = 1;
    for (volatile int i = 0; i < 100; i++)
        ;
    check(soft_irqs == 0, "msip: no interrupt while mstatus.MIE = 0");
    check(csr_read(mip) & MIP_MSIP, "msip: mip.MSIP pending");
    csr_set(mstatus, MSTATUS_MIE);
    for (volatile int i = 0; i < 100 && soft_irqs == 0; i++)
        ;
    csr_clear(mstatus, MSTATUS_MIE);
    check(soft_irqs == 1, "msip: interrupt taken once MIE = 1 (got %lu)", soft_irqs);
    check(last_cause == (MCAUSE_INTERRUPT | IRQ_M_SOFT), "msip: mcause = 0x%lx (got 0x%lx)",
          MCAUSE_INTERRUPT | IRQ_M_SOFT, last_cause);
    check(!(csr_read(mip) & MIP_MSIP), "msip: mip.MSIP clear after msip = 0");

    /* 3. wfi with mstatus.MIE = 0 wakes on a pending timer, without trapping */
    mtimecmp_write(mtime_read() + 1000);
    __asm__ volatile("wfi");
    for (int spins = 0; !(csr_read(mip) & MIP_MTIP) && spins < 1000000; spins++)
        ;                                             /* wfi may also return early: wait here */
    check(timer_irqs == 1, "wfi with MIE = 0: no trap taken");
    check(csr_read(mip) & MIP_MTIP, "wfi with MIE = 0: mip.MTIP pending");
    mtimecmp_write(UINT64_MAX);
    csr_clear(mie, MIE_MTIE | MIE_MSIE);

    return finish("interrupt_test");
}
