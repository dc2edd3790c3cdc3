/* trap.c: what s_trap_entry (trapvec.S) calls. A trap from U mode is the timer (forwarded by M mode
 * as a supervisor software interrupt: switch to the next process), a system call, or a fault,
 * which kills the process. The kernel itself runs with interrupts off (sstatus.SIE = 0). */
#include "kernel.h"

struct trapframe *s_trap(void)
{
    unsigned long cause = csr_read(scause);
    if (cause == (MCAUSE_INTERRUPT | IRQ_S_SOFT)) {
        csr_clear(sip, SIP_SSIP);
        current->info->preemptions++;
        schedule();
    } else if (cause == CAUSE_ECALL_U) {
        current->tf.pc += 4;
        syscall(current);
    } else {
        proc_kill(current, cause, csr_read(stval));
    }
    return &current->tf;
}

void kernel_fault(void)
{
    panic("trap in the kernel", csr_read(scause), csr_read(sepc), csr_read(stval));
}
