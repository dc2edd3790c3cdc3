/* syscall.c: the system calls (uapi.h). trap.c has already stepped the pc past the ecall. */
#include "kernel.h"

/* The bytes go to the process's log. The kernel reads them through the process's page table
 * (vm_user_addr), so a pointer to memory the process may not read fails with -1. */
static long sys_write(struct proc *p, long fd, unsigned long buf, unsigned long len)
{
    if ((fd != 1 && fd != 2) || len > LOG_SIZE || buf + len < buf)
        return -1;
    for (unsigned long va = PGROUND_DOWN(buf); va < buf + len; va += PGSIZE)
        if (!vm_user_addr(p->pagetable, va, PTE_R))
            return -1;
    for (unsigned long i = 0; i < len; i++)
        plog_char(p, *(const char *)vm_user_addr(p->pagetable, buf + i, PTE_R));
    return len;
}

static long sys_sbrk(struct proc *p, long n)
{
    unsigned long old = p->brk;
    if (n < 0 || (unsigned long)n > USER_HEAP_MAX - old)
        return -1;
    for (unsigned long va = PGROUND_UP(old); va < old + n; va += PGSIZE)
        vm_map_user(p->pagetable, va, PTE_R | PTE_W);
    p->brk = old + n;
    return old;
}

void syscall(struct proc *p)
{
    unsigned long *a = &p->tf.x[10];  /* a0..a2 */
    switch (p->tf.x[17]) {           /* a7 */
    case SYS_WRITE:  a[0] = sys_write(p, a[0], a[1], a[2]); break;
    case SYS_EXIT:   proc_exit(p, (int)a[0]); break;
    case SYS_YIELD:  a[0] = 0; schedule(); break;
    case SYS_GETPID: a[0] = p->pid; break;
    case SYS_SBRK:   a[0] = sys_sbrk(p, a[0]); break;
    default:         a[0] = -1; break;
    }
}
