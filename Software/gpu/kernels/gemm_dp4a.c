/* gemm_dp4a.c: int8 GEMM with gpu.dp4a, register-blocked from shared memory. A block of 8 x 4
 * threads computes a 16 x 64 tile of C as two 16 x 32 sub-tiles, one after the other, with 4 x 4
 * int32 accumulators per thread (the sub-tiles share the staging and the per-block setup). Per
 * step of BKW words (4 int8 each) of k it stages A (16 rows) and Bt (the block's columns of B,
 * k contiguous) in shared memory; then each thread does 8 shared loads per 16 dp4a (64 MACs).
 * k need not be a multiple of 4: edge words are assembled byte by byte with zeros past the end.
 * Tiles inside the matrices (and k % 4 == 0) take a copy of the loop without edge checks, and
 * everything is arranged so that GCC keeps the 16 accumulators in registers: per-thread stacks
 * are never coalesced, so every spill costs a transaction per lane (docs/GPU.md). */
#define GPU_KERNEL_SIDE
#include "gpu.h"
#include "gemm.h"

#define BM 16
#define BN 32                    /* columns of one sub-tile (8 threads x 4) */
#define NSUB 2                   /* sub-tiles per block: the block covers BM x NSUB*BN of C */
#define BNB (BN * NSUB)
#define BKW 16                   /* words (of 4 int8) per k step: 64 bytes of k */
#define PASS (32 / BKW)          /* rows staged per pass of the 32 threads */
/* The argument pointer lives in shared memory (every thread stores the same value), so it is
 * never kept in a register or spilled to the (uncoalesced) per-thread stack. */
#define ARGP (*(volatile uint32_t *)(GPU_SHARED_BASE + (BM + BNB) * BKW * 4))
#define VP ((const volatile struct gemm_args *)(uintptr_t)ARGP)
_Static_assert(BKW == 16, "stage() divides by BKW with shifts");

/* Word w (bytes 4w..4w+3) of an int8 row of `len` bytes, zeros past len. */
static inline __attribute__((always_inline)) uint32_t load_word(const int8_t *row, int w, int len)
{
    int k = 4 * w;
    if (k + 4 <= len && (len & 3) == 0)
        return ((const uint32_t *)row)[w];
    uint32_t v = 0;
    for (int i = 0; i < 4; i++)
        if (k + i < len)
            v |= (uint32_t)(uint8_t)row[k + i] << (8 * i);
    return v;
}

/* Stages k words w0 .. w0+BKW-1 of A rows bm..bm+15 and Bt rows bn..bn+31 in shared memory:
 * thread f copies word f % BKW of rows f / BKW + PASS i; a warp reads 32 consecutive bytes. */
/* Everything but p and w0 is recomputed here from the CSRs and (volatile) argument loads, so that
 * nothing extra stays live across the compute loop. */
static inline __attribute__((always_inline)) void
stage(int w0, int edges, int c0, int nc)   /* B: columns c0 .. c0+nc-1 of the block */
{
    const volatile struct gemm_args *vp = VP;
    int bm = (int)gpu_bid_y() * BM, bn = (int)gpu_bid_x() * BNB, f = (int)(gpu_tid_y() * 8 + gpu_tid_x());
    uint32_t (*as)[BKW] = (uint32_t (*)[BKW])GPU_SHARED_BASE;                  /* [16][BKW] */
    uint32_t (*bs)[BKW] = (uint32_t (*)[BKW])(GPU_SHARED_BASE + BM * BKW * 4); /* [BNB][BKW] */
    int m = vp->m, n = vp->n, k = vp->k, r0 = f >> 4, wc = f & (BKW - 1), w = w0 + wc;   /* BKW = 16 */
    const int8_t *ap = GPU_PTR(const int8_t, vp->a) + (bm + r0) * k;
    const int8_t *bp = GPU_PTR(const int8_t, vp->b) + (bn + c0 + r0) * k;
    uint32_t *ad = &as[r0][wc], *bd = &bs[c0 + r0][wc];
    if (!edges) {   /* four loads in flight, then four stores (the scoreboard overlaps them) */
        int ks = PASS * (k >> 2);                 /* words between staged rows */
        int in = 4 * w < k;                       /* k % 4 == 0 here: whole words */
        const uint32_t *s = (const uint32_t *)ap + w;
#pragma GCC unroll 1
        for (int i = 0; i < BM / PASS; i += 4, s += 4 * ks) {
            uint32_t v0 = in ? s[0] : 0, v1 = in ? s[ks] : 0, v2 = in ? s[2 * ks] : 0, v3 = in ? s[3 * ks] : 0;
            ad[(i + 0) * PASS * BKW] = v0; ad[(i + 1) * PASS * BKW] = v1;
            ad[(i + 2) * PASS * BKW] = v2; ad[(i + 3) * PASS * BKW] = v3;
        }
        s = (const uint32_t *)bp + w;
#pragma GCC unroll 1
        for (int i = 0; i < nc / PASS; i += 4, s += 4 * ks) {
            uint32_t v0 = in ? s[0] : 0, v1 = in ? s[ks] : 0, v2 = in ? s[2 * ks] : 0, v3 = in ? s[3 * ks] : 0;
            bd[(i + 0) * PASS * BKW] = v0; bd[(i + 1) * PASS * BKW] = v1;
            bd[(i + 2) * PASS * BKW] = v2; bd[(i + 3) * PASS * BKW] = v3;
        }
    } else {
        const int8_t *s = ap;
        uint32_t *d = ad;
#pragma GCC unroll 1
        for (int r = bm + r0; r < bm + BM; r += PASS, s += PASS * k, d += PASS * BKW)
            *d = r < m ? load_word(s, w, k) : 0;
        s = bp;
        d = bd;
#pragma GCC unroll 1
        for (int r = bn + c0 + r0; r < bn + c0 + nc; r += PASS, s += PASS * k, d += PASS * BKW)
            *d = r < n ? load_word(s, w, k) : 0;
    }
}

static inline __attribute__((always_inline)) void
dp4a_tile(int edges)
{
    int kw = (VP->k + 3) >> 2, single = kw <= BKW;
    /* With k <= 4 BKW one staging serves both sub-tiles, done before any accumulator exists: GCC
     * then needs almost no stack (every spill costs a transaction per lane). */
    if (single) {
        stage(0, edges, 0, BNB);
        gpu_barrier();
    }
#pragma GCC unroll 1
    for (int sub = 0; sub < NSUB; sub++) {
        if ((int)gpu_bid_x() * BNB + sub * BN >= VP->n)
            break;   /* sub-tile entirely right of C (same for the whole block: barriers stay matched) */
        int32_t acc[4][4];
#pragma GCC unroll 4
        for (int i = 0; i < 4; i++)
#pragma GCC unroll 4
            for (int j = 0; j < 4; j++) acc[i][j] = 0;
        for (int w0 = 0;;) {
            if (!single) {
                gpu_barrier();
                stage(w0, edges, sub * BN, BN);   /* only this sub-tile's columns */
                gpu_barrier();
            }
            /* Recomputed from the CSRs in each step, so GCC cannot hoist 64 addresses out of the loop. */
            const uint32_t *pa = (const uint32_t *)GPU_SHARED_BASE + gpu_tid_y() * 4 * BKW;
            const uint32_t *pb = (const uint32_t *)(GPU_SHARED_BASE + BM * BKW * 4) + (sub * BN + gpu_tid_x()) * BKW;
#pragma GCC unroll 16
            for (int w = 0; w < BKW; w++) {   /* fully unrolled: immediate offsets, no counter */
                uint32_t av[4];
                __asm__ volatile("" ::: "memory");   /* keep each step's loads in their step (no spills) */
#pragma GCC unroll 4
                for (int i = 0; i < 4; i++) av[i] = pa[i * BKW + w];
#pragma GCC unroll 4
                for (int j = 0; j < 4; j++) {   /* one B word live at a time: 16 + 4 + 1 registers */
                    __asm__ volatile("" ::: "memory");
                    uint32_t bv = pb[j * 8 * BKW + w];
#pragma GCC unroll 4
                    for (int i = 0; i < 4; i++)
                        acc[i][j] = gpu_dp4a(acc[i][j], av[i], bv);
                }
            }
            w0 += BKW;
            if (w0 >= (VP->k + 3) >> 2)
                break;
        }
        const volatile struct gemm_args *vp = VP;
        int m = vp->m, n = vp->n, row = (int)(gpu_bid_y() * BM + gpu_tid_y() * 4);
        int col = (int)(gpu_bid_x() * BNB + gpu_tid_x()) + sub * BN;
        int32_t *c = GPU_PTR(int32_t, vp->c) + row * n + col;
#pragma GCC unroll 4
        for (int i = 0; i < 4; i++, c += n)
#pragma GCC unroll 4
            for (int j = 0; j < 4; j++)
                if (!edges || (row + i < m && col + 8 * j < n))
                    c[8 * j] = acc[i][j];
    }
}

GPU_KERNEL(gemm_dp4a)
{
    const struct gemm_args *p = arg;
    ARGP = (uint32_t)(uintptr_t)p;
    int bm = (int)gpu_bid_y() * BM, bn = (int)gpu_bid_x() * BNB;
    if ((p->k & 3) == 0 && bm + BM <= p->m && bn + BNB <= p->n)
        dp4a_tile(0);
    else
        dp4a_tile(1);
}
