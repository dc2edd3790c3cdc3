# Minimal Linux user-mode runtime for RV32/RV64 (no libc): _start and raw syscalls.
#if __riscv_xlen == 64
#define LREG ld
#define WORD 8
#else
#define LREG lw
#define WORD 4
#endif
    .text
    .globl _start
_start:
    .option push
    .option norelax
    la      gp, __global_pointer$
    .option pop
    LREG    a0, 0(sp)          # argc
    addi    a1, sp, WORD       # argv
    call    main
    li      a7, 93             # exit(main's return value)
    ecall
1:  j       1b

    .globl sys_write
sys_write:                     # long sys_write(int fd, const void *buf, unsigned long len)
    li      a7, 64
    ecall
    ret

    .globl sys_exit
sys_exit:                      # void sys_exit(int code)
    li      a7, 94
    ecall
2:  j       2b

    .globl sys_brk
sys_brk:                       # void *sys_brk(void *addr)
    li      a7, 214
    ecall
    ret
