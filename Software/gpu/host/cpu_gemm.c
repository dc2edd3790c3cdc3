/* cpu_gemm.c: the CPU baseline for `hdlgen bench gemm`: int32 and int8 GEMMs of the size in
 * cpu_gemm_size (the bench patches it in the ELF image), counting minstret and mcycle around each
 * (mcycle is the RTL's cycle count when run on the SoC; the ISA model does not time the CPU). */
#include <stdint.h>
#include "machine.h"

#define MAX_DIM 256
volatile struct { int32_t m, n, k; } cpu_gemm_size = { 64, 64, 64 };
volatile struct { uint32_t int32_instret, int8_instret, checksum, int32_cycles, int8_cycles; } cpu_gemm_result;

static int32_t a32[MAX_DIM * MAX_DIM], b32[MAX_DIM * MAX_DIM], c32[MAX_DIM * MAX_DIM];
static int8_t a8[MAX_DIM * MAX_DIM], b8[MAX_DIM * MAX_DIM];

static void gemm32(int m, int n, int k)
{
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) {
            int32_t s = 0;
            for (int x = 0; x < k; x++) s += a32[i * k + x] * b32[x * n + j];
            c32[i * n + j] = s;
        }
}

static void gemm8(int m, int n, int k)   /* b8 is Bt (n x k), as for gemm_dp4a */
{
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) {
            int32_t s = 0;
            for (int x = 0; x < k; x++) s += a8[i * k + x] * b8[j * k + x];
            c32[i * n + j] = s;
        }
}

int main(void)
{
    int m = cpu_gemm_size.m, n = cpu_gemm_size.n, k = cpu_gemm_size.k;
    if (m > MAX_DIM || n > MAX_DIM || k > MAX_DIM) return 2;
    uint32_t seed = 1;
    for (int i = 0; i < MAX_DIM * MAX_DIM; i++) {
        seed = seed * 1664525u + 1013904223u;
        a32[i] = (int32_t)(seed >> 20) - 2048; b32[i] = (int32_t)(seed >> 8 & 0xFFF) - 2048;
        a8[i] = (int8_t)(seed >> 24); b8[i] = (int8_t)(seed >> 16);
    }
    uint32_t c0 = (uint32_t)csr_read(mcycle), t0 = (uint32_t)csr_read(minstret);
    gemm32(m, n, k);
    uint32_t t1 = (uint32_t)csr_read(minstret), c1 = (uint32_t)csr_read(mcycle);
    uint32_t sum = 0;
    for (int i = 0; i < m * n; i++) sum += (uint32_t)c32[i];
    uint32_t c2 = (uint32_t)csr_read(mcycle), t2 = (uint32_t)csr_read(minstret);
    gemm8(m, n, k);
    uint32_t t3 = (uint32_t)csr_read(minstret), c3 = (uint32_t)csr_read(mcycle);
    for (int i = 0; i < m * n; i++) sum += (uint32_t)c32[i];
    cpu_gemm_result.int32_instret = t1 - t0;
    cpu_gemm_result.int8_instret = t3 - t2;
    cpu_gemm_result.checksum = sum;
    cpu_gemm_result.int32_cycles = c1 - c0;
    cpu_gemm_result.int8_cycles = c3 - c2;
    return 0;
}
