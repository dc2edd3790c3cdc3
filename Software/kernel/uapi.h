/* uapi.h: what the kernel and the user programs agree on: the user address space, the same in
 * every process, the system calls, and the
 * read-only page with what the kernel knows about the process. (user/user.ld repeats USER_BASE and USER_DATA.) */
#ifndef UAPI_H
#define UAPI_H

#define USER_INFO      0x0000F000UL   /* struct user_info, R: the kernel keeps it */
#define USER_BASE      0x00010000UL   /* code and read-only data: R X */
#define USER_DATA      0x00020000UL   /* data and bss: R W */
#define USER_HEAP      0x00040000UL   /* sbrk's memory grows up from here: R W */
#define USER_HEAP_MAX  0x00080000UL
#define USER_STACK_TOP 0x000F0000UL   /* the stack is the 4 KiB page below: R W */

/* ecall with a7 = number, a0..a2 = arguments; the result is in a0, -1 on error. */
#define SYS_WRITE  1                  /* write(fd 1 or 2, buf, len) -> len */
#define SYS_EXIT   2                  /* exit(code) */
#define SYS_YIELD  3                  /* yield() -> 0 */
#define SYS_GETPID 4                  /* getpid() -> pid, 1 for the first process */
#define SYS_SBRK   5                  /* sbrk(n >= 0) -> the old end of the heap */

#ifndef __ASSEMBLER__
struct user_info {
    unsigned long pid;
    unsigned long preemptions;        /* timer interrupts taken while it ran: timing-dependent */
};
#endif

#endif
