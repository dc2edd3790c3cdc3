/* main.c: the kernel proper starts here in S mode (from m_init), makes one process per user
 * program, runs them, and when none is left prints their logs and a summary that checks each
 * ended as expected. The output depends only on the programs, never on the timer. */
#include "kernel.h"

#if __riscv_xlen == 64
#define PAGING "Sv39"
#else
#define PAGING "Sv32"
#endif

extern const unsigned char hello_elf[], primes_elf[], readkern_elf[], writecode_elf[],
    jumpdata_elf[], peek_elf[];

/* name, ELF, must be preempted, exit code or (cause, stval range) */
static const struct program programs[] = {
    { "hello",     hello_elf,     1, 7 },
    { "primes",    primes_elf,    1, 0 },
    { "readkern",  readkern_elf,  0, 0, CAUSE_LOAD_PAGE_FAULT,  RAM_BASE, RAM_BASE + RAM_DEFAULT_SIZE },
    { "writecode", writecode_elf, 0, 0, CAUSE_STORE_PAGE_FAULT, USER_BASE, USER_DATA },
    { "jumpdata",  jumpdata_elf,  0, 0, CAUSE_FETCH_PAGE_FAULT, USER_DATA, USER_HEAP },
    { "peek",      peek_elf,      0, 0, CAUSE_LOAD_PAGE_FAULT,  USER_HEAP, USER_HEAP_MAX },
};
#define NPROGRAMS (int)(sizeof programs / sizeof programs[0])

static pte_t *kernel_pagetable;

void kmain(void)
{
    csr_write(stvec, s_trap_entry);
    csr_write(sscratch, 0);
    kernel_pagetable = vm_create();
    vm_switch(kernel_pagetable);
    for (int i = 0; i < NPROGRAMS; i++)
        proc_create(&programs[i]);
    csr_write(sie, SIP_SSIP);
    csr_clear(sstatus, SSTATUS_SPP);  /* sret goes to U mode */
    current = &procs[0];
    vm_switch(current->pagetable);
    csr_clear(sip, SIP_SSIP);         /* a tick raised while booting */
    user_return(&current->tf);
}

static int check(struct proc *p)   /* prints how p ended; 1 if as expected */
{
    const struct program *e = p->program;
    if (p->state == EXITED) {
        kprintf("pid %d %s: exited with code %ld", p->pid, e->name, p->exit_code);
        return !e->cause && p->exit_code == e->exit_code;
    }
    kprintf("pid %d %s: killed by %s (cause %lu), stval 0x%lx", p->pid, e->name,
            cause_name(p->cause), p->cause, p->tval);
    return p->cause == e->cause && p->tval >= e->tval_lo && p->tval < e->tval_hi;
}

void finish(void)
{
    int failures = 0;
    vm_switch(kernel_pagetable);
    kprintf("kernel: %s, %d user processes linked at 0x%lx, timer every %d ticks\n",
            PAGING, nproc, USER_BASE, TIMER_TICKS);
    for (struct proc *p = procs; p < procs + nproc; p++) {
        kprintf("--- pid %d: %s ---\n", p->pid, p->program->name);
        for (unsigned int i = 0; i < p->loglen; i++)
            kprintf("%c", p->log[i]);
    }
    kprintf("--- summary ---\n");
    for (struct proc *p = procs; p < procs + nproc; p++) {
        int ok = check(p);
        if (p->program->must_be_preempted) {
            kprintf(", preempted by the timer: %s", p->info->preemptions ? "yes" : "no");
            ok &= p->info->preemptions > 0;
        }
        kprintf(ok ? " (expected)\n" : " (UNEXPECTED)\n");
        failures += !ok;
    }
    /* Isolation: each process has its own page at USER_BASE, and none may touch the kernel. */
    int isolated = 1;
    for (struct proc *p = procs; p < procs + nproc; p++)
        for (struct proc *q = procs; q < p; q++)
            isolated &= vm_user_addr(p->pagetable, USER_BASE, PTE_X) !=
                         vm_user_addr(q->pagetable, USER_BASE, PTE_X);
    for (struct proc *p = procs; p < procs + nproc; p++)
        isolated &= !vm_user_addr(p->pagetable, RAM_BASE, PTE_R);
    kprintf("separate code pages at 0x%lx, kernel out of reach: %s\n", USER_BASE,
            isolated ? "yes" : "no");
    failures += !isolated;
    kprintf("kernel: %s\n", failures ? "FAIL" : "PASS");
    kexit(failures ? 1 : 0);
}
