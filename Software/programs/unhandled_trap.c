/* unhandled_trap.c: with no trap hook, an illegal instruction reaches crt0's default handler,
 * which prints mcause/mepc/mtval and exits with TRAP_EXIT_CODE (99). */
#include <stdio.h>

int main(void)
{
    printf("unhandled_trap: executing an illegal instruction\n");
    __asm__ volatile(".word 0");
    printf("unhandled_trap: still running (wrong)\n");
    return 0;
}
