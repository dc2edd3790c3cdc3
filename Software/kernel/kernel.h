/* kernel.h: the kernel's shared types and functions. The kernel boots in M mode (boot.S,
 * mmode.c), then runs in S mode with paging on: every address space maps all of RAM to itself
 * for the kernel (not U) plus the process's own pages (vm.c). It runs the user programs embedded
 * by blobs.S as processes (proc.c), preempted round robin by the CLINT timer, which M mode
 * forwards to S mode as a supervisor software interrupt (mmode.c, trap.c). */
#ifndef KERNEL_H
#define KERNEL_H
#include "machine.h"   /* Software/lib: CSR access, CLINT, MMIO; machine_spec.h: the addresses */
#include "uapi.h"
#include "fmt.h"

#define TIMER_TICKS  2000            /* mtime ticks between timer interrupts */
#define NPROC        8
#define LOG_SIZE     1024            /* bytes of output kept per process */
#define PANIC_EXIT   3               /* exit codes: 0 pass, 1 a check failed, 3 kernel panic */

#define PGSIZE           4096UL
#define PGROUND_DOWN(a)  ((a) & ~(PGSIZE - 1))
#define PGROUND_UP(a)    (((a) + PGSIZE - 1) & ~(PGSIZE - 1))

/* Page-table entry bits (Sv32 and Sv39 agree) */
#define PTE_V (1UL << 0)
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_X (1UL << 3)
#define PTE_U (1UL << 4)
#define PTE_A (1UL << 6)
#define PTE_D (1UL << 7)
typedef unsigned long pte_t;         /* 32 bits for Sv32, 64 for Sv39: the XLEN */

#define SSTATUS_SPP (1UL << 8)
#define SIP_SSIP    (1UL << IRQ_S_SOFT)

/* A process's user registers while it is not running: trapvec.S saves and restores them. */
struct trapframe {
    unsigned long x[32];             /* x[0] is unused */
    unsigned long pc;
};

enum proc_state { UNUSED, RUNNABLE, EXITED, KILLED };

struct proc {
    struct trapframe tf;             /* first: sscratch points here while the process runs */
    int pid;
    enum proc_state state;
    const struct program *program;
    pte_t *pagetable;
    struct user_info *info;          /* mapped read-only at USER_INFO */
    unsigned long brk;               /* the end of the heap (sbrk) */
    long exit_code;                  /* EXITED */
    unsigned long cause, tval;       /* KILLED: scause and stval of the fault */
    unsigned int loglen;
    char log[LOG_SIZE];              /* what it wrote and what the kernel said about it */
};

/* A user program (an ELF file in blobs.S) and the end the summary expects for it. */
struct program {
    const char *name;
    const unsigned char *elf;
    int must_be_preempted;           /* it runs until the timer has preempted it */
    long exit_code;                  /* when it should exit... */
    unsigned long cause, tval_lo, tval_hi;   /* ...or be killed: cause != 0, tval in [lo, hi) */
};

extern struct proc procs[NPROC];
extern struct proc *current;
extern int nproc;

/* print.c */
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void plog(struct proc *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void plog_char(struct proc *p, char c);
void kexit(int code) __attribute__((noreturn));
void panic(const char *what, unsigned long cause, unsigned long epc, unsigned long tval)
    __attribute__((noreturn));
const char *cause_name(unsigned long cause);

/* vm.c */
void *page_alloc(void);
pte_t *vm_create(void);
void *vm_map_user(pte_t *root, unsigned long va, unsigned long perm);
void *vm_user_addr(pte_t *root, unsigned long va, unsigned long perm);
void vm_switch(pte_t *root);

/* proc.c */
void proc_create(const struct program *program);
void schedule(void);
void proc_exit(struct proc *p, long code);
void proc_kill(struct proc *p, unsigned long cause, unsigned long tval);

/* syscall.c, main.c, trapvec.S */
void syscall(struct proc *p);
void finish(void) __attribute__((noreturn));
void user_return(struct trapframe *tf) __attribute__((noreturn));
void s_trap_entry(void);

#endif
