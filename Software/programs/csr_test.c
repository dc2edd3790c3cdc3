/* csr_test.c: CSR access rules. M-mode CSRs read and write (mscratch round trip, misa reports the
 * XLEN and I/M); U mode may not touch M-mode CSRs (illegal instruction, mcause 2); writing a
 * read-only CSR and reading an unimplemented one trap in M mode too. The GPU's CSRs 0xCC0-0xCCA
 * and its custom-0 instructions (docs/MACHINE.md) are illegal on the CPU. */
#include <stdio.h>
#include "selftest.h"

static volatile unsigned long user_traps, user_cause;

static void user_code(void)                           /* runs in U mode */
{
    unsigned long before = last_trap.count;
    unsigned long v = 0;
    __asm__ volatile("csrr %0, mstatus" : "+r"(v) :: "memory");
    user_traps = last_trap.count - before;
    user_cause = last_trap.cause;
}

/* each asm statement below must trap once with an illegal instruction */
#define EXPECT_ILLEGAL(what, insn)                                                     \
    do {                                                                               \
        unsigned long pc_, before_ = last_trap.count;                                  \
        TRAP_AT(pc_, insn);                                                            \
        check(last_trap.count == before_ + 1 && last_trap.cause == CAUSE_ILLEGAL_INSTRUCTION \
              && last_trap.epc == pc_, "%s traps as illegal (traps %lu, mcause %lu)",  \
              what, last_trap.count - before_, last_trap.cause);                       \
    } while (0)

int main(void)
{
    trap_hook = record_and_skip;
    printf("csr_test on rv%d\n", __riscv_xlen);

    csr_write(mscratch, 0x5a5a1234);
    check(csr_read(mscratch) == 0x5a5a1234, "mscratch holds what was written");
    csr_write(mscratch, 0);
    unsigned long misa = csr_read(misa);
    unsigned long mxl = misa >> (__riscv_xlen - 2);
    check(mxl == (__riscv_xlen == 32 ? 1 : 2), "misa.MXL = %d (got %lu)", __riscv_xlen == 32 ? 1 : 2, mxl);
    /* misa differs between platforms (qemu also reports A, C, F, D): print it only on failure. */
    int has_im = (misa & (1 << 8)) && (misa & (1 << 12));
    check(has_im, "misa has I and M");
    if (!has_im) printf("    got misa = 0x%lx\n", misa);
    check(misa & (1 << 20), "misa has U");
    check(csr_read(mhartid) == 0, "mhartid = 0");

    EXPECT_ILLEGAL("write to read-only mvendorid", "csrw mvendorid, zero");
    EXPECT_ILLEGAL("read of unimplemented CSR 0x7ff", "csrr zero, 0x7ff");

    /* the GPU's thread CSRs and instructions do not exist on the CPU */
    EXPECT_ILLEGAL("read of GPU CSR 0xcc0 (tid.x)", "csrr a5, 0xcc0");
    EXPECT_ILLEGAL("read of GPU CSR 0xcc5 (bdim.y)", "csrr a5, 0xcc5");
    EXPECT_ILLEGAL("read of GPU CSR 0xcca (unit)", "csrr a5, 0xcca");
    EXPECT_ILLEGAL("gpu.dp4a (custom-0, funct3 0)", ".insn r CUSTOM_0, 0, 0, a5, a5, a5");
    EXPECT_ILLEGAL("gpu.bar (custom-0, funct3 1)", ".insn r CUSTOM_0, 1, 0, zero, zero, zero");
    EXPECT_ILLEGAL("gpu.exit (custom-0, funct3 2)", ".insn r CUSTOM_0, 2, 0, zero, zero, zero");

    pmp_open_all();
    run_in_user_mode(user_code);
    check(user_traps == 1 && user_cause == CAUSE_ILLEGAL_INSTRUCTION,
          "U-mode read of mstatus traps as illegal (traps %lu, mcause %lu)", user_traps, user_cause);
    return finish("csr_test");
}
