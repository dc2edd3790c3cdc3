/* exit_test.c: main's return value reaches the finisher: 42 must become the exit status. */
#include <stdio.h>

int main(void)
{
    printf("exit_test: returning 42\n");
    return 42;
}
