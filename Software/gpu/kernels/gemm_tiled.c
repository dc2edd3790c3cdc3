/* gemm_tiled.c: shared-memory tiling. A block of 8 x 4 threads computes a 4 x 8 tile of C; per
 * step of TK = 32 in k it stages a 4 x 32 tile of A and a 32 x 8 tile of B in shared memory
 * (zeros past the edges; each warp reads 8 consecutive words, one transaction), so the inner
 * loop is 2 shared loads + mul + add per MAC with no loop overhead, against 7 instructions per
 * MAC in the naive kernel. stage() recomputes its addresses from the CSRs and volatile argument
 * loads: GCC then keeps nothing but the sum and two pointers live across the loop (no spills). */
#define GPU_KERNEL_SIDE
#include "gpu.h"
#include "gemm.h"

#define TK 32
#define AS ((int32_t *)GPU_SHARED_BASE)                  /* [4][TK] */
#define BS ((int32_t *)(GPU_SHARED_BASE + 4 * TK * 4))   /* [TK][8] */

static inline __attribute__((always_inline)) void stage(const volatile struct gemm_args *vp, int k0)
{
    int tx = (int)gpu_tid_x(), ty = (int)gpu_tid_y();
    int row = (int)gpu_bid_y() * 4 + ty, col = (int)gpu_bid_x() * 8 + tx;
    int m = vp->m, n = vp->n, k = vp->k;
    const int32_t *a = GPU_PTR(const int32_t, vp->a) + row * k + k0 + tx;
    const int32_t *b = GPU_PTR(const int32_t, vp->b) + (k0 + ty) * n + col;
    int32_t *ad = AS + ty * TK + tx, *bd = BS + ty * 8 + tx;
    if (row - ty + 4 <= m && col - tx + 8 <= n && k0 + TK <= k) {
        /* Inside the matrices: no checks, four loads in flight before the stores. */
        int32_t v0 = a[0], v1 = a[8], v2 = a[16], v3 = a[24];
        ad[0] = v0; ad[8] = v1; ad[16] = v2; ad[24] = v3;
        int n4 = 4 * n;
#pragma GCC unroll 1
        for (int i = 0; i < TK / 4; i += 4, b += 4 * n4, bd += 4 * 32) {
            int32_t w0 = b[0], w1 = b[n4], w2 = b[2 * n4], w3 = b[3 * n4];
            bd[0] = w0; bd[32] = w1; bd[64] = w2; bd[96] = w3;
        }
    } else {
#pragma GCC unroll 1
        for (int c = tx; c < TK; c += 8, a += 8, ad += 8)
            *ad = (row < m && k0 + c < k) ? *a : 0;
#pragma GCC unroll 1
        for (int r = ty; r < TK; r += 4, b += 4 * n, bd += 32)
            *bd = (col < n && k0 + r < k) ? *b : 0;
    }
}

GPU_KERNEL(gemm_tiled)
{
    const volatile struct gemm_args *vp = arg;
    int32_t s = 0;
    for (int k0 = 0; k0 < vp->k; k0 += TK) {
        stage(vp, k0);
        gpu_barrier();
        /* Recomputed from the CSRs in each step, so GCC cannot hoist 64 addresses out of the loop. */
        const int32_t *pa = AS + gpu_tid_y() * TK, *pb = BS + gpu_tid_x();
#pragma GCC unroll 32
        for (int i = 0; i < TK; i++) {
            s += pa[i] * pb[8 * i];
            __asm__ ("" : "+r"(s));   /* no reassociation into 32 live products */
        }
        gpu_barrier();
    }
    int row = (int)(gpu_bid_y() * 4 + gpu_tid_y()), col = (int)(gpu_bid_x() * 8 + gpu_tid_x());
    if (row < vp->m && col < vp->n)
        GPU_PTR(int32_t, vp->c)[row * vp->n + col] = s;
}
