#!/usr/bin/env bash
# Runs every bare-metal program of Software/ on qemu's virt machine (the full-system reference,
# docs/MACHINE.md), for RV32 and RV64, and checks each one's exit status and UART output.
# Prints PASS/FAIL per program, then "N passed, M failed"; exits non-zero on any failure.
# Model-only programs (Software/model-only: qemu 7.2 differs from our spec there) are run and
# reported as INFO lines, not counted. Logs: Software/build/qemu-logs/. Usage: [TIMEOUT=30] $0
set -u
cd "$(dirname "$0")/.."
make -s -C Software >/dev/null || { echo "make -C Software failed"; exit 1; }
TIMEOUT=${TIMEOUT:-30}
LOGS=Software/build/qemu-logs
mkdir -p "$LOGS"

# program, expected exit status, text the UART output must contain (@X@ = 32 or 64)
PROGRAMS=(
    "hello          0  hello from rv@X@"
    "trap_test      0  trap_test: PASS"
    "interrupt_test 0  interrupt_test: PASS"
    "umode_test     0  umode_test: PASS"
    "csr_test       0  csr_test: PASS"
    "exit_test      42 exit_test: returning 42"
    "unhandled_trap 99 unexpected trap: mcause=0x2 "
    "dhrystone      0  dhrystone: PASS"
    "dhrystone_user 0  dhrystone: PASS"
    "kernel         0  kernel: PASS"
)
MODEL_ONLY="misaligned_test"

run() {  # xlen program -> sets status, writes the log
    local elf="Software/build/rv$1/$2.elf"
    timeout "$TIMEOUT" "qemu-system-riscv$1" -machine virt -bios none -nographic -kernel "$elf" \
        </dev/null >"$LOGS/rv$1-$2.log" 2>&1
    status=$?
}

passed=0 failed=0
for xlen in 32 64; do
    for entry in "${PROGRAMS[@]}"; do
        read -r name expected text <<<"$entry"
        text=${text//@X@/$xlen}
        run "$xlen" "$name"
        if [ "$status" -eq "$expected" ] && grep -qF -- "$text" "$LOGS/rv$xlen-$name.log"; then
            echo "PASS rv$xlen $name (exit $status)"
            passed=$((passed + 1))
        else
            why="exit $status, expected $expected"
            [ "$status" -eq 124 ] && why="timed out after ${TIMEOUT}s"
            grep -qF -- "$text" "$LOGS/rv$xlen-$name.log" || why="$why; output lacks '$text'"
            echo "FAIL rv$xlen $name ($why); last lines of $LOGS/rv$xlen-$name.log:"
            tail -n 5 "$LOGS/rv$xlen-$name.log" | sed 's/^/    /'
            failed=$((failed + 1))
        fi
    done
    for name in $MODEL_ONLY; do
        run "$xlen" "$name"
        echo "INFO rv$xlen $name is model-only: exit $status on qemu ($(tail -n 1 "$LOGS/rv$xlen-$name.log"))"
    done
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
