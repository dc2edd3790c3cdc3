/* gemm_naive.c: one thread per output element, straight from global memory. Within a warp the B
 * loads are unit-stride (one 32-byte transaction) and the A load is the same word (one). */
#define GPU_KERNEL_SIDE
#include "gpu.h"
#include "gemm.h"

GPU_KERNEL(gemm_naive)
{
    const struct gemm_args *p = arg;
    int col = (int)(gpu_bid_x() * GEMM_BLOCK_X + gpu_tid_x());
    int row = (int)(gpu_bid_y() * GEMM_BLOCK_Y + gpu_tid_y());
    int n = p->n, k = p->k;
    if (row >= p->m || col >= n)
        return;
    const int32_t *a = GPU_PTR(const int32_t, p->a) + row * k;
    const int32_t *b = GPU_PTR(const int32_t, p->b) + col;
    int32_t s = 0;
    for (int i = 0; i < k; i++)
        s += a[i] * b[i * n];
    GPU_PTR(int32_t, p->c)[row * n + col] = s;
}
