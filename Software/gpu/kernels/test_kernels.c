/* test_kernels.c: small kernels for the Swift tests (Tests/GPUTests): divergence (if/else, per-
 * thread loop counts, early return, recursion on per-thread stacks), a shared-memory block
 * reduction with barriers, every CSR, and a divergent call to a helper placed below or above its
 * caller (MinPC vs depth-first scheduling, docs/GPU.md). out/in are 32-bit device addresses. */
#define GPU_KERNEL_SIDE
#include "gpu.h"

struct test_args { uint32_t out, in; int32_t n; };

static inline uint32_t gtid(void)
{
    return (gpu_bid_y() * gpu_gdim_x() + gpu_bid_x()) * (gpu_bdim_x() * gpu_bdim_y())
           + gpu_tid_y() * gpu_bdim_x() + gpu_tid_x();
}

GPU_KERNEL(t_ifelse)
{
    const struct test_args *p = arg;
    uint32_t g = gtid();
    int32_t *out = GPU_PTR(int32_t, p->out);
    if (gpu_tid_x() & 1)
        out[g] = (int32_t)g * 3;
    else
        out[g] = (int32_t)g + 100;
}

GPU_KERNEL(t_loop)
{
    const struct test_args *p = arg;
    uint32_t g = gtid();
    int32_t s = 0;
    for (uint32_t i = 0; i < g % 7; i++)
        s += (int32_t)(i * g) ^ (int32_t)i;
    GPU_PTR(int32_t, p->out)[g] = s;
}

GPU_KERNEL(t_early)
{
    const struct test_args *p = arg;
    uint32_t g = gtid();
    if (g % 3 == 0)
        return;
    GPU_PTR(int32_t, p->out)[g] = (int32_t)g * 7;
}

static __attribute__((noinline)) int32_t fib(int32_t n)
{
    __asm__ volatile("" ::: "memory");
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

GPU_KERNEL(t_recursion)
{
    const struct test_args *p = arg;
    uint32_t g = gtid();
    GPU_PTR(int32_t, p->out)[g] = fib((int32_t)(g % 12));
}

/* out[block] = sum of in[gtid] over the block (any block size), tree reduction in shared memory. */
GPU_KERNEL(t_reduce)
{
    const struct test_args *p = arg;
    volatile int32_t *sh = (volatile int32_t *)GPU_SHARED_BASE;
    uint32_t nt = gpu_bdim_x() * gpu_bdim_y(), f = gpu_tid_y() * gpu_bdim_x() + gpu_tid_x();
    sh[f] = GPU_PTR(int32_t, p->in)[gtid()];
    gpu_barrier();
    for (uint32_t stride = 1; stride < nt; stride *= 2) {
        if (f % (2 * stride) == 0 && f + stride < nt)
            sh[f] += sh[f + stride];
        gpu_barrier();
    }
    if (f == 0)
        GPU_PTR(int32_t, p->out)[gpu_bid_y() * gpu_gdim_x() + gpu_bid_x()] = sh[0];
}

/* out[gtid * 13 + 0..10] = CSRs 0xCC0..0xCCA, + 11 = sp at entry of the kernel body's caller
 * (approximated by the frame address), + 12 = the argument pointer. */
GPU_KERNEL(t_csr)
{
    const struct test_args *p = arg;
    uint32_t *o = GPU_PTR(uint32_t, p->out) + gtid() * 13;
    o[0] = gpu_tid_x(); o[1] = gpu_tid_y(); o[2] = gpu_bid_x(); o[3] = gpu_bid_y();
    o[4] = gpu_bdim_x(); o[5] = gpu_bdim_y(); o[6] = gpu_gdim_x(); o[7] = gpu_gdim_y();
    o[8] = gpu_lane(); o[9] = gpu_warp(); o[10] = gpu_unit();
    o[11] = (uint32_t)(uintptr_t)__builtin_frame_address(0);
    o[12] = (uint32_t)(uintptr_t)arg;
}

/* Divergent call: odd threads call a helper that the linker puts below (.text.lo, before every
 * kernel) or above (.text.hi, after) the caller; then every thread runs a common loop. */
static __attribute__((noinline, section(".text.lo"))) int32_t helper_lo(int32_t x)
{
    int32_t s = 0;
    for (int i = 0; i < 20; i++) s += x ^ i;
    return s;
}
static __attribute__((noinline, section(".text.hi"))) int32_t helper_hi(int32_t x)
{
    int32_t s = 0;
    for (int i = 0; i < 20; i++) s += x ^ i;
    return s;
}
static inline void layout_body(const struct test_args *p, int32_t (*helper)(int32_t))
{
    uint32_t g = gtid();
    int32_t v = (int32_t)g;
    if (g & 1)
        v = helper(v);
    for (int i = 0; i < 20; i++) v = v * 3 + i;
    GPU_PTR(int32_t, p->out)[g] = v;
}
GPU_KERNEL(t_call_below) { layout_body(arg, helper_lo); }
GPU_KERNEL(t_call_above) { layout_body(arg, helper_hi); }
