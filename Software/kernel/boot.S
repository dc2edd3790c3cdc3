/* boot.S: the M-mode side. _start runs at reset (0x8000_0000, M mode): hart 0 only, sp at the
 * top of RAM (Software/lib/link.ld), .bss zeroed, PMP opened for S and U, then m_init()
 * (mmode.c) delegates the traps and mrets into the kernel proper in S mode.
 * m_trap_entry is mtvec: it only ever sees the timer interrupt. It saves the caller-saved
 * registers on the M stack whose top mscratch holds, and calls m_trap(). */
#include "asm.h"
#include "machine_spec.h"          /* PMP_* (Generated/, from Sources/Spec) */

    .section .text.init, "ax"
    .globl _start
_start:
    csrr  t0, mhartid              /* qemu may start more harts: park the others */
    bnez  t0, park
    la    sp, __stack_top
    la    t0, __bss_start
    la    t1, __bss_end
1:  bgeu  t0, t1, 2f
    REG_S zero, 0(t0)
    addi  t0, t0, SZ
    j     1b
2:  la    t0, 3f                   /* a core without PMP traps on pmpaddr0: go on at 3 */
    csrw  mtvec, t0
    li    t0, -1                   /* PMP entry 0: NAPOT over the whole space, R W X */
    csrw  pmpaddr0, t0
    li    t0, PMP_NAPOT | PMP_R | PMP_W | PMP_X
    csrw  pmpcfg0, t0
    .balign 4
3:  la    t0, m_trap_entry
    csrw  mtvec, t0
    tail  m_init                   /* does not return */
park:
    wfi
    j     park

    .text
    .balign 4
m_trap_entry:
    csrrw sp, mscratch, sp         /* sp <- M stack, mscratch <- the interrupted sp */
    addi  sp, sp, -32*SZ
    .irp  r, 1,5,6,7,10,11,12,13,14,15,16,17,28,29,30,31
    REG_S x\r, \r*SZ(sp)
    .endr
    call  m_trap
    .irp  r, 1,5,6,7,10,11,12,13,14,15,16,17,28,29,30,31
    REG_L x\r, \r*SZ(sp)
    .endr
    addi  sp, sp, 32*SZ
    csrrw sp, mscratch, sp
    mret
