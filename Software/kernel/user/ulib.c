/* ulib.c: see ulib.h. */
#include "ulib.h"
#include "fmt.h"

struct line { char buf[120]; unsigned int len; };

static void line_put(char c, void *arg)
{
    struct line *l = arg;
    l->buf[l->len++] = c;
    if (c == '\n' || l->len == sizeof l->buf) {
        write(l->buf, l->len);
        l->len = 0;
    }
}

void uprintf(const char *fmt, ...)
{
    struct line l;
    l.len = 0;
    va_list ap;
    va_start(ap, fmt);
    vfmt(line_put, &l, fmt, ap);
    va_end(ap);
    if (l.len)
        write(l.buf, l.len);
}

void spin(unsigned long iterations)
{
    for (volatile unsigned long i = 0; i < iterations; i++)
        ;
}

void spin_until_preempted(void)
{
    volatile struct user_info *info = (volatile struct user_info *)USER_INFO;
    for (int i = 0; i < 30000 && !info->preemptions; i++)   /* ~150M instructions at most */
        spin(1000);
}
