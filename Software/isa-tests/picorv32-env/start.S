# Bare-metal harness for the pythondata-cpu-picorv32 instruction tests on the ISA model.
# The test's RVTEST_PASS jumps to mytest_ret (-> test finisher 0x5555, exit 0); RVTEST_FAIL
# executes ebreak, which traps to `fail` (-> test finisher 0x3333 | 1<<16, exit 1).
# Test output ("add..OK") goes to the UART THR at 0x10000000, which the tests use directly.
    .section .text
    .globl _start
_start:
    la      t0, fail
    csrw    mtvec, t0
    j       mytest

    .globl mytest_ret
mytest_ret:
    li      t0, 0x100000
    li      t1, 0x5555
    sw      t1, 0(t0)
1:  j       1b

    .balign 4
fail:
    li      t0, 0x100000
    li      t1, 0x13333
    sw      t1, 0(t0)
2:  j       2b
