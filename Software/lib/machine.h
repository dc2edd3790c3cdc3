/* machine.h: the SoC's devices (docs/MACHINE.md, the same addresses as qemu's virt machine),
 * CSR access helpers and the trap interface shared by crt0.S and trap.c. */
#ifndef MACHINE_H
#define MACHINE_H
#include <stdint.h>
/* The memory map, the device registers and the cause codes: generated from Sources/Spec into
 * Generated/machine_spec.h (FINISHER_BASE, CLINT_MTIME, UART_BASE, CAUSE_*, IRQ_*, GPU_*). */
#include "machine_spec.h"

#define MMIO8(a)  (*(volatile uint8_t *)(uintptr_t)(a))
#define MMIO32(a) (*(volatile uint32_t *)(uintptr_t)(a))

#define csr_read(csr)     ({ unsigned long v_; __asm__ volatile("csrr %0, " #csr : "=r"(v_) :: "memory"); v_; })
#define csr_write(csr, v) __asm__ volatile("csrw " #csr ", %0" :: "rK"((unsigned long)(v)) : "memory")
#define csr_set(csr, v)   __asm__ volatile("csrs " #csr ", %0" :: "rK"((unsigned long)(v)) : "memory")
#define csr_clear(csr, v) __asm__ volatile("csrc " #csr ", %0" :: "rK"((unsigned long)(v)) : "memory")

#define MSTATUS_MIE   (1UL << 3)
#define MSTATUS_MPIE  (1UL << 7)
#define MSTATUS_MPP   (3UL << 11)
#define MIE_MSIE      (1UL << 3)
#define MIE_MTIE      (1UL << 7)
#define MIP_MSIP      MIE_MSIE        /* mip has the same bit positions as mie */
#define MIP_MTIP      MIE_MTIE

#define MCAUSE_INTERRUPT  (1UL << (__riscv_xlen - 1))

/* The registers of the interrupted code, as crt0.S saves them. A handler may change x[] and mepc;
 * they are restored on mret. x[2] is the interrupted sp. */
struct trap_frame {
    unsigned long x[32];
    unsigned long mepc, mcause, mtval, mstatus;
};

/* Set trap_hook to see traps first: return 1 if handled (the frame is resumed), 0 to fall back to
 * the default, which prints mcause/mepc/mtval and exits with TRAP_EXIT_CODE. */
typedef int (*trap_hook_t)(struct trap_frame *frame);
extern trap_hook_t trap_hook;
#define TRAP_EXIT_CODE 99

static inline uint64_t mtime_read(void)
{
#if __riscv_xlen == 32
    uint32_t hi, lo;
    do {  /* re-read if the low word wrapped between the two reads */
        hi = MMIO32(CLINT_MTIME + 4);
        lo = MMIO32(CLINT_MTIME);
    } while (hi != MMIO32(CLINT_MTIME + 4));
    return ((uint64_t)hi << 32) | lo;
#else
    return *(volatile uint64_t *)CLINT_MTIME;
#endif
}

/* mcycle as 64 bits (on the ISA model it counts instructions and traps; on the RTL clock cycles). */
static inline uint64_t mcycle_read(void)
{
#if __riscv_xlen == 32
    uint32_t hi, lo;
    do {  /* re-read if the low word wrapped between the two reads */
        hi = csr_read(mcycleh);
        lo = csr_read(mcycle);
    } while (hi != csr_read(mcycleh));
    return ((uint64_t)hi << 32) | lo;
#else
    return csr_read(mcycle);
#endif
}

static inline void mtimecmp_write(uint64_t t)
{
#if __riscv_xlen == 32
    MMIO32(CLINT_MTIMECMP + 4) = 0xFFFFFFFF;   /* no spurious interrupt while half written */
    MMIO32(CLINT_MTIMECMP) = (uint32_t)t;
    MMIO32(CLINT_MTIMECMP + 4) = (uint32_t)(t >> 32);
#else
    *(volatile uint64_t *)CLINT_MTIMECMP = t;
#endif
}

#endif
