/* proc.c: the process table, loading a user program (an ELF file that blobs.S embeds) into a new
 * address space, the round-robin scheduler, and the two ways a process ends. */
#include "kernel.h"

struct proc procs[NPROC];
struct proc *current;
int nproc;

/* The few ELF fields needed; unsigned long is the class's address size (ELF32 or ELF64). */
struct elf_header {
    unsigned char ident[16];
    uint16_t type, machine;
    uint32_t version;
    unsigned long entry, phoff, shoff;
    uint32_t flags;
    uint16_t ehsize, phentsize, phnum;
};
#if __riscv_xlen == 64
struct elf_segment { uint32_t type, flags; uint64_t offset, vaddr, paddr, filesz, memsz, align; };
#else
struct elf_segment { uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align; };
#endif
#define PT_LOAD 1
#define PF_X    1
#define PF_W    2
#define PF_R    4

static void load(struct proc *p, const unsigned char *elf)
{
    const struct elf_header *eh = (const void *)elf;
    if (eh->ident[0] != 0x7F || eh->ident[1] != 'E' || eh->ident[4] != (__riscv_xlen == 64) + 1)
        panic("not an ELF file of this XLEN", 0, 0, p->pid);
    for (int i = 0; i < eh->phnum; i++) {
        const struct elf_segment *s = (const void *)(elf + eh->phoff + i * eh->phentsize);
        if (s->type != PT_LOAD || s->memsz == 0)
            continue;
        if (s->vaddr < USER_BASE || s->vaddr > USER_HEAP || s->memsz > USER_HEAP - s->vaddr)
            panic("segment outside the user program's space", 0, 0, s->vaddr);
        unsigned long perm = (s->flags & PF_R ? PTE_R : 0) | (s->flags & PF_W ? PTE_W : 0) |
                             (s->flags & PF_X ? PTE_X : 0);
        unsigned long end = s->vaddr + s->memsz, file_end = s->vaddr + s->filesz;
        for (unsigned long va = PGROUND_DOWN(s->vaddr); va < end; va += PGSIZE) {
            char *page = vm_map_user(p->pagetable, va, perm);
            for (unsigned long a = va < s->vaddr ? s->vaddr : va; a < va + PGSIZE && a < file_end; a++)
                page[a - va] = elf[s->offset + (a - s->vaddr)];
        }
    }
    p->tf.pc = eh->entry;
}

void proc_create(const struct program *program)
{
    if (nproc == NPROC)
        panic("too many processes", 0, 0, 0);
    struct proc *p = &procs[nproc++];
    p->pid = nproc;
    p->program = program;
    p->pagetable = vm_create();
    load(p, program->elf);
    vm_map_user(p->pagetable, USER_STACK_TOP - PGSIZE, PTE_R | PTE_W);
    p->info = vm_map_user(p->pagetable, USER_INFO, PTE_R);
    p->info->pid = p->pid;
    p->tf.x[2] = USER_STACK_TOP;
    p->brk = USER_HEAP;
    p->state = RUNNABLE;
}

/* Round robin: the next runnable process after the current one, which may be the current one
 * again; finish() when none is left. */
void schedule(void)
{
    int i = current - procs;
    for (int n = 1; n <= nproc; n++) {
        struct proc *p = &procs[(i + n) % nproc];
        if (p->state == RUNNABLE) {
            if (p != current)
                vm_switch(p->pagetable);
            current = p;
            return;
        }
    }
    finish();
}

void proc_exit(struct proc *p, long code)
{
    p->state = EXITED;
    p->exit_code = code;
    plog(p, "[kernel] pid %d exited with code %ld\n", p->pid, code);
    schedule();
}

void proc_kill(struct proc *p, unsigned long cause, unsigned long tval)
{
    p->state = KILLED;
    p->cause = cause;
    p->tval = tval;
    plog(p, "[kernel] pid %d killed: %s (cause %lu), stval 0x%lx\n", p->pid, cause_name(cause),
         cause, tval);
    schedule();
}
