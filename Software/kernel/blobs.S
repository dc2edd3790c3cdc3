/* blobs.S: the user programs, each a stripped ELF file linked at USER_BASE (user/user.ld),
 * built by the Makefile into $(OBJ)/user, which it passes to the assembler as an include
 * directory (-Wa,-I...). proc.c's load() reads their program headers. */
    .macro program name
    .section .rodata.programs, "a"
    .balign 8
    .globl \name\()_elf
\name\()_elf:
    .incbin "\name\().elf"
    .endm

    program hello
    program primes
    program readkern
    program writecode
    program jumpdata
    program peek
