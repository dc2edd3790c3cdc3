/* peek: loads from USER_HEAP, where hello and primes keep their heap pattern; peek never called
 * sbrk, so the address is unmapped in its address space: a load page fault (cause 13). */
#include "ulib.h"

int main(void)
{
    uprintf("pid %d: sbrk(0) = 0x%lx; loading from 0x%lx, the others' heap\n", getpid(),
            (unsigned long)sbrk(0), USER_HEAP);
    uprintf("loaded 0x%lx: not isolated!\n", *(volatile unsigned long *)USER_HEAP);
    return 1;
}
