/* jumpdata: calls an instruction it keeps in its data, which is R W without X: an instruction
 * page fault (cause 12, stval = the target). */
#include "ulib.h"

static unsigned int code[] = { 0x00008067 };   /* ret */

int main(void)
{
    void (*fn)(void) = (void (*)(void))(unsigned long)code;
    uprintf("pid %d: calling my data at 0x%lx\n", getpid(), (unsigned long)code);
    fn();
    uprintf("returned: data is executable!\n");
    return 1;
}
