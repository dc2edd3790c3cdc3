/* user_paging.c: runs a program's main in U mode under Sv32 (rv32) or Sv39 (rv64), for the MMU's
 * Dhrystone figure (BENCHMARKS.md). enter_user_mode() builds page tables the way the kernel
 * (Software/kernel) maps a process: 4 KiB pages, A and D set, here identity-mapped and user-
 * accessible for the whole 16 MiB of RAM and the UART, CLINT and finisher pages (so picolibc's
 * console, mtime and exit() work from U mode); sets mcounteren so U mode reads cycle/instret;
 * turns on paging and returns in U mode. Traps still go to crt0's M-mode handler. */
#include <stdint.h>
#include "machine.h"

#if __riscv_xlen == 64
#define LEVELS 3
#define VPN_BITS 9
#define SATP_MODE (8UL << 60)
typedef uint64_t pte_t;
#else
#define LEVELS 2
#define VPN_BITS 10
#define SATP_MODE (1UL << 31)
typedef uint32_t pte_t;
#endif
#define ENTRIES (4096 / sizeof(pte_t))
#define PTE_V 0x01
#define PTE_LEAF (0x02 | 0x04 | 0x08 | 0x10 | 0x40 | 0x80)   /* R W X U A D */

static pte_t tables[32][ENTRIES] __attribute__((aligned(4096)));
static unsigned used = 1;                                   /* tables[0] is the root */

static pte_t make_pte(uintptr_t pa, unsigned long flags) { return (pte_t)(((pa >> 12) << 10) | flags); }

static void map_page(uintptr_t va)
{
    pte_t *table = tables[0];
    for (int level = LEVELS - 1; level > 0; level--) {
        pte_t *entry = &table[(va >> (12 + level * VPN_BITS)) & (ENTRIES - 1)];
        if (!(*entry & PTE_V))
            *entry = make_pte((uintptr_t)tables[used++], PTE_V);
        table = (pte_t *)(uintptr_t)((*entry >> 10) << 12);
    }
    table[(va >> 12) & (ENTRIES - 1)] = make_pte(va, PTE_V | PTE_LEAF);
}

void enter_user_mode(void)
{
    for (uintptr_t pa = RAM_BASE; pa < RAM_BASE + RAM_DEFAULT_SIZE; pa += 4096)
        map_page(pa);
    map_page(UART_BASE);
    map_page(FINISHER_BASE);
    map_page(CLINT_MTIME & ~0xFFFUL);
    csr_write(mcounteren, 7);                               /* cycle, time, instret: for S, */
    csr_write(scounteren, 7);                               /* and, with S present, for U */
    csr_write(satp, SATP_MODE | ((uintptr_t)tables[0] >> 12));
    __asm__ volatile("sfence.vma" ::: "memory");
    /* mret to the caller's return address in U mode, with the caller's stack. */
    __asm__ volatile("csrc mstatus, %0\n"                   /* MPP = U */
                     "la t0, 1f\n"
                     "csrw mepc, t0\n"
                     "mret\n"
                     "1:\n" :: "r"(MSTATUS_MPP) : "t0", "memory");
}
