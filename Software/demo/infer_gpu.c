/* infer_gpu.c: the inference on the GPU. All images form one batch; per layer one gemm_dp4a launch
 * (A = activations n x in int8, Bt = the weights out x in int8, C = int32 n x out; a narrow layer the
 * other way round, C^T = W X^T), then one requant launch (bias, then int8 activations with ReLU, or int32
 * logits on the last layer, image by image). */
#include <stdio.h>
#include <stdlib.h>
#include "demo.h"
#include "gemm.h"
#include "gpu.h"
#include "gpu_host.h"
#include "kernels_sym.h"
#include "machine.h"
#include "requant.h"

#define GEMM_STACK 512u
#define REQUANT_STACK 16u                              /* requant keeps everything in registers */
_Static_assert((uint64_t)MAX_IMAGES * MAX_WIDTH * REQUANT_STACK <= GPU_STACKS_SIZE && MAX_WIDTH % REQUANT_BLOCK == 0,
               "requant's stacks fit");
_Static_assert((uint64_t)(MAX_IMAGES + GEMM_DP4A_TILE_M - 1) / GEMM_DP4A_TILE_M * (MAX_WIDTH + GEMM_DP4A_TILE_N - 1)
               / GEMM_DP4A_TILE_N * GEMM_BLOCK_X * GEMM_BLOCK_Y * GEMM_STACK <= GPU_STACKS_SIZE, "gemm's stacks fit");

static int8_t activations[2][MAX_IMAGES * MAX_WIDTH] __attribute__((aligned(64)));
static int32_t accumulators[MAX_IMAGES * MAX_WIDTH] __attribute__((aligned(64)));
static int32_t logits[MAX_IMAGES * CLASSES] __attribute__((aligned(64)));
static struct gemm_args gemm;
static struct requant_args requant;

/* gpu_launch, timed in mcycle; a GPU error ends the program. Returns the GPU's CYCLES. */
static uint32_t launch(const char *name, uint32_t entry, const void *arg, struct gpu_dim grid,
                       struct gpu_dim block, uint32_t stack_size)
{
    uint64_t start = mcycle_read();
    uint32_t error = gpu_launch(entry, arg, grid, block, GPU_STACKS, stack_size);
    gpu_launch_cycles += mcycle_read() - start;
    if (error) {
        printf("demo: GPU error in %s: cause %u, pc 0x%08x, address 0x%08x\n", name, (unsigned)(error & 0xFF),
               (unsigned)gpu_error_pc(), (unsigned)gpu_error_addr());
        exit(EXIT_GPU);
    }
    return gpu_cycles();
}

const int32_t *infer_gpu(const struct model *model, const int8_t *pixels, int n, struct layer_stats *stats)
{
    const int8_t *in = pixels;   /* the images, then each layer's output */
    for (int i = 0; i < model->layers; i++) {
        const struct layer *l = &model->layer[i];
        /* A narrow layer (out < the kernel's 64-column tile) is computed transposed, C^T = W X^T: the images
         * then spread over the tiles' columns instead of leaving most of each tile empty. */
        int transposed = stats[i].transposed = l->out < GEMM_DP4A_TILE_N;
        uint32_t x = (uint32_t)(uintptr_t)in, w = (uint32_t)(uintptr_t)l->weights;
        gemm = (struct gemm_args){ .a = transposed ? w : x, .b = transposed ? x : w,
                                   .c = (uint32_t)(uintptr_t)accumulators,
                                   .m = transposed ? l->out : n, .n = transposed ? n : l->out, .k = l->in };
        struct gpu_dim grid = { (uint32_t)(gemm.n + GEMM_DP4A_TILE_N - 1) / GEMM_DP4A_TILE_N,
                                (uint32_t)(gemm.m + GEMM_DP4A_TILE_M - 1) / GEMM_DP4A_TILE_M };
        stats[i].gemm_cycles = launch("gemm_dp4a", KERNEL_gemm_dp4a, &gemm, grid,
                                      (struct gpu_dim){ GEMM_BLOCK_X, GEMM_BLOCK_Y }, GEMM_STACK);
        int last = i == model->layers - 1;
        requant = (struct requant_args){ .acc = (uint32_t)(uintptr_t)accumulators,
                                         .bias = (uint32_t)(uintptr_t)l->bias,
                                         .out = (uint32_t)(uintptr_t)(last ? (void *)logits : activations[i % 2]),
                                         .rows = gemm.m, .cols = gemm.n, .m0 = l->m0, .shift = l->shift,
                                         .flags = l->flags };
        stats[i].requant_cycles = launch("requant", transposed ? KERNEL_requant_t : KERNEL_requant, &requant,
                                         (struct gpu_dim){ ((uint32_t)gemm.n + REQUANT_BLOCK - 1) / REQUANT_BLOCK,
                                                           ((uint32_t)gemm.m + REQUANT_ROWS - 1) / REQUANT_ROWS },
                                         (struct gpu_dim){ REQUANT_BLOCK, 1 }, REQUANT_STACK);
        in = activations[i % 2];
    }
    return logits;   /* n x CLASSES int32 */
}
