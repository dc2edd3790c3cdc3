/* gpu_host.c: host-side launch (write the launch registers, start, poll STATUS) and the copy of
 * the embedded rv32 kernel image to its link address GPU_KERNEL_BASE. */
#include <stddef.h>
#include "gpu.h"
#include "gpu_host.h"

extern const unsigned char gpu_kernel_image[], gpu_kernel_image_end[];

/* Word by word (the image starts 16-byte aligned and ends padded to 4 bytes, kernel_image.S): picolibc's
 * memcpy copies bytes, 5x slower; the attribute keeps GCC from turning the loop back into memcpy. */
__attribute__((optimize("no-tree-loop-distribute-patterns"))) void gpu_load_kernels(void)
{
    const uint32_t *from = (const uint32_t *)(const void *)gpu_kernel_image;
    uint32_t *to = (uint32_t *)(uintptr_t)GPU_KERNEL_BASE;
    for (size_t i = 0, words = (size_t)(gpu_kernel_image_end - gpu_kernel_image) / 4; i < words; i++)
        to[i] = from[i];
    __asm__ volatile("fence" ::: "memory");
}

uint32_t gpu_launch(uint32_t entry, const void *arg, struct gpu_dim grid, struct gpu_dim block,
                    void *stack_base, uint32_t stack_size)
{
    __asm__ volatile("fence" ::: "memory");   /* the GPU sees every store made before */
    GPU_REG(GPU_ENTRY) = entry;
    GPU_REG(GPU_ARG) = (uint32_t)(uintptr_t)arg;
    GPU_REG(GPU_GRID_X) = grid.x;
    GPU_REG(GPU_GRID_Y) = grid.y;
    GPU_REG(GPU_BLOCK_X) = block.x;
    GPU_REG(GPU_BLOCK_Y) = block.y;
    GPU_REG(GPU_STACK_BASE) = (uint32_t)(uintptr_t)stack_base;
    GPU_REG(GPU_STACK_SIZE) = stack_size;
    GPU_REG(GPU_CONTROL) = 1;
    uint32_t s;
    while (((s = GPU_REG(GPU_STATUS)) & GPU_STATUS_BUSY) || !(s & (GPU_STATUS_DONE | GPU_STATUS_ERROR)))
        ;
    __asm__ volatile("fence" ::: "memory");
    return (s & GPU_STATUS_ERROR) ? 0x100u | GPU_REG(GPU_ERROR_CAUSE) : 0;
}
