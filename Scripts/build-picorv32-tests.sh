#!/bin/sh
# Builds the RV32I/M instruction tests shipped in pythondata-cpu-picorv32 (read from site-packages,
# never copied into the repo) into bare-metal ELFs for the ISA model.
# Usage: Scripts/build-picorv32-tests.sh OUTDIR      (prints the ELF paths)
set -eu
OUT=${1:?usage: build-picorv32-tests.sh OUTDIR}
HERE=$(cd "$(dirname "$0")/.." && pwd)
CC=${CC:-riscv64-unknown-elf-gcc}
SRC=$(python3 -c "import pythondata_cpu_picorv32 as p, os; print(os.path.join(p.data_location, 'tests'))")
mkdir -p "$OUT"
$CC -march=rv32im -mabi=ilp32 -misa-spec=2.2 -c -o "$OUT/start.o" "$HERE/Software/isa-tests/picorv32-env/start.S"
pids=""
for s in "$SRC"/*.S; do
    n=$(basename "$s" .S)
    (
        $CC -march=rv32im -mabi=ilp32 -misa-spec=2.2 -I"$SRC" -c -o "$OUT/$n.o" "$s" &&
        $CC -march=rv32im -mabi=ilp32 -nostdlib -static -T "$HERE/Software/isa-tests/link.ld" \
            -o "$OUT/$n.elf" "$OUT/start.o" "$OUT/$n.o"
    ) &
    pids="$pids $!"
done
fail=0
for p in $pids; do wait "$p" || fail=1; done
[ $fail = 0 ] || { echo "build-picorv32-tests: a test failed to build" >&2; exit 1; }
ls "$OUT"/*.elf | grep -v start
