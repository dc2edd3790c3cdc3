/* crt0.S for the CPU race (Scripts/bench-cpu.sh): no CSR instruction at all, so the same binary
 * runs on our core, PicoRV32 and VexRiscv. gp, sp (top of the 16 MiB RAM), tp (picolibc's errno
 * is TLS), zero .tbss/.bss, main(), then main's value to the test finisher (race.c: _exit). */
#if __riscv_xlen == 64
#  define REG_S sd
#  define SZ    8
#else
#  define REG_S sw
#  define SZ    4
#endif
    .section .text.init, "ax"
    .globl _start
_start:
    .option push
    .option norelax
    la    gp, __global_pointer$
    .option pop
    la    sp, __stack_top
    la    tp, __tls_base
    la    t0, __bss_start
    la    t1, __bss_end
1:  bgeu  t0, t1, 2f
    REG_S zero, 0(t0)
    addi  t0, t0, SZ
    j     1b
2:  li    a0, 0
    li    a1, 0
    call  main
    call  exit
3:  j     3b
