/* hello: the well-behaved one. It writes, yields, asks for its pid, takes two pages with sbrk
 * and fills them with a pattern of its own, spins until the timer has preempted it (primes uses
 * the same addresses meanwhile), checks the pattern and exits with code 7. */
#include "ulib.h"

int main(void)
{
    int pid = getpid();
    uprintf("hello from pid %d\n", pid);
    yield();
    uprintf("back from yield\n");

    unsigned long *heap = sbrk(2 * 4096), words = 2 * 4096 / sizeof *heap, wrong = 0;
    uprintf("sbrk(8192) = 0x%lx, then sbrk(0) = 0x%lx\n", (unsigned long)heap, (unsigned long)sbrk(0));
    for (unsigned long i = 0; i < words; i++)
        heap[i] = pid << 16 | i;
    spin(20000);
    spin_until_preempted();
    for (unsigned long i = 0; i < words; i++)
        wrong += heap[i] != (pid << 16 | i);
    uprintf("after spinning, %lu of %lu heap words changed\n", wrong, words);
    uprintf("sbrk beyond the heap's limit = %ld\n", (long)sbrk(USER_HEAP_MAX));
    uprintf("goodbye\n");
    return 7;
}
