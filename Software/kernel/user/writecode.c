/* writecode: stores into its own code page, which is R X: a store page fault (cause 15). */
#include "ulib.h"

int main(void)
{
    uprintf("pid %d: storing to my code at 0x%lx\n", getpid(), USER_BASE);
    *(volatile unsigned int *)USER_BASE = 0x00000013;   /* nop */
    uprintf("stored: code is writable!\n");
    return 1;
}
