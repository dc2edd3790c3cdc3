/* ulib.h: the user programs' library: the system calls (uapi.h) and a printf that writes a
 * line per call of write(). No libc. */
#ifndef ULIB_H
#define ULIB_H
#include "uapi.h"
#include "machine_spec.h"

long syscall(long number, long a0, long a1, long a2);

static inline long write(const void *buf, unsigned long len) { return syscall(SYS_WRITE, 1, (long)buf, len); }
static inline void exit(int code) { syscall(SYS_EXIT, code, 0, 0); }
static inline void yield(void) { syscall(SYS_YIELD, 0, 0, 0); }
static inline int getpid(void) { return syscall(SYS_GETPID, 0, 0, 0); }
static inline void *sbrk(long n) { return (void *)syscall(SYS_SBRK, n, 0, 0); }

void uprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void spin(unsigned long iterations);   /* a busy loop that the timer will interrupt */
/* Spins until the timer has preempted this process at least once (USER_INFO tells), or gives
 * up after a long while. On qemu the timer runs in real time, so on a loaded host a fixed
 * amount of work alone might see no interrupt. */
void spin_until_preempted(void);

#endif
