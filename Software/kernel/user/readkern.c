/* readkern: tries kernel memory. write() from a kernel address fails; a load from it is a load
 * page fault (cause 13, stval = the address): the kernel's pages are not U pages. */
#include "ulib.h"

int main(void)
{
    uprintf("pid %d: write() from kernel address 0x%lx returns %ld\n", getpid(),
            (unsigned long)RAM_BASE, write((const void *)RAM_BASE, 16));
    uprintf("pid %d: loading from 0x%lx\n", getpid(), (unsigned long)RAM_BASE);
    uprintf("loaded 0x%lx: not isolated!\n", *(volatile unsigned long *)RAM_BASE);
    return 1;
}
