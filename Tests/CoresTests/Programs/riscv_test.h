// The test environment of the riscv-tests-style programs (PicoRV32's copies of the rv32ui/rv32um
// tests) on our SoC: start at 0x8000_0000 in M mode; pass or fail through the test finisher, the
// exit code of a failure being 1000 + the number of the failed test case (TESTNUM).
#ifndef SOC_RISCV_TEST_H
#define SOC_RISCV_TEST_H

#define RVTEST_RV32U
#define RVTEST_RV64U
#define TESTNUM x28

#define RVTEST_CODE_BEGIN .section .text.init; .globl _start; _start: li sp, 0x80010000;
#define RVTEST_PASS li a0, 0x100000; li a1, 0x5555; sw a1, 0(a0); 1: j 1b;
#define RVTEST_FAIL li a0, 0x100000; addi a1, TESTNUM, 1000; slli a1, a1, 16; li a2, 0x3333; or a1, a1, a2; sw a1, 0(a0); 1: j 1b;
#define RVTEST_CODE_END
#define RVTEST_DATA_BEGIN .data; .balign 8;
#define RVTEST_DATA_END

#endif
