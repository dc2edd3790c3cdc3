/* primes: the compute-bound one. It counts primes by trial division, printing as it goes, and
 * like hello keeps a pattern of its own on its heap (at the same addresses) while it runs and
 * until the timer has preempted it. */
#include "ulib.h"

static int is_prime(unsigned int n)
{
    if (n < 2)
        return 0;
    for (unsigned int d = 2; d * d <= n; d++)
        if (n % d == 0)
            return 0;
    return 1;
}

int main(void)
{
    int pid = getpid();
    unsigned int *heap = sbrk(4096), words = 4096 / sizeof *heap, wrong = 0;
    for (unsigned int i = 0; i < words; i++)
        heap[i] = ~(pid << 16 | i);

    unsigned int count = 0, sum = 0, next = 10;
    for (unsigned int n = 1; n <= 2000; n++) {
        if (is_prime(n)) {
            count++;
            sum += n;
        }
        if (n == next || n == 2000) {
            uprintf("pid %d: %u primes up to %u, their sum is %u\n", pid, count, n, sum);
            next *= 10;
        }
    }
    spin_until_preempted();
    for (unsigned int i = 0; i < words; i++)
        wrong += heap[i] != ~(pid << 16 | i);
    uprintf("pid %d: %u of %u heap words changed\n", pid, wrong, words);
    return 0;
}
