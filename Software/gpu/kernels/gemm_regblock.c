/* gemm_regblock.c: register blocking on top of shared-memory tiles. A block of 8 x 4 threads
 * computes a 16 x 32 tile of C; each thread keeps 4 x 4 accumulators in registers (rows
 * 4 ty + i, columns tx + 8 j), so per k it does 4 + 4 shared loads for 16 multiply-adds
 * (2.5 instructions per MAC instead of 4 in the tiled kernel). Steps of BK = 16 in k, staged
 * like gemm_dp4a.c (first step before the accumulators exist; addresses recomputed from the
 * CSRs and volatile argument loads so that GCC keeps nothing else live: no spills). */
#define GPU_KERNEL_SIDE
#include "gpu.h"
#include "gemm.h"

#define BM 16
#define BN 32
#define BK 16
#define AS ((int32_t *)GPU_SHARED_BASE)                   /* [BM][BK] */
#define BS ((int32_t *)(GPU_SHARED_BASE + BM * BK * 4))   /* [BK][BN] */

/* A: thread f copies A[bm + f/16 + 2i][k0 + f%16] (i < 8); B: B[k0 + i][bn + f] (i < 16). */
static inline __attribute__((always_inline)) void stage(const volatile struct gemm_args *vp, int k0)
{
    int f = (int)(gpu_tid_y() * 8 + gpu_tid_x());
    int bm = (int)gpu_bid_y() * BM, bn = (int)gpu_bid_x() * BN;
    int m = vp->m, n = vp->n, k = vp->k, r0 = f >> 4, kc = f & 15;
    const int32_t *a = GPU_PTR(const int32_t, vp->a) + (bm + r0) * k + k0 + kc;
    const int32_t *b = GPU_PTR(const int32_t, vp->b) + k0 * n + bn + f;
    int32_t *ad = AS + r0 * BK + kc, *bd = BS + f;
    if (bm + BM <= m && bn + BN <= n && k0 + BK <= k) {   /* no checks, 4 loads in flight */
        int k2 = 2 * k;
#pragma GCC unroll 1
        for (int i = 0; i < BM / 2; i += 4, a += 4 * k2, ad += 4 * 2 * BK) {
            int32_t v0 = a[0], v1 = a[k2], v2 = a[2 * k2], v3 = a[3 * k2];
            ad[0] = v0; ad[2 * BK] = v1; ad[4 * BK] = v2; ad[6 * BK] = v3;
        }
#pragma GCC unroll 1
        for (int i = 0; i < BK; i += 4, b += 4 * n, bd += 4 * BN) {
            int32_t v0 = b[0], v1 = b[n], v2 = b[2 * n], v3 = b[3 * n];
            bd[0] = v0; bd[BN] = v1; bd[2 * BN] = v2; bd[3 * BN] = v3;
        }
    } else {
#pragma GCC unroll 1
        for (int r = bm + r0; r < bm + BM; r += 2, a += 2 * k, ad += 2 * BK)
            *ad = (r < m && k0 + kc < k) ? *a : 0;
#pragma GCC unroll 1
        for (int i = 0; i < BK; i++, b += n, bd += BN)
            *bd = (bn + f < n && k0 + i < k) ? *b : 0;
    }
}

GPU_KERNEL(gemm_regblock)
{
    const volatile struct gemm_args *vp = arg;
    stage(vp, 0);
    gpu_barrier();
    int32_t acc[4][4];
#pragma GCC unroll 4
    for (int i = 0; i < 4; i++)
#pragma GCC unroll 4
        for (int j = 0; j < 4; j++) acc[i][j] = 0;
    for (int k0 = 0;;) {
        const int32_t *pa = AS + gpu_tid_y() * 4 * BK, *pb = BS + gpu_tid_x();
#pragma GCC unroll 4
        for (int kk = 0; kk < BK; kk++) {
            int32_t av[4];
            __asm__ volatile("" ::: "memory");   /* keep each step's loads in their step */
#pragma GCC unroll 4
            for (int i = 0; i < 4; i++) av[i] = pa[i * BK + kk];
#pragma GCC unroll 4
            for (int j = 0; j < 4; j++) {   /* one B value live at a time: 16 + 4 + 1 registers */
                __asm__ volatile("" ::: "memory");
                int32_t bv = pb[kk * BN + 8 * j];
#pragma GCC unroll 4
                for (int i = 0; i < 4; i++)
                    acc[i][j] += av[i] * bv;
            }
        }
        k0 += BK;
        if (k0 >= vp->k)
            break;
        gpu_barrier();
        stage(vp, k0);
        gpu_barrier();
    }
    int m = vp->m, n = vp->n, row = (int)(gpu_bid_y() * BM + gpu_tid_y() * 4), col = (int)(gpu_bid_x() * BN + gpu_tid_x());
    int32_t *c = GPU_PTR(int32_t, vp->c) + row * n + col;
#pragma GCC unroll 4
    for (int i = 0; i < 4; i++, c += n)
#pragma GCC unroll 4
        for (int j = 0; j < 4; j++)
            if (row + i < m && col + 8 * j < n)
                c[8 * j] = acc[i][j];
}
