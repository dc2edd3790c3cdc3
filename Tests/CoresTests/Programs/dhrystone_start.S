// Start-up for PicoRV32's Dhrystone on our SoC: a stack at the top of 64 KiB of RAM, then main,
// then the test finisher.
    .section .text.init
    .globl _start
_start:
    li sp, 0x80010000
    call main
    li t0, 0x100000
    li t1, 0x5555
    sw t1, 0(t0)
1:  j 1b
