/* vm.c: physical pages and page tables: Sv32 on RV32 (2 levels), Sv39 on RV64 (3 levels).
 * Pages come from the RAM between the kernel image and its stack (link.ld's __heap_start and
 * __heap_end) and are never freed: the kernel runs one fixed set of processes.
 * Every address space maps all of RAM to itself with megapages for the kernel (R W X, not U),
 * and the UART and finisher pages, so a trap needs no satp switch; a process's own pages are
 * 4 KiB user pages. Every leaf PTE is made with A and D set, so the kernel runs the same whether
 * the hardware sets them (qemu, the ISA model) or faults when they are clear (Svade). */
#include "kernel.h"

#if __riscv_xlen == 64
#define LEVELS    3
#define VPN_BITS  9
#define SATP_MODE (8UL << 60)
#else
#define LEVELS    2
#define VPN_BITS  10
#define SATP_MODE (1UL << 31)
#endif
#define MEGAPAGE        (PGSIZE << VPN_BITS)     /* a level-1 leaf: 4 MiB (Sv32), 2 MiB (Sv39) */
#define VPN(va, level)  (((va) >> (12 + (level) * VPN_BITS)) & ((1UL << VPN_BITS) - 1))
#define PTE_PA(pte)     (((pte) >> 10) << 12)
#define PA_PTE(pa)      (((unsigned long)(pa) >> 12) << 10)

extern char __heap_start[], __heap_end[];

void *page_alloc(void)             /* a zeroed page */
{
    static unsigned long next;
    if (!next)
        next = PGROUND_UP((unsigned long)__heap_start);
    if (next + PGSIZE > (unsigned long)__heap_end)
        panic("out of memory", 0, 0, 0);
    unsigned long *page = (unsigned long *)next;
    next += PGSIZE;
    for (unsigned int i = 0; i < PGSIZE / sizeof *page; i++)
        page[i] = 0;
    return page;
}

/* The PTE of va at `level` (0: a 4 KiB page), making the tables on the way when `alloc`; a
 * superpage leaf met on the way is returned instead. 0 when va is not mapped. */
static pte_t *walk(pte_t *table, unsigned long va, int level, int alloc)
{
    for (int l = LEVELS - 1; l > level; l--) {
        pte_t *pte = &table[VPN(va, l)];
        if (*pte & (PTE_R | PTE_X))
            return pte;
        if (!(*pte & PTE_V)) {
            if (!alloc)
                return 0;
            *pte = PA_PTE(page_alloc()) | PTE_V;  /* a pointer: A, D and U stay 0 */
        }
        table = (pte_t *)PTE_PA(*pte);
    }
    return &table[VPN(va, level)];
}

static void map(pte_t *root, unsigned long va, unsigned long pa, int level, unsigned long perm)
{
    pte_t *pte = walk(root, va, level, 1);
    if (*pte & PTE_V)
        panic("page mapped twice", 0, 0, va);
    *pte = PA_PTE(pa) | perm | PTE_A | PTE_D | PTE_V;
}

pte_t *vm_create(void)             /* an address space with only the kernel's mappings */
{
    pte_t *root = page_alloc();
    for (unsigned long a = RAM_BASE; a < RAM_BASE + RAM_DEFAULT_SIZE; a += MEGAPAGE)
        map(root, a, a, 1, PTE_R | PTE_W | PTE_X);
    map(root, UART_BASE, UART_BASE, 0, PTE_R | PTE_W);
    map(root, FINISHER_BASE, FINISHER_BASE, 0, PTE_R | PTE_W);
    return root;
}

void *vm_map_user(pte_t *root, unsigned long va, unsigned long perm)  /* a new zeroed page */
{
    void *page = page_alloc();
    map(root, va, (unsigned long)page, 0, perm | PTE_U);
    return page;
}

/* Where the kernel reaches user address va, if the process may access it with `perm`; else 0. */
void *vm_user_addr(pte_t *root, unsigned long va, unsigned long perm)
{
    pte_t *pte = walk(root, va, 0, 0);
    unsigned long need = PTE_V | PTE_U | perm;
    if (!pte || (*pte & need) != need)
        return 0;
    return (void *)(PTE_PA(*pte) + (va & (PGSIZE - 1)));
}

void vm_switch(pte_t *root)
{
    csr_write(satp, SATP_MODE | (unsigned long)root >> 12);
    __asm__ volatile("sfence.vma zero, zero" ::: "memory");
}
