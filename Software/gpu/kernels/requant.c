/* requant.c: kernel `requant`, the end of a layer after its gemm_dp4a: one thread per column and
 * REQUANT_ROWS rows of the rows x cols int32 accumulator matrix, blocks of REQUANT_BLOCK threads along
 * a row (consecutive lanes on consecutive elements: coalesced), grid y over groups of rows. Adds
 * bias[col], then writes the int8 activation (requant.h) or the int32 logit back in place. */
#define GPU_KERNEL_SIDE
#include "gpu.h"
#include "requant.h"

GPU_KERNEL(requant)
{
    const struct requant_args *p = arg;
    uint32_t cols = (uint32_t)p->cols, col = gpu_bid_x() * gpu_bdim_x() + gpu_tid_x();
    if (col >= cols)
        return;
    uint32_t row = gpu_bid_y() * REQUANT_ROWS, left = (uint32_t)p->rows - row;
    int32_t *acc = GPU_PTR(int32_t, p->acc) + row * cols + col;
    int32_t bias = GPU_PTR(const int32_t, p->bias)[col], v[REQUANT_ROWS];
#pragma GCC unroll 8
    for (uint32_t j = 0; j < REQUANT_ROWS; j++)   /* the loads first: all in flight together */
        v[j] = j < left ? acc[j * cols] : 0;
    int8_t *out = GPU_PTR(int8_t, p->out) + row * cols + col;
    int32_t m0 = p->m0, shift = p->shift, relu = p->flags & REQUANT_RELU;
#pragma GCC unroll 8
    for (uint32_t j = 0; j < REQUANT_ROWS; j++) {   /* unrolled: v stays in registers */
        if (j >= left)
            break;
        if (relu)
            out[j * cols] = rq_requantise(v[j] + bias, m0, shift);
        else
            acc[j * cols] = v[j] + bias;
    }
}
