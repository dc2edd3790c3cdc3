/* Multiply/divide edge cases and number printing (exercises the M extension and libgcc). */
#include "tinylib.h"

static volatile long vals[] = { 0, 1, -1, 7, -7, 2147483647L, -2147483647L - 1, 123456789, -987654321, 65536 };

int main(void) {
    int n = sizeof vals / sizeof vals[0];
    unsigned long hash = 5381;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            long a = vals[i], b = vals[j];
            long q = b ? a / b : -1, r = b ? a % b : a;
            unsigned long uq = b ? (unsigned long)a / (unsigned long)b : 0;
            hash = hash * 33 ^ (unsigned long)(a * b) ^ (unsigned long)q ^ (unsigned long)r ^ uq;
            if (i == j || j == 2) printf("%ld*%ld=%ld %ld/%ld=%ld %ld%%%ld=%ld\n", a, b, a * b, a, b, q, a, b, r);
        }
    printf("hash=%lx\n", hash);
    long long big = 1;
    for (int i = 0; i < 20; i++) big = big * 3 + i;
    printf("big=%lld hex=%llx div=%lld mod=%lld\n", big, big, big / 1000003, big % 1000003);
    unsigned primes = 0;
    for (unsigned k = 2; k < 3000; k++) { unsigned d = 2; while (d * d <= k && k % d) d++; primes += d * d > k; }
    printf("primes below 3000: %u\n", primes);
    return 0;
}
