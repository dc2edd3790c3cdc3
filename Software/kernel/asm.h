/* asm.h: XLEN-sized loads and stores for boot.S and trapvec.S. */
#if __riscv_xlen == 64
#  define REG_S sd
#  define REG_L ld
#  define SZ    8
#else
#  define REG_S sw
#  define REG_L lw
#  define SZ    4
#endif
