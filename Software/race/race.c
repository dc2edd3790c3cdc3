/* race.c: glue for the CPU race (Scripts/bench-cpu.sh, BENCHMARKS.md). PicoRV32's Dhrystone
 * (dhry_1.c/dhry_2.c from pythondata-cpu-picorv32, -DTIME -DRISCV, main renamed to dhry_main)
 * runs without reading any counter: time() and insn() return 0 and the harness measures cycles
 * from reset to the finisher store. Two builds differing only in DHRY_RUNS give cycles per run.
 * Console: stores to the UART THR after polling LSR bit 5; exit code to the test finisher. */
#include <stdio.h>
#include <stdint.h>

#include "machine_spec.h"   /* FINISHER_BASE, UART_BASE (Generated/, from Sources/Spec) */

#define FINISHER FINISHER_BASE
#define UART_THR UART_BASE
#define UART_LSR (UART_BASE + 5)
#define MMIO8(a)  (*(volatile uint8_t *)(uintptr_t)(a))
#define MMIO32(a) (*(volatile uint32_t *)(uintptr_t)(a))

extern int Int_Glob, Arr_1_Glob[50], Arr_2_Glob[50][50];
extern int Bool_Glob;
extern char Ch_1_Glob, Ch_2_Glob;
int dhry_main(void);

long time(long *unused) { (void)unused; return 0; }
long insn(long *unused) { (void)unused; return 0; }

static int uart_put(char c, FILE *file)
{
    (void)file;
    while (!(MMIO8(UART_LSR) & 0x20))
        ;
    MMIO8(UART_THR) = (uint8_t)c;
    return (unsigned char)c;
}

static FILE uart = FDEV_SETUP_STREAM(uart_put, NULL, NULL, _FDEV_SETUP_WRITE);
FILE *const stdin = &uart;
FILE *const stdout = &uart;
FILE *const stderr = &uart;

void _exit(int code)
{
    MMIO32(FINISHER) = code == 0 ? FINISHER_PASS : ((uint32_t)code << 16) | FINISHER_FAIL;
    for (;;)
        ;
}

int main(void)
{
    dhry_main();
    int ok = Int_Glob == 5 && Bool_Glob == 1 && Ch_1_Glob == 'A' && Ch_2_Glob == 'B'
          && Arr_1_Glob[8] == 7 && Arr_2_Glob[8][7] == DHRY_RUNS + 10;
    printf("race: %s (%d runs)\n", ok ? "PASS" : "FAIL: wrong final values", DHRY_RUNS);
    return ok ? 0 : 1;
}
