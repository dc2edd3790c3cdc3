/* Tiny freestanding runtime: printf (%d %i %u %x %X %s %c %p %%, l/ll modifiers, width, '0' and
 * '-' flags), malloc via brk, and the string functions GCC may call. Output goes through write(2)
 * with a small buffer so runs compare byte-for-byte with qemu-user. */
#include <stdarg.h>
#include "tinylib.h"

static char obuf[256];
static int olen;

static void flush(void) { if (olen) { sys_write(1, obuf, olen); olen = 0; } }
static void out(char c) { obuf[olen++] = c; if (olen == sizeof obuf || c == '\n') flush(); }

static void outnum(unsigned long long v, int base, int upper, int neg, int width, int zero, int left) {
    char tmp[24]; int n = 0;
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    do { tmp[n++] = digits[v % base]; v /= base; } while (v);
    int len = n + neg;
    if (neg && zero) out('-');
    if (!left) for (; len < width; width--) out(zero ? '0' : ' ');
    if (neg && !zero) out('-');
    while (n) out(tmp[--n]);
    if (left) for (; len < width; width--) out(' ');
}

int printf(const char *fmt, ...) {
    va_list ap; va_start(ap, fmt);
    for (; *fmt; fmt++) {
        if (*fmt != '%') { out(*fmt); continue; }
        fmt++;
        int zero = 0, left = 0, width = 0, lng = 0;
        for (;; fmt++) { if (*fmt == '0') zero = 1; else if (*fmt == '-') left = 1; else break; }
        while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
        while (*fmt == 'l') { lng++; fmt++; }
        switch (*fmt) {
        case 'd': case 'i': {
            long long v = lng >= 2 ? va_arg(ap, long long) : lng ? va_arg(ap, long) : va_arg(ap, int);
            outnum(v < 0 ? -(unsigned long long)v : (unsigned long long)v, 10, 0, v < 0, width, zero, left);
            break; }
        case 'u': case 'x': case 'X': {
            unsigned long long v = lng >= 2 ? va_arg(ap, unsigned long long) : lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
            outnum(v, *fmt == 'u' ? 10 : 16, *fmt == 'X', 0, width, zero, left);
            break; }
        case 'p': out('0'); out('x'); outnum((unsigned long)va_arg(ap, void *), 16, 0, 0, width, zero, left); break;
        case 'c': out((char)va_arg(ap, int)); break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            int n = (int)strlen(s);
            if (!left) for (; n < width; width--) out(' ');
            while (*s) out(*s++);
            if (left) for (; n < width; width--) out(' ');
            break; }
        case '%': out('%'); break;
        default: out('%'); out(*fmt); break;
        }
    }
    va_end(ap);
    flush();
    return 0;
}

int puts(const char *s) { while (*s) out(*s++); out('\n'); flush(); return 0; }

static char *heap_end;
void *malloc(size_t n) {
    if (!heap_end) heap_end = sys_brk(0);
    char *p = heap_end;
    char *want = p + ((n + 15) & ~(size_t)15);
    if (sys_brk(want) != want) return 0;
    heap_end = want;
    return p;
}

void *memcpy(void *d, const void *s, size_t n) { char *a = d; const char *b = s; while (n--) *a++ = *b++; return d; }
void *memset(void *d, int c, size_t n) { char *a = d; while (n--) *a++ = (char)c; return d; }
int memcmp(const void *x, const void *y, size_t n) {
    const unsigned char *a = x, *b = y;
    for (; n; n--, a++, b++) if (*a != *b) return *a - *b;
    return 0;
}
size_t strlen(const char *s) { size_t n = 0; while (s[n]) n++; return n; }
char *strcpy(char *d, const char *s) { char *r = d; while ((*d++ = *s++)); return r; }
int strcmp(const char *a, const char *b) { while (*a && *a == *b) { a++; b++; } return (unsigned char)*a - (unsigned char)*b; }

/* Dhrystone timing hooks (-DTIME -DRISCV): instruction counters, not wall time. */
long time(long *t) { (void)t; long v; __asm__ volatile ("rdinstret %0" : "=r"(v)); return v; }
long insn(long *t) { (void)t; long v; __asm__ volatile ("rdinstret %0" : "=r"(v)); return v; }
