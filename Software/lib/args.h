/* args.h: a program's command line. The runners (`hdlgen iss/sim --args "..."`) write the arguments
 * (without a program name) as a NUL-terminated string into program_args after loading the ELF.
 * program_args is in .data, not .bss: crt0 zeroes .bss after the load, which would wipe it. */
#ifndef ARGS_H
#define ARGS_H
#include "machine_spec.h"

extern char program_args[PROGRAM_ARGS_SIZE];

/* Splits program_args in place at blanks (space, tab, newline). Stores at most `max` pointers in
 * argv and returns how many arguments there are (which may be more than `max`). */
int args_split(char *argv[], int max);

#endif
