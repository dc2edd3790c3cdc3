/* gpu_host.h: the host's view of the GPU: launch registers at 0x1003_0000 and gpu_launch(),
 * which writes them, starts the launch and polls STATUS. Works for rv32 and rv64 hosts. */
#ifndef GPU_HOST_H
#define GPU_HOST_H
#include <stdint.h>

#include "machine_spec.h"   /* GPU_BASE, the launch register offsets GPU_ENTRY ... GPU_CONFIG, GPU_STATUS_* */

#define GPU_REG(off) (*(volatile uint32_t *)(uintptr_t)(GPU_BASE + (off)))

struct gpu_dim { uint32_t x, y; };

/* Where host programs put the per-thread stacks: after the kernel image, GPU_STACKS_SIZE bytes. */
#define GPU_STACKS ((void *)(uintptr_t)0x80900000u)
#define GPU_STACKS_SIZE (6u << 20)

/* Launches entry(arg) on grid x block threads, each with stack_size bytes of stack from
 * stack_base; waits for the end. Returns 0, or 0x100 | ERROR_CAUSE (see gpu_error_pc/addr). */
uint32_t gpu_launch(uint32_t entry, const void *arg, struct gpu_dim grid, struct gpu_dim block,
                    void *stack_base, uint32_t stack_size);
static inline uint32_t gpu_cycles(void)     { return GPU_REG(GPU_CYCLES); }
static inline uint32_t gpu_error_pc(void)   { return GPU_REG(GPU_ERROR_PC); }
static inline uint32_t gpu_error_addr(void) { return GPU_REG(GPU_ERROR_ADDR); }
static inline uint32_t gpu_config(void)     { return GPU_REG(GPU_CONFIG); }
/* The GPU's shape, from CONFIG: units x warps x lanes. */
struct gpu_shape { uint32_t units, warps, lanes; };
static inline struct gpu_shape gpu_shape(void)
{
    uint32_t c = gpu_config();
    return (struct gpu_shape){ c >> GPU_CONFIG_UNITS_SHIFT & 0xFF, c >> GPU_CONFIG_WARPS_SHIFT & 0xFF,
                               c >> GPU_CONFIG_LANES_SHIFT & 0xFF };
}
/* Copies the embedded kernel image (kernel_image.S) to GPU_KERNEL_BASE. */
void gpu_load_kernels(void);
#endif
