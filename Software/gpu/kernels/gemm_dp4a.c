/* gemm_dp4a.c: int8 GEMM with gpu.dp4a, register-blocked. A block of 8 x 4 threads computes a
 * 16 x 64 tile of C as two 16 x 32 sub-tiles, one after the other; thread (tx, ty) owns rows
 * 4ty + i (i = 0..3) and columns tx + 8j + 32s (j = 0..3) of sub-tile s, 4 x 4 int32 accumulators.
 * Bt (the block's 64 columns of B, k contiguous) is staged in shared memory; per k word (4 int8)
 * each thread does 4 A loads, 4 B loads and 16 dp4a (64 MACs in 24 instructions).
 *
 * Three paths, chosen per block (the choice is the same for every thread of a block):
 * - the assembly below for blocks inside C with k == 64 (one step: A is read from global memory
 *   in the loop, all of Bt staged once) and with k % 4 == 0, k > 64 (steps of 64 bytes of k, A and
 *   the sub-tile's half of Bt staged per step);
 * - this C code for every other block: edge tiles, k % 4 != 0, k < 64. Per step of BKW words of k
 *   it stages A (16 rows) and Bt in shared memory; k need not be a multiple of 4: edge words are
 *   assembled byte by byte with zeros past the end. Tiles inside the matrices (and k % 4 == 0) take
 *   a copy of the loop without edge checks, and everything is arranged so that GCC keeps the 16
 *   accumulators in registers: per-thread stacks are never coalesced, so every spill costs a
 *   transaction per lane (docs/GPU.md). */
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

/* The C path: every block the assembly below does not take (edge tiles, k % 4 != 0, k < 64).
 * Entered by a jump from gemm_dp4a_entry with a0 = the argument pointer; ends the thread itself. */
__attribute__((noreturn, used)) void gemm_dp4a_c(void *arg)
{
    const struct gemm_args *p = arg;
    ARGP = (uint32_t)(uintptr_t)p;
    int bm = (int)gpu_bid_y() * BM, bn = (int)gpu_bid_x() * BNB;
    if ((p->k & 3) == 0 && bm + BM <= p->m && bn + BNB <= p->n)
        dp4a_tile(0);
    else
        dp4a_tile(1);
    gpu_exit();
}

/* gemm_dp4a_entry: the kernel's entry, in assembly (GNU C raw string), for the blocks that lie inside
 * C with k % 4 == 0 and k >= 64; it jumps to gemm_dp4a_c for the others. Written by hand so that
 * all 31 registers serve and nothing is spilled. There is no `call kernel; gpu.exit` stub: the
 * entry is the code, so every register but a0 (ARG) and sp is 0 at the first instruction
 * (docs/MACHINE.md, thread start): sub-tile 0's accumulators need no zeroing, and in the k == 64
 * path five registers the code leaves untouched (x1, x3, x4, x8, x9) serve as zeroed accumulators
 * of sub-tile 1. This relies on the ABI's start state.
 *
 * Shared memory S = GPU_SHARED_BASE, one 64-byte row (16 words of k) per staged row: A rows 0..15
 * at S + 64r (k > 64 only), Bt rows 0..63 of the block at S + 2048 + 64r. Compute pointer pb =
 * S + 4096 + 64tx: column tx + 8j + 32s is Bt row tx + 8j + 32s, at pb - 2048 + 2048s + 512j, so every
 * load of the unrolled loop has an immediate offset (+ 4w for word w). Staging: thread (tx, ty)
 * copies words tx and tx + 8 of rows ty + 4j, so that a warp reads 32 consecutive bytes per load
 * (one transaction when rows are 32-byte aligned).
 *
 * k == 64 (the whole of k is one step, rows are 64 bytes apart in A and Bt):
 * - Bt's 64 rows are copied with immediate offsets from one pointer (32 loads + 32 stores per
 *   thread), one barrier.
 * - A is not staged: rows 4ty + i are read from global memory at pa + 64i + 4w (pa = a + 64 (bm +
 *   4ty)); all lanes of a warp read the same word (one transaction). Each A register is reloaded
 *   for the next word right after its last use, so the 12-cycle latency is hidden.
 * - The stores of sub-tile 0 (with the pointers to rows 1..3 of C and the zeroing of sub-tile 1's
 *   other accumulators) and of sub-tile 1 sit in the last k word, each right after its
 *   accumulator's last dp4a, so that the two units' stores do not queue at the port at once.
 * Per warp: 38 setup, 64 staging, 768 in the loop (incl. 128 A loads), 30 + 16 epilogue, barrier
 * and exit: 918 issues.
 *
 * k > 64, k % 4 == 0: per sub-tile and per step of 16 words, A (16 rows) and the sub-tile's 32 Bt
 * rows are staged with one pointer add per row, between two barriers, then the loop reads both
 * from shared memory (pa = S + 256ty). The last step, if it has r < 16 new words, reads the window
 * k/4 - 16 .. k/4 - 1 (inside the rows, since k > 64) and the compute jumps into the unrolled loop
 * at word 16 - r (24 instructions = 96 bytes per word). */
_Static_assert(__builtin_offsetof(struct gemm_args, a) == 0 && __builtin_offsetof(struct gemm_args, b) == 4 &&
               __builtin_offsetof(struct gemm_args, c) == 8 && __builtin_offsetof(struct gemm_args, m) == 12 &&
               __builtin_offsetof(struct gemm_args, n) == 16 && __builtin_offsetof(struct gemm_args, k) == 20,
               "gemm_dp4a_entry reads the arguments at these offsets");
_Static_assert((GPU_SHARED_BASE & 0xFFF) == 0, "gemm_dp4a_entry builds shared addresses with lui");
__asm__(".equ DP4A_CSR_TID_X, " GPU_STR(CSR_GPU_TID_X) "\n.equ DP4A_CSR_TID_Y, " GPU_STR(CSR_GPU_TID_Y) "\n"
        ".equ DP4A_CSR_BID_X, " GPU_STR(CSR_GPU_BID_X) "\n.equ DP4A_CSR_BID_Y, " GPU_STR(CSR_GPU_BID_Y) "\n"
        ".equ DP4A_SHARED, " GPU_STR(GPU_SHARED_BASE) "\n");
__asm__(R"asm(
/* Register map. Accumulators: sub-tile 0 c_ij (row i, column j) = x(16 + 4i + j); sub-tile 1 of
 * the k == 64 path: see DP4A_KW64_S1. x10..x13: A words of rows 0..3; x14, x15: B words.
 * x5 pa, x6 pb (compute pointers), x7 pc (row 0 of C), and 4n in x2 (k == 64) or x8 (k > 64).
 * k > 64 only: x1 pA, x2 pB (global staging pointers of the step), x3 steps left, x4 4k,
 * x9 sA (shared staging pointer). */
.macro DP4A rd, rs1, rs2
  .insn r CUSTOM_0, 0, 0, \rd, \rs1, \rs2
.endm
.macro DP4A_BAR
  .insn r CUSTOM_0, 1, 0, x0, x0, x0
.endm
.macro DP4A_EXIT
  .insn r CUSTOM_0, 2, 0, x0, x0, x0
.endm

/* ---- k == 64 ---- */
/* One k word w: B words of columns j = 0..3 from shared memory (bo = -2048 for sub-tile 0, 0 for
 * sub-tile 1), A words of rows i = 0..3 in x10..x13, loaded from global memory during the word
 * before: each is reloaded for the next word (offset na; -1: none) right after its last use.
 * Accumulators c_ij given column by column. */
.macro DP4A_KW64 bo, w, na, c00, c10, c20, c30, c01, c11, c21, c31, c02, c12, c22, c32, c03, c13, c23, c33
  lw x14, \bo+\w*4(x6)
  lw x15, \bo+512+\w*4(x6)
  DP4A \c00, x10, x14
  DP4A \c10, x11, x14
  DP4A \c20, x12, x14
  DP4A \c30, x13, x14
  lw x14, \bo+1024+\w*4(x6)
  DP4A \c01, x10, x15
  DP4A \c11, x11, x15
  DP4A \c21, x12, x15
  DP4A \c31, x13, x15
  lw x15, \bo+1536+\w*4(x6)
  DP4A \c02, x10, x14
  DP4A \c12, x11, x14
  DP4A \c22, x12, x14
  DP4A \c32, x13, x14
  DP4A \c03, x10, x15
  .if \na >= 0
  lw x10, \na(x5)
  .endif
  DP4A \c13, x11, x15
  .if \na >= 0
  lw x11, 64+\na(x5)
  .endif
  DP4A \c23, x12, x15
  .if \na >= 0
  lw x12, 128+\na(x5)
  .endif
  DP4A \c33, x13, x15
  .if \na >= 0
  lw x13, 192+\na(x5)
  .endif
.endm
.macro DP4A_KW64_S0 w
  DP4A_KW64 -2048, \w, \w*4+4, x16, x20, x24, x28, x17, x21, x25, x29, x18, x22, x26, x30, x19, x23, x27, x31
.endm
/* Sub-tile 1: column 0 and c01 are x1, x3, x4, x9, x8, still 0 from the thread start; x16, x20,
 * x24 hold the pointers to rows 1..3 of C, x17 and x28 are free. */
.macro DP4A_KW64_S1 w
  DP4A_KW64 0, \w, \w*4+4, x1, x3, x4, x9, x8, x21, x25, x29, x18, x22, x26, x30, x19, x23, x27, x31
.endm
/* Two Bt rows (4 rows apart) from pB = x11 + so to sB = x12 + so - 1, each as two warp loads. */
.macro DP4A_ST64 so
  lw x10, \so(x11)
  lw x13, \so+32(x11)
  lw x14, \so+256(x11)
  lw x15, \so+288(x11)
  sw x10, \so-1(x12)
  sw x13, \so+31(x12)
  sw x14, \so+255(x12)
  sw x15, \so+287(x12)
.endm

/* ---- k > 64 ---- */
/* One k word w of sub-tile s (bo = -2048 + 2048s): A and B from shared memory. */
.macro DP4A_KW bo, w
  lw x10, \w*4(x5)
  lw x11, 64+\w*4(x5)
  lw x12, 128+\w*4(x5)
  lw x13, 192+\w*4(x5)
  lw x14, \bo+\w*4(x6)
  lw x15, \bo+512+\w*4(x6)
  DP4A x16, x10, x14
  DP4A x20, x11, x14
  DP4A x24, x12, x14
  DP4A x28, x13, x14
  lw x14, \bo+1024+\w*4(x6)
  DP4A x17, x10, x15
  DP4A x21, x11, x15
  DP4A x25, x12, x15
  DP4A x29, x13, x15
  lw x15, \bo+1536+\w*4(x6)
  DP4A x18, x10, x14
  DP4A x22, x11, x14
  DP4A x26, x12, x14
  DP4A x30, x13, x14
  DP4A x19, x10, x15
  DP4A x23, x11, x15
  DP4A x27, x12, x15
  DP4A x31, x13, x15
.endm
.macro DP4A_LOOP bo
  .irp w, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
  DP4A_KW \bo, \w
  .endr
.endm
/* Two staged rows from the row pointer x10, which advances by x4 = 4k per row (4 rows). */
.macro DP4A_GST2 dst, do
  lw x11, 0(x10)
  lw x12, 32(x10)
  add x10, x10, x4
  lw x13, 0(x10)
  lw x14, 32(x10)
  add x10, x10, x4
  sw x11, \do(\dst)
  sw x12, \do+32(\dst)
  sw x13, \do+256(\dst)
  sw x14, \do+288(\dst)
.endm
/* Stores row i of the sub-tile at p + co + 32j, and zeroes its accumulators if `zero`. */
.macro DP4A_STROW p, co, c0, c1, c2, c3, zero
  sw \c0, \co(\p)
  sw \c1, \co+32(\p)
  sw \c2, \co+64(\p)
  sw \c3, \co+96(\p)
  .if \zero
  li \c0, 0
  li \c1, 0
  li \c2, 0
  li \c3, 0
  .endif
.endm
.macro DP4A_EPI co, zero
  DP4A_STROW x7, \co, x16, x17, x18, x19, \zero
  add x10, x7, x8
  DP4A_STROW x10, \co, x20, x21, x22, x23, \zero
  add x10, x10, x8
  DP4A_STROW x10, \co, x24, x25, x26, x27, \zero
  add x10, x10, x8
  DP4A_STROW x10, \co, x28, x29, x30, x31, \zero
.endm
/* One step of sub-tile s: stage A (16 rows) and the sub-tile's 32 Bt rows (shared rows
 * 32s + ty + 4j, at sB + bdo + 256j), barrier, jump into the loop. */
.macro DP4A_GSTEP loop, bdo
  addi x3, x3, -1
  bnez x3, 1f
  srli x10, x4, 4                   /* last step: back by (-k/4) mod 16 words */
  neg x10, x10
  andi x10, x10, 15
  slli x10, x10, 2
  sub x1, x1, x10
  sub x2, x2, x10
1:
  lui x15, 1
  add x15, x15, x9                  /* sB = sA + 4096 */
  mv x10, x1
  DP4A_GST2 x9, 0
  DP4A_GST2 x9, 512
  mv x10, x2
  DP4A_GST2 x15, \bdo
  DP4A_GST2 x15, \bdo+512
  DP4A_GST2 x15, \bdo+1024
  DP4A_GST2 x15, \bdo+1536
  DP4A_BAR
  addi x1, x1, 64
  addi x2, x2, 64
  la x10, \loop
  bnez x3, 2f
  srli x11, x4, 4                   /* last step: skip the (-k/4) mod 16 words already done */
  neg x11, x11
  andi x11, x11, 15
  slli x11, x11, 5
  slli x12, x11, 1
  add x11, x11, x12
  add x10, x10, x11                 /* + 96 bytes (24 instructions) per word */
2:
  jr x10
.endm

/* The entry is the kernel itself (no stub `call`): every register but a0 and sp is 0 here. */
.pushsection .text.entry.gemm_dp4a,"ax",@progbits
.globl gemm_dp4a_entry
.balign 4
gemm_dp4a_entry:
  lw x11, 20(x10)                   /* k */
  lw x12, 12(x10)                   /* m */
  lw x13, 16(x10)                   /* n */
  csrr x14, DP4A_CSR_BID_Y
  csrr x15, DP4A_CSR_BID_X
  srli x5, x12, 4
  bgeu x14, x5, 9f                  /* 16 by + 16 > m */
  srli x5, x13, 6
  bgeu x15, x5, 9f                  /* 64 bx + 64 > n */
  addi x5, x11, -64
  bnez x5, 8f

  /* k == 64: x10 = arg, x13 = n, x14 = by, x15 = bx. Leaves x1, x3, x4, x8, x9 at 0. */
  csrr x12, DP4A_CSR_TID_X
  csrr x6, DP4A_CSR_TID_Y
  lw x7, 8(x10)                     /* c */
  lw x5, 0(x10)                     /* a */
  lw x11, 4(x10)                    /* b */
  slli x2, x13, 2                   /* 4n */
  slli x10, x14, 2
  add x10, x10, x6
  slli x10, x10, 2                  /* bm + 4ty = 16 by + 4 ty */
  slli x13, x10, 6
  add x5, x5, x13                   /* pa = a + 64 (bm + 4ty): A row bm + 4ty + i at pa + 64i */
  mul x10, x10, x2
  slli x12, x12, 2                  /* 4tx */
  slli x13, x15, 8
  add x10, x10, x13
  add x10, x10, x12
  add x7, x7, x10                   /* pc = c + 4 ((bm + 4ty) n + bn + tx), bn = 64 bx */
  slli x6, x6, 6
  add x6, x6, x12                   /* u = 64 ty + 4 tx */
  slli x15, x15, 12
  add x11, x11, x15
  add x11, x11, x6
  addi x11, x11, 2047               /* pB = b + 64 (bn + ty) + 4 tx + 2047: Bt row bn + ty + 4j at pB + 256j - 2047 */
  lui x10, %hi(DP4A_SHARED + 4096)
  slli x13, x12, 4
  add x12, x10, x6                  /* sB = S + 4096 + u: shared Bt row ty + 4j at sB + 256j - 2048 */
  add x6, x10, x13                  /* pb = S + 4096 + 64 tx: shared Bt row tx + 8j + 32s at pb - 2048 + 2048s + 512j */
  DP4A_ST64 -2047
  DP4A_ST64 -1535
  DP4A_ST64 -1023
  DP4A_ST64 -511
  DP4A_ST64 1
  DP4A_ST64 513
  DP4A_ST64 1025
  DP4A_ST64 1537
  lw x10, 0(x5)
  lw x11, 64(x5)
  lw x12, 128(x5)
  lw x13, 192(x5)
  DP4A_BAR
  .irp w, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14
  DP4A_KW64_S0 \w
  .endr
  /* Word 15 of sub-tile 0 with its stores, each right after the accumulator's last dp4a (the
   * port is not flooded at once), the row pointers of C and the zeroing of sub-tile 1's other
   * accumulators; A of word 0 is reloaded for sub-tile 1. */
  lw x14, -2048+60(x6)
  lw x15, -2048+512+60(x6)
  DP4A x16, x10, x14
  DP4A x20, x11, x14
  DP4A x24, x12, x14
  DP4A x28, x13, x14
  lw x14, -2048+1024+60(x6)
  DP4A x17, x10, x15
  sw x16, 0(x7)
  add x16, x7, x2                   /* row 1 of C */
  DP4A x21, x11, x15
  sw x20, 0(x16)
  add x20, x16, x2                  /* row 2 */
  DP4A x25, x12, x15
  sw x24, 0(x20)
  add x24, x20, x2                  /* row 3 */
  DP4A x29, x13, x15
  sw x28, 0(x24)
  lw x15, -2048+1536+60(x6)
  DP4A x18, x10, x14
  sw x17, 32(x7)
  DP4A x22, x11, x14
  sw x21, 32(x16)
  li x21, 0
  DP4A x26, x12, x14
  sw x25, 32(x20)
  li x25, 0
  DP4A x30, x13, x14
  sw x29, 32(x24)
  li x29, 0
  DP4A x19, x10, x15
  lw x10, 0(x5)
  sw x18, 64(x7)
  li x18, 0
  DP4A x23, x11, x15
  lw x11, 64(x5)
  sw x22, 64(x16)
  li x22, 0
  DP4A x27, x12, x15
  lw x12, 128(x5)
  sw x26, 64(x20)
  li x26, 0
  DP4A x31, x13, x15
  lw x13, 192(x5)
  sw x30, 64(x24)
  li x30, 0
  sw x19, 96(x7)
  li x19, 0
  sw x23, 96(x16)
  li x23, 0
  sw x27, 96(x20)
  li x27, 0
  sw x31, 96(x24)
  li x31, 0
  .irp w, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14
  DP4A_KW64_S1 \w
  .endr
  /* Word 15 of sub-tile 1 with its stores. */
  lw x14, 60(x6)
  lw x15, 512+60(x6)
  DP4A x1, x10, x14
  DP4A x3, x11, x14
  DP4A x4, x12, x14
  DP4A x9, x13, x14
  lw x14, 1024+60(x6)
  DP4A x8, x10, x15
  sw x1, 128(x7)
  DP4A x21, x11, x15
  sw x3, 128(x16)
  DP4A x25, x12, x15
  sw x4, 128(x20)
  DP4A x29, x13, x15
  sw x9, 128(x24)
  lw x15, 1536+60(x6)
  DP4A x18, x10, x14
  sw x8, 160(x7)
  DP4A x22, x11, x14
  sw x21, 160(x16)
  DP4A x26, x12, x14
  sw x25, 160(x20)
  DP4A x30, x13, x14
  sw x29, 160(x24)
  DP4A x19, x10, x15
  sw x18, 192(x7)
  DP4A x23, x11, x15
  sw x22, 192(x16)
  DP4A x27, x12, x15
  sw x26, 192(x20)
  DP4A x31, x13, x15
  sw x30, 192(x24)
  sw x19, 224(x7)
  sw x23, 224(x16)
  sw x27, 224(x20)
  sw x31, 224(x24)
  DP4A_EXIT

8: /* k != 64: the path below if k % 4 == 0 and k > 64, else C */
  andi x5, x11, 3
  bnez x5, 9f
  slti x5, x11, 64
  bnez x5, 9f
  csrr x1, DP4A_CSR_TID_X
  csrr x2, DP4A_CSR_TID_Y
  slli x14, x14, 4                  /* bm */
  slli x15, x15, 6                  /* bn */
  lw x7, 8(x10)                     /* c */
  lw x12, 0(x10)                    /* a */
  lw x9, 4(x10)                     /* b */
  lui x10, %hi(DP4A_SHARED)         /* S */
  slli x5, x2, 8
  add x5, x5, x10                   /* pa = S + 256 ty: shared A row 4ty + i at pa + 64i */
  slli x6, x1, 6
  lui x8, %hi(DP4A_SHARED + 4096)
  add x6, x6, x8                    /* pb = S + 4096 + 64 tx, as for k == 64 */
  slli x8, x2, 2
  add x8, x8, x14
  mul x8, x8, x13
  add x8, x8, x15
  add x8, x8, x1
  slli x8, x8, 2
  add x7, x7, x8                    /* pc = c + 4 ((bm + 4ty) n + bn + tx) */
  slli x8, x13, 2                   /* 4n */
  slli x1, x1, 2                    /* 4tx */
  add x14, x14, x2                  /* bm + ty */
  add x15, x15, x2                  /* bn + ty */
  slli x2, x2, 6
  add x2, x2, x1
  add x2, x2, x10                   /* sA = S + 64 ty + 4 tx: shared A row ty + 4j at sA + 256j */
  mul x14, x14, x11
  mul x15, x15, x11
  add x14, x14, x12
  add x15, x15, x9
  mv x9, x2                         /* sA */
  add x2, x15, x1                   /* pB = b + k (bn + ty) + 4 tx */
  add x1, x14, x1                   /* pA = a + k (bm + ty) + 4 tx */
  slli x4, x11, 2                   /* 4k */
  addi x3, x11, 60
  srli x3, x3, 6                    /* steps = ceil(k / 64) */
  j gemm_dp4a_step0n
9:
  j gemm_dp4a_c
gemm_dp4a_step0:
  DP4A_BAR
gemm_dp4a_step0n:
  DP4A_GSTEP gemm_dp4a_loop0, -2048
gemm_dp4a_loop0:
  DP4A_LOOP -2048
  bnez x3, gemm_dp4a_step0
  DP4A_EPI 0, 1
  srli x10, x4, 2                   /* k */
  sub x1, x1, x10                   /* pA of step 0 */
  slli x11, x4, 3
  sub x11, x11, x10
  add x2, x2, x11                   /* pB of step 0 for Bt rows 32.. (+ 31k) */
  addi x3, x10, 60
  srli x3, x3, 6
gemm_dp4a_step1:
  DP4A_BAR
  DP4A_GSTEP gemm_dp4a_loop1, 0
gemm_dp4a_loop1:
  DP4A_LOOP 0
  bnez x3, gemm_dp4a_step1
  DP4A_EPI 128, 0
  DP4A_EXIT
.popsection
)asm");
