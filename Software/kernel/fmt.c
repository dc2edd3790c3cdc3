/* fmt.c: see fmt.h. Only 32-bit divisions on RV32 (unsigned long), so no libgcc is needed. */
#include "fmt.h"

void vfmt(void (*put)(char c, void *arg), void *arg, const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(*fmt, arg);
            continue;
        }
        int is_long = fmt[1] == 'l';
        fmt += 1 + is_long;
        unsigned long u, base = 10;
        long d;
        switch (*fmt) {
        case 's':
            for (const char *s = va_arg(ap, const char *); *s; s++)
                put(*s, arg);
            continue;
        case 'c':
            put((char)va_arg(ap, int), arg);
            continue;
        case 'd':
            d = is_long ? va_arg(ap, long) : va_arg(ap, int);
            if (d < 0)
                put('-', arg);
            u = d < 0 ? -(unsigned long)d : (unsigned long)d;
            break;
        case 'u':
        case 'x':
            u = is_long ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
            base = *fmt == 'x' ? 16 : 10;
            break;
        default:
            put(*fmt, arg);            /* "%%" prints '%' */
            continue;
        }
        char digits[3 * sizeof u];
        int n = 0;
        do {
            digits[n++] = "0123456789abcdef"[u % base];
            u /= base;
        } while (u);
        while (n)
            put(digits[--n], arg);
    }
}
