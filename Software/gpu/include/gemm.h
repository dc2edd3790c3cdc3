/* gemm.h: the argument block shared by the GEMM kernels and their hosts, and the launch shapes.
 * C (m x n, int32, row-major) = A (m x k) x B. int32 kernels: A int32 m x k, B int32 k x n, both
 * row-major. int8 kernel (gemm_dp4a): A int8 m x k row-major, B given transposed as Bt, int8
 * n x k row-major (each column of B is contiguous, as dp4a wants). Addresses are 32-bit. */
#ifndef GEMM_H
#define GEMM_H
#include <stdint.h>

struct gemm_args {
    uint32_t a, b, c;     /* device addresses */
    int32_t m, n, k;
};

/* Every kernel runs blocks of 8 x 4 threads. Output tile per block (columns x rows): */
#define GEMM_BLOCK_X 8
#define GEMM_BLOCK_Y 4
#define GEMM_NAIVE_TILE_N 8      /* naive, tiled: one output per thread */
#define GEMM_NAIVE_TILE_M 4
#define GEMM_RB_TILE_N 32        /* register-blocked, dp4a: 4 x 4 outputs per thread */
#define GEMM_RB_TILE_M 16
#define GEMM_DP4A_TILE_N 64      /* dp4a: two 16 x 32 sub-tiles per block */
#define GEMM_DP4A_TILE_M 16
#endif
