/* args.c: the command line the runners write after loading the ELF (args.h). The section
 * attribute keeps the array in .data even though it starts empty (a zero-initialised array would
 * go to .bss, which crt0 clears after the runner has written it). */
#include "args.h"

char program_args[PROGRAM_ARGS_SIZE] __attribute__((section(".data.program_args"))) = "";

static int blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int args_split(char *argv[], int max)
{
    int argc = 0;
    char *p = program_args;
    program_args[PROGRAM_ARGS_SIZE - 1] = 0;
    for (;;) {
        while (blank(*p))
            *p++ = 0;
        if (!*p)
            return argc;
        if (argc < max)
            argv[argc] = p;
        argc++;
        while (*p && !blank(*p))
            p++;
    }
}
