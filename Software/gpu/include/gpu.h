/* gpu.h: the GPU kernel ABI for C (docs/MACHINE.md). Kernel side: CSR reads, gpu_dp4a,
 * gpu_barrier, GPU_KERNEL (the `call kernel; gpu.exit` entry stub). Host side (gpu_host.h):
 * the launch registers. Kernels are always rv32im; argument structs hold 32-bit addresses
 * (uint32_t, see GPU_PTR) so that rv32 and rv64 hosts share them. */
#ifndef GPU_H
#define GPU_H
#include <stdint.h>
#include "machine_spec.h"   /* GPU_SHARED_BASE, CSR_GPU_TID_X ... CSR_GPU_UNIT (Generated/, from Sources/Spec) */
/* The kernel image is linked here (kernels/kernels.ld); hosts copy it in place before launching. */
#define GPU_KERNEL_BASE 0x80800000u

/* A 32-bit device address stored in an argument struct, turned back into a pointer. */
#define GPU_PTR(type, addr) ((type *)(uintptr_t)(addr))

#if defined(__riscv) && __riscv_xlen == 32 && defined(GPU_KERNEL_SIDE)
#define GPU_STR_(x) #x
#define GPU_STR(x) GPU_STR_(x)
#define GPU_CSR(n) ({ uint32_t v_; __asm__ volatile("csrr %0, " GPU_STR(n) : "=r"(v_)); v_; })
static inline uint32_t gpu_tid_x(void)  { return GPU_CSR(CSR_GPU_TID_X); }
static inline uint32_t gpu_tid_y(void)  { return GPU_CSR(CSR_GPU_TID_Y); }
static inline uint32_t gpu_bid_x(void)  { return GPU_CSR(CSR_GPU_BID_X); }
static inline uint32_t gpu_bid_y(void)  { return GPU_CSR(CSR_GPU_BID_Y); }
static inline uint32_t gpu_bdim_x(void) { return GPU_CSR(CSR_GPU_BDIM_X); }
static inline uint32_t gpu_bdim_y(void) { return GPU_CSR(CSR_GPU_BDIM_Y); }
static inline uint32_t gpu_gdim_x(void) { return GPU_CSR(CSR_GPU_GDIM_X); }
static inline uint32_t gpu_gdim_y(void) { return GPU_CSR(CSR_GPU_GDIM_Y); }
static inline uint32_t gpu_lane(void)   { return GPU_CSR(CSR_GPU_LANE); }
static inline uint32_t gpu_warp(void)   { return GPU_CSR(CSR_GPU_WARP); }
static inline uint32_t gpu_unit(void)   { return GPU_CSR(CSR_GPU_UNIT); }

/* rd = acc + sum of the four int8 x int8 byte products of a and b (wrapping). */
static inline int32_t gpu_dp4a(int32_t acc, uint32_t a, uint32_t b)
{
    __asm__(".insn r CUSTOM_0, 0, 0, %0, %1, %2" : "+r"(acc) : "r"(a), "r"(b));
    return acc;
}

/* Waits until every live thread of the block has reached a barrier; orders shared memory. */
static inline void gpu_barrier(void)
{
    __asm__ volatile(".insn r CUSTOM_0, 1, 0, x0, x0, x0" ::: "memory");
}

static inline __attribute__((noreturn)) void gpu_exit(void)
{
    __asm__ volatile(".insn r CUSTOM_0, 2, 0, x0, x0, x0" ::: "memory");
    __builtin_unreachable();
}

/* GPU_KERNEL(name) { body } defines the kernel `name(void *arg)` and its entry stub `name_entry`
 * (`call name; gpu.exit`): launch at name_entry with ARG = the argument's address. The body is
 * inlined into a noreturn wrapper that ends in gpu.exit itself, so GCC saves no callee-saved
 * registers: per-thread stacks are never coalesced (docs/GPU.md), every spill costs a transaction
 * per lane. A `return` in the body ends the thread. */
#define GPU_KERNEL(name)                                                              \
    static inline __attribute__((always_inline)) void name##_body(void *arg);         \
    __attribute__((noreturn, used)) void name(void *arg)                              \
    {                                                                                 \
        name##_body(arg);                                                             \
        gpu_exit();                                                                   \
    }                                                                                 \
    __asm__(".pushsection .text.entry." #name ",\"ax\",@progbits\n"                 \
            ".globl " #name "_entry\n.balign 4\n" #name "_entry:\n"                  \
            "  call " #name "\n  .insn r CUSTOM_0, 2, 0, x0, x0, x0\n.popsection");  \
    static inline __attribute__((always_inline)) void name##_body(void *arg)
#endif
#endif
