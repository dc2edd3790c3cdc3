/* requant.c: kernels `requant` (acc is images x units) and `requant_t` (units x images), the end of a
 * layer after its gemm_dp4a: one thread per column and REQUANT_ROWS rows of the int32 accumulator matrix,
 * blocks of REQUANT_BLOCK threads along a row (consecutive lanes on consecutive elements: coalesced loads),
 * grid y over groups of rows. Adds the unit's bias, then writes the int8 activation (requant.h) or the
 * int32 logit, images x units. */
#define GPU_KERNEL_SIDE
#include "gpu.h"
#include "requant.h"

/* out[index]: the int8 activation (ReLU) or the int32 logit x. */
static inline __attribute__((always_inline)) void store(uint32_t out, uint32_t index, int32_t x, int relu,
                                                        int32_t m0, int32_t shift)
{
    if (relu)
        GPU_PTR(int8_t, out)[index] = rq_requantise(x, m0, shift);
    else
        GPU_PTR(int32_t, out)[index] = x;
}

/* The threads' work, with `transposed` known at compile time (one kernel each, no branch per element). */
static inline __attribute__((always_inline)) void requant_rows(const struct requant_args *p, int transposed)
{
    uint32_t cols = (uint32_t)p->cols, col = gpu_bid_x() * gpu_bdim_x() + gpu_tid_x();
    if (col >= cols)
        return;
    uint32_t rows = (uint32_t)p->rows, row = gpu_bid_y() * REQUANT_ROWS, left = rows - row;
    const int32_t *acc = GPU_PTR(const int32_t, p->acc) + row * cols + col;
    int32_t v[REQUANT_ROWS];
#pragma GCC unroll 8
    for (uint32_t j = 0; j < REQUANT_ROWS; j++)   /* the loads first: all in flight together */
        v[j] = j < left ? acc[j * cols] : 0;
    /* Element (row + j, col) is unit u of image i (images x units, or units x images if transposed); its
     * out[i][u] is at out0 + j * step. */
    const int32_t *bias = GPU_PTR(const int32_t, p->bias);
    int32_t column_bias = transposed ? 0 : bias[col], m0 = p->m0, shift = p->shift;
    int relu = (p->flags & REQUANT_RELU) != 0;
    uint32_t out0 = transposed ? col * rows + row : row * cols + col, step = transposed ? 1 : cols;
#pragma GCC unroll 8
    for (uint32_t j = 0; j < REQUANT_ROWS; j++) {   /* unrolled: v stays in registers */
        if (j >= left)
            break;
        store(p->out, out0 + j * step, v[j] + (transposed ? bias[row + j] : column_bias), relu, m0, shift);
    }
}

GPU_KERNEL(requant)
{
    requant_rows(arg, 0);
}

/* acc is units x images (the layer's GEMM computed W X^T). */
GPU_KERNEL(requant_t)
{
    requant_rows(arg, 1);
}
