/* String handling: copy, compare, reverse, search, simple tokenizing. */
#include "tinylib.h"

static void reverse(char *s) {
    size_t n = strlen(s);
    for (size_t i = 0; i < n / 2; i++) { char t = s[i]; s[i] = s[n - 1 - i]; s[n - 1 - i] = t; }
}

static int count_char(const char *s, char c) { int n = 0; for (; *s; s++) n += *s == c; return n; }

int main(void) {
    char buf[128];
    const char *words[] = { "risc-v", "golden", "reference", "swift", "hardware", "zebra", "alpha" };
    int n = sizeof words / sizeof words[0];
    for (int i = 0; i < n; i++) {
        strcpy(buf, words[i]);
        reverse(buf);
        printf("%-10s -> %10s len=%d e=%d\n", words[i], buf, (int)strlen(buf), count_char(buf, 'e'));
    }
    /* bubble sort with strcmp */
    for (int i = 0; i < n; i++)
        for (int j = 0; j + 1 < n - i; j++)
            if (strcmp(words[j], words[j + 1]) > 0) { const char *t = words[j]; words[j] = words[j + 1]; words[j + 1] = t; }
    for (int i = 0; i < n; i++) printf("%d:%s%c", i, words[i], i + 1 < n ? ' ' : '\n');
    memset(buf, 'x', 20); buf[20] = 0;
    printf("memset: %s memcmp=%d\n", buf, memcmp("abc", "abd", 3) < 0);
    char *h = malloc(64);
    strcpy(h, "heap string via brk");
    printf("%s at aligned=%d\n", h, ((unsigned long)h & 15) == 0);
    return 0;
}
