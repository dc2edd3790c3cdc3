/* fmt.h: a small printf core shared by the kernel and the user programs (fmt.c). */
#ifndef FMT_H
#define FMT_H
#include <stdarg.h>

/* Formats `fmt` and hands each character to put(c, arg). Conversions: %s %c %d %u %x and
 * %ld %lu %lx (long); no widths or flags. */
void vfmt(void (*put)(char c, void *arg), void *arg, const char *fmt, va_list ap);

#endif
