/* trapvec.S: the S-mode trap vector (stvec) and the way back to user mode.
 * While a process runs, sscratch holds its struct trapframe (the start of its struct proc);
 * while the kernel runs, sscratch is 0, so a trap taken in the kernel itself is told apart and
 * ends in kernel_fault(). The kernel has one stack and never blocks: each trap starts it afresh
 * at __stack_top, and s_trap() returns the trapframe of the process to run next. */
#include "asm.h"

    .text
    .balign 4
    .globl s_trap_entry
s_trap_entry:
    csrrw a0, sscratch, a0         /* a0 <- trapframe, sscratch <- the user's a0 */
    beqz  a0, kernel_trap
    .irp  r, 1,2,3,4,5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    REG_S x\r, \r*SZ(a0)
    .endr
    csrr  t0, sscratch
    REG_S t0, 10*SZ(a0)
    csrr  t0, sepc
    REG_S t0, 32*SZ(a0)
    csrw  sscratch, zero
    la    sp, __stack_top
    call  s_trap                   /* trap.c: returns the trapframe to resume in a0 */

    .globl user_return
user_return:                       /* void user_return(struct trapframe *tf) */
    REG_L t0, 32*SZ(a0)
    csrw  sepc, t0
    csrw  sscratch, a0
    .irp  r, 1,2,3,4,5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    REG_L x\r, \r*SZ(a0)
    .endr
    REG_L a0, 10*SZ(a0)
    sret                           /* sstatus.SPP is 0: to U mode */

kernel_trap:
    csrrw a0, sscratch, a0         /* a0 back, sscratch 0 again */
    tail  kernel_fault
