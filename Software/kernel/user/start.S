/* start.S: a user program's entry (at USER_BASE: the kernel sets sp and pc, nothing else) and
 * the system-call stub. */
#include "uapi.h"

    .section .text.start, "ax"
    .globl _start
_start:
    call  main
    li    a7, SYS_EXIT             /* exit(main's value) */
    ecall

    .text
    .globl syscall
syscall:                           /* long syscall(long number, long a0, long a1, long a2) */
    mv    a7, a0
    mv    a0, a1
    mv    a1, a2
    mv    a2, a3
    ecall
    ret
