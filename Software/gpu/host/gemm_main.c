/* gemm_main.c: host program (rv32 or rv64) that runs every GEMM kernel on the GPU, checks each
 * result against the CPU's own GEMM and prints cycles and MACs/cycle. Exit code 0 when all match.
 * Run: hdlgen iss build/rv64/gemm.elf (with the GPU attached, docs/GPU.md): 64x64x64 and 37x29x23;
 * `--args "M N K"` runs that one size instead (each 1..64), e.g. a small one for slow simulators. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include "args.h"
#include "gpu.h"
#include "gpu_host.h"
#include "gemm.h"
#include "kernels_sym.h"

#define MAXD 64
#define STACK_SIZE 512u

static int32_t a32[MAXD * MAXD], b32[MAXD * MAXD], c_gpu[MAXD * MAXD], c_cpu[MAXD * MAXD];
static int8_t a8[MAXD * MAXD], b8t[MAXD * MAXD];
static struct gemm_args args;
static uint32_t seed = 12345;

static uint32_t rnd(void) { seed = seed * 1664525u + 1013904223u; return seed >> 8; }

static int run(const char *name, uint32_t entry, int m, int n, int k, int tn, int tm, int int8)
{
    for (int i = 0; i < m; i++)           /* the CPU's own result */
        for (int j = 0; j < n; j++) {
            int32_t s = 0;
            for (int x = 0; x < k; x++)
                s += int8 ? a8[i * k + x] * b8t[j * k + x] : a32[i * k + x] * b32[x * n + j];
            c_cpu[i * n + j] = s;
        }
    for (int i = 0; i < m * n; i++) c_gpu[i] = 0x5a5a5a5a;
    args.a = (uint32_t)(uintptr_t)(int8 ? (void *)a8 : (void *)a32);
    args.b = (uint32_t)(uintptr_t)(int8 ? (void *)b8t : (void *)b32);
    args.c = (uint32_t)(uintptr_t)c_gpu;
    args.m = m; args.n = n; args.k = k;
    struct gpu_dim grid = { (uint32_t)((n + tn - 1) / tn), (uint32_t)((m + tm - 1) / tm) };
    struct gpu_dim block = { GEMM_BLOCK_X, GEMM_BLOCK_Y };
    uint32_t err = gpu_launch(entry, &args, grid, block, GPU_STACKS, STACK_SIZE);
    if (err) {
        printf("%-9s %dx%dx%d: GPU error cause %u pc 0x%08x addr 0x%08x\n", name, m, n, k,
               (unsigned)(err & 0xFF), (unsigned)gpu_error_pc(), (unsigned)gpu_error_addr());
        return 1;
    }
    int bad = 0;
    for (int i = 0; i < m * n; i++) bad += c_gpu[i] != c_cpu[i];
    uint32_t cyc = gpu_cycles();
    uint32_t macs = (uint32_t)(m * n * k);
    printf("%-9s %dx%dx%d: cycles %u, MACs/cycle %u.%02u, %s\n", name, m, n, k, (unsigned)cyc,
           (unsigned)(macs / cyc), (unsigned)(macs * 100u / cyc % 100u), bad ? "MISMATCH" : "ok");
    return bad != 0;
}

int main(void)
{
    gpu_load_kernels();
    struct gpu_shape shape = gpu_shape();
    printf("GPU: %u units x %u warps x %u lanes\n", (unsigned)shape.units, (unsigned)shape.warps, (unsigned)shape.lanes);
    for (int i = 0; i < MAXD * MAXD; i++) {
        a32[i] = (int32_t)(rnd() & 0xFFFF) - 0x8000; b32[i] = (int32_t)(rnd() & 0xFFFF) - 0x8000;
        a8[i] = (int8_t)rnd(); b8t[i] = (int8_t)rnd();
    }
    int sizes[2][3] = { { 64, 64, 64 }, { 37, 29, 23 } }, count = 2;
    char *argv[3];
    int argc = args_split(argv, 3);
    if (argc == 3) {
        count = 1;
        for (int i = 0; i < 3; i++) {
            char *end;
            long v = strtol(argv[i], &end, 10);
            if (*end != 0 || v < 1 || v > MAXD) argc = -1;
            sizes[0][i] = (int)v;
        }
    }
    if (argc != 0 && argc != 3) {
        printf("usage: gemm [M N K], each 1..%d\n", MAXD);
        return 2;
    }
    int fails = 0;
    for (int s = 0; s < count; s++) {
        int m = sizes[s][0], n = sizes[s][1], k = sizes[s][2];
        fails += run("naive", KERNEL_gemm_naive, m, n, k, GEMM_NAIVE_TILE_N, GEMM_NAIVE_TILE_M, 0);
        fails += run("tiled", KERNEL_gemm_tiled, m, n, k, GEMM_NAIVE_TILE_N, GEMM_NAIVE_TILE_M, 0);
        fails += run("regblock", KERNEL_gemm_regblock, m, n, k, GEMM_RB_TILE_N, GEMM_RB_TILE_M, 0);
        fails += run("dp4a", KERNEL_gemm_dp4a, m, n, k, GEMM_DP4A_TILE_N, GEMM_DP4A_TILE_M, 1);
    }
    printf("gemm: %s\n", fails ? "FAIL" : "PASS");
    return fails;
}
