/* selftest.h: a tiny harness for the self-test programs. check() prints one line per check,
 * finish() prints "<name>: PASS" or "<name>: FAIL ..." and gives main's exit code.
 * record_and_skip is a trap hook that records each exception in last_trap and resumes after the
 * faulting instruction; it also serves two "system calls" from U mode (see run_in_user_mode). */
#ifndef SELFTEST_H
#define SELFTEST_H
#include "machine.h"

void check(int ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int finish(const char *name);

struct trap_record {
    unsigned long count, cause, epc, tval, status;
};
extern volatile struct trap_record last_trap;
int record_and_skip(struct trap_frame *frame);

/* pc of the instruction after the label, for checking mepc: TRAP_AT(pc, "ebreak") */
#define TRAP_AT(pc, insn) \
    __asm__ volatile("la %0, 1f\n1: " insn : "=&r"(pc) :: "memory")

/* U mode. Memory must be opened to U mode first (qemu has PMP; our CPU need not have PMP).
 * run_in_user_mode runs fn in U mode on its own stack and comes back when fn returns.
 * In U mode, user_syscall(SYS_ECHO, x) returns x + 1, served by record_and_skip. */
enum { SYS_ECHO = 1, SYS_USER_EXIT = 93 };
int pmp_open_all(void);             /* returns 1 if PMP CSRs exist, 0 if they trapped */
void run_in_user_mode(void (*fn)(void));
long user_syscall(long number, long arg);

#endif
