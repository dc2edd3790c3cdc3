/* requant.h: the int8 requantisation of docs/DEMO.md ("Arithmetic"), gemmlowp's fixed-point helpers,
 * shared by the GPU kernel `requant` (kernels/requant.c) and the demo's CPU path (Software/demo), so
 * that both compute the same bits. struct requant_args holds 32-bit device addresses, as gemm.h. */
#ifndef REQUANT_H
#define REQUANT_H
#include <stdint.h>

#define REQUANT_RELU 1u          /* flags bit 0: requantise with ReLU to int8 activations, else int32 logits */
#define REQUANT_BLOCK 32         /* threads per block (block x): one per column, along a row */
#define REQUANT_ROWS 8           /* rows per thread (grid y: groups of rows) */

/* acc is images x units (kernel requant) or units x images (requant_t); out is always images x units:
 * int8 activations with REQUANT_RELU, else the int32 logits; bias is per unit. */
struct requant_args {
    uint32_t acc, bias, out;     /* int32 acc[rows][cols], int32 bias[units], out[images][units] */
    int32_t rows, cols, m0, shift;
    uint32_t flags;              /* REQUANT_RELU */
};

/* gemmlowp's SaturatingRoundingDoublingHighMul for b > 0 (b = m0 >= 2^30, checked when the model is
 * read, so the saturating case a = b = INT32_MIN cannot occur): (a*b + nudge) / 2^31 rounding towards
 * zero, nudge = 2^30 if a*b >= 0 else 1 - 2^30. For a*b < 0 that is ceil((a*b + 1 - 2^30) / 2^31) =
 * floor((a*b + 2^30) / 2^31), the same as for a*b >= 0: one add and an arithmetic shift. */
static inline __attribute__((always_inline)) int32_t rq_srdhm(int32_t a, int32_t b)
{
    return (int32_t)(((int64_t)a * b + ((int64_t)1 << 30)) >> 31);
}

/* gemmlowp's RoundingDivideByPOT: x / 2^e rounded to nearest, ties away from zero; e in 0..31. */
static inline __attribute__((always_inline)) int32_t rq_rdivpot(int32_t x, int32_t e)
{
    int32_t mask = (int32_t)((1u << e) - 1u);
    int32_t threshold = (mask >> 1) + (x < 0);
    return (x >> e) + ((x & mask) > threshold);
}

/* An int32 accumulator (bias added) to the next layer's int8 activation, ReLU included. */
static inline __attribute__((always_inline)) int8_t rq_requantise(int32_t acc, int32_t m0, int32_t shift)
{
    int32_t v = rq_rdivpot(rq_srdhm(acc, m0), shift);
    v &= ~(v >> 31);                       /* max(v, 0), the ReLU; branch-free, so a warp's lanes never diverge */
    int32_t over = v - 127;
    return (int8_t)(v - (over & ~(over >> 31)));   /* min(v, 127) */
}
#endif
