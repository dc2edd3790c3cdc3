/* crt0.S: reset entry and trap entry for bare-metal programs on our SoC and on qemu virt.
 * Reset lands here at 0x8000_0000 in M mode: set up gp, sp, tp (picolibc keeps errno in TLS),
 * zero .bss, point mtvec at trap_entry, open PMP for S and U mode (entry 0: NAPOT over the whole
 * space, R W X, as firmware does), run main and leave through exit() -> the test finisher.
 * trap_entry saves every register in a struct trap_frame (machine.h) and calls trap_dispatch()
 * in C; traps from U mode switch to the M stack kept in mscratch (mscratch is 0 while in M mode). */

#if __riscv_xlen == 64
#  define REG_S sd
#  define REG_L ld
#  define SZ    8
#else
#  define REG_S sw
#  define REG_L lw
#  define SZ    4
#endif
#define FRAME (36 * SZ)
#include "machine_spec.h"          /* PMP_* (Generated/, from Sources/Spec) */            /* x0..x31, mepc, mcause, mtval, mstatus; a multiple of 16 */

    .section .text.init, "ax"
    .globl _start
_start:
    csrr  t0, mhartid              /* qemu may start more harts: only hart 0 runs the program */
    bnez  t0, park
    .option push
    .option norelax                /* gp must not be used to compute gp */
    la    gp, __global_pointer$
    .option pop
    la    sp, __stack_top
    la    tp, __tls_base           /* one thread: the TLS image in RAM is its TLS block */
    la    t0, trap_entry
    csrw  mtvec, t0
    csrw  mscratch, zero
    li    t0, -1
    csrw  pmpaddr0, t0
    li    t0, PMP_NAPOT | PMP_R | PMP_W | PMP_X
    csrw  pmpcfg0, t0
    la    t0, __bss_start          /* everything is loaded in RAM: only .tbss/.bss need zeroing */
    la    t1, __bss_end
1:  bgeu  t0, t1, 2f
    REG_S zero, 0(t0)
    addi  t0, t0, SZ
    j     1b
2:  li    a0, 0                    /* argc = 0, argv = NULL */
    li    a1, 0
    call  main
    call  exit                     /* exit(main's value): picolibc runs atexit, then _exit */
park:
    wfi
    j     park

    .text
    .balign 4
    .globl trap_entry
trap_entry:
    csrrw sp, mscratch, sp         /* from U: sp <- M stack, mscratch <- user sp */
    bnez  sp, 1f
    csrrw sp, mscratch, zero       /* from M: mscratch was 0, take sp back */
1:  addi  sp, sp, -FRAME
    .irp  r, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    REG_S x\r, \r*SZ(sp)
    .endr
    csrrw t0, mscratch, zero       /* user sp, or 0 if the trap came from M mode */
    bnez  t0, 2f
    addi  t0, sp, FRAME
2:  REG_S t0, 2*SZ(sp)
    csrr  t0, mepc
    REG_S t0, 32*SZ(sp)
    csrr  t0, mcause
    REG_S t0, 33*SZ(sp)
    csrr  t0, mtval
    REG_S t0, 34*SZ(sp)
    csrr  t0, mstatus
    REG_S t0, 35*SZ(sp)
    mv    a0, sp
    call  trap_dispatch            /* may change the frame's registers and mepc */
    REG_L t0, 32*SZ(sp)
    csrw  mepc, t0
    csrr  t0, mstatus              /* returning to U mode: keep the M stack in mscratch */
    li    t1, 3 << 11
    and   t0, t0, t1
    bnez  t0, 3f
    addi  t0, sp, FRAME
    csrw  mscratch, t0
3:  .irp  r, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    REG_L x\r, \r*SZ(sp)
    .endr
    REG_L sp, 2*SZ(sp)
    mret
