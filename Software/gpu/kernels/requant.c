/* requant.c: kernel `requant`, the end of a layer after its gemm_dp4a: one thread per element of the
 * rows x cols int32 accumulator matrix, blocks of REQUANT_BLOCK threads along a row (consecutive lanes
 * on consecutive elements: coalesced), grid y over the rows. Adds bias[col], then writes the int8
 * activation (requant.h) or the int32 logit back in place. */
#define GPU_KERNEL_SIDE
#include "gpu.h"
#include "requant.h"

GPU_KERNEL(requant)
{
    const struct requant_args *p = arg;
    uint32_t cols = (uint32_t)p->cols, col = gpu_bid_x() * gpu_bdim_x() + gpu_tid_x();
    if (col >= cols)
        return;
    uint32_t i = gpu_bid_y() * cols + col;
    int32_t *acc = GPU_PTR(int32_t, p->acc);
    int32_t v = acc[i] + GPU_PTR(const int32_t, p->bias)[col];
    if (p->flags & REQUANT_RELU)
        GPU_PTR(int8_t, p->out)[i] = rq_requantise(v, p->m0, p->shift);
    else
        acc[i] = v;
}
