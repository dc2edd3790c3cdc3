/* Recursion: fibonacci, ackermann, towers of hanoi, permutations. */
#include "tinylib.h"

static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
static int ack(int m, int n) { return m == 0 ? n + 1 : n == 0 ? ack(m - 1, 1) : ack(m - 1, ack(m, n - 1)); }
static long moves;
static void hanoi(int n, int a, int b, int c) { if (n == 0) return; hanoi(n - 1, a, c, b); moves++; hanoi(n - 1, c, b, a); }
static int perms;
static void permute(char *s, int k, int n) {
    if (k == n) { if (perms++ < 6) printf("%s\n", s); return; }
    for (int i = k; i < n; i++) {
        char t = s[k]; s[k] = s[i]; s[i] = t;
        permute(s, k + 1, n);
        t = s[k]; s[k] = s[i]; s[i] = t;
    }
}

int main(void) {
    for (int i = 0; i <= 20; i += 4) printf("fib(%d) = %d\n", i, fib(i));
    printf("ack(2,3) = %d, ack(3,3) = %d\n", ack(2, 3), ack(3, 3));
    hanoi(12, 1, 2, 3);
    printf("hanoi(12) moves = %ld\n", moves);
    char s[] = "abcde";
    permute(s, 0, 5);
    printf("permutations = %d\n", perms);
    return 0;
}
