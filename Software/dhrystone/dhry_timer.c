/* dhry_timer.c: glue for PicoRV32's Dhrystone (dhry_1.c/dhry_2.c, compiled from the
 * pythondata-cpu-picorv32 package with -DTIME -DRISCV and main renamed to dhry_main).
 * That variant calls time() for cycles and insn() for retired instructions: we read mcycle and
 * minstret (M-mode CSRs, so no counter-enable set-up is needed). We also note the CLINT's mtime
 * (MTIME_HZ ticks per second; qemu's is 10 MHz) to print wall-clock Dhrystones per second, then
 * check the benchmark's final values and exit 0 only if they are right.
 * On qemu, mcycle and minstret both count host ticks, so CPI and DMIPS/MHz mean nothing there.
 * Built with -DUSER_MODE (dhrystone_user.elf) it runs in U mode under Sv32/Sv39 (user_paging.c)
 * and reads the user counters cycle and instret instead. */
#include <stdio.h>
#include "machine.h"

extern int Int_Glob, Arr_1_Glob[50], Arr_2_Glob[50][50];
extern int Bool_Glob;                   /* Boolean is int in dhry.h */
extern char Ch_1_Glob, Ch_2_Glob;
extern long User_Time;
int dhry_main(void);

static uint64_t mtime_at[2];
static int mtime_calls;

#ifdef USER_MODE
#define CYCLES cycle
#define INSTRUCTIONS instret
void enter_user_mode(void);
#else
#define CYCLES mcycle
#define INSTRUCTIONS minstret
#endif
#define read_counter(c) csr_read(c)     /* expands CYCLES before csr_read stringifies it */

long time(long *unused)
{
    (void)unused;
    if (mtime_calls < 2)
        mtime_at[mtime_calls++] = mtime_read();
    return (long)read_counter(CYCLES);
}

long insn(long *unused)
{
    (void)unused;
    return (long)read_counter(INSTRUCTIONS);
}

int main(void)
{
#ifdef USER_MODE
    enter_user_mode();
#endif
    dhry_main();
    uint64_t ticks = mtime_at[1] - mtime_at[0];
    printf("Cycles per iteration (mcycle): %ld\n", User_Time / DHRY_RUNS);
    if (ticks)
        printf("Dhrystones per second (mtime at %lu Hz): %lu\n", (unsigned long)MTIME_HZ,
               (unsigned long)((uint64_t)DHRY_RUNS * MTIME_HZ / ticks));
    int ok = Int_Glob == 5 && Bool_Glob == 1 && Ch_1_Glob == 'A' && Ch_2_Glob == 'B'
          && Arr_1_Glob[8] == 7 && Arr_2_Glob[8][7] == DHRY_RUNS + 10;
    printf("dhrystone: %s (%d runs)\n", ok ? "PASS" : "FAIL: wrong final values", DHRY_RUNS);
    return ok ? 0 : 1;
}
