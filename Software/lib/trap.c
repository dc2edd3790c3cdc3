/* trap.c: where crt0's trap_entry lands. A program may install trap_hook to handle traps itself;
 * anything it does not handle is reported (mcause, mepc, mtval) and ends the run with a failure. */
#include <stdio.h>
#include <stdlib.h>
#include "machine.h"

trap_hook_t trap_hook;

void trap_dispatch(struct trap_frame *frame)
{
    if (trap_hook && trap_hook(frame))
        return;
    printf("unexpected trap: mcause=0x%lx mepc=0x%lx mtval=0x%lx\n",
           frame->mcause, frame->mepc, frame->mtval);
    exit(TRAP_EXIT_CODE);
}
