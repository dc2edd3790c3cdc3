/* mmode.c: the little that runs in M mode. m_init() hands every exception and the supervisor
 * software interrupt to S mode, starts the CLINT timer and enters kmain() in S mode. m_trap()
 * takes each machine timer interrupt, sets the next one TIMER_TICKS later and forwards it to the
 * kernel by raising mip.SSIP: S mode clears SSIP itself (sip), so it needs no call back into M. */
#include "kernel.h"

/* Misaligned, access faults, illegal instruction, breakpoint, ecall from U, page faults */
#define DELEGATED_EXCEPTIONS 0xB1FFUL

void kmain(void);
static unsigned long m_stack[256] __attribute__((aligned(16)));

void m_init(void)
{
    csr_write(mscratch, m_stack + 256);
    csr_write(medeleg, DELEGATED_EXCEPTIONS);
    csr_write(mideleg, SIP_SSIP);
    csr_write(satp, 0);
    mtimecmp_write(mtime_read() + TIMER_TICKS);
    csr_write(mie, MIE_MTIE);     /* mstatus.MIE stays 0: M takes it only from S and U */
    csr_clear(mstatus, MSTATUS_MPP);
    csr_set(mstatus, 1UL << 11);  /* MPP = S */
    csr_write(mepc, kmain);
    __asm__ volatile("mret");
    __builtin_unreachable();
}

void m_trap(void)
{
    unsigned long cause = csr_read(mcause);
    if (cause != (MCAUSE_INTERRUPT | IRQ_M_TIMER))
        panic("M-mode trap", cause, csr_read(mepc), csr_read(mtval));
    mtimecmp_write(mtime_read() + TIMER_TICKS);
    csr_set(mip, SIP_SSIP);
}
