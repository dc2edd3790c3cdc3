#!/bin/sh
# Benchmarks the ISA model (release build) against qemu-riscv32 on Dhrystone (RV32IM, Linux user
# mode). Dhrystone sources are read from the pythondata-cpu-picorv32 package into a temp dir
# (only the run count is patched there), never copied into the repo.
# Usage: Scripts/bench-iss.sh [RUNS]        (default 2000000 Dhrystone iterations)
set -eu
RUNS=${1:-2000000}
HERE=$(cd "$(dirname "$0")/.." && pwd)
CC=${CC:-riscv64-unknown-elf-gcc}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
SRC=$(python3 -c "import pythondata_cpu_picorv32 as p, os; print(os.path.join(p.data_location, 'dhrystone'))")
for f in dhry.h dhry_1.c dhry_2.c; do cp "$SRC/$f" "$TMP/"; done
sed -i "s/Number_Of_Runs = 100;/Number_Of_Runs = $RUNS;/" "$TMP/dhry_1.c"
build() {  # build XLEN OUT
    if [ "$1" = 32 ]; then ARCH="-march=rv32im -mabi=ilp32 -misa-spec=2.2"; else ARCH="-march=rv64im -mabi=lp64 -misa-spec=2.2"; fi
    CFLAGS="$ARCH -O3 -DTIME -DRISCV -ffreestanding -fno-builtin-printf -w"
    $CC $CFLAGS --specs=picolibc.specs -c -o "$TMP/dhry_1_$1.o" "$TMP/dhry_1.c"
    $CC $CFLAGS --specs=picolibc.specs -c -o "$TMP/dhry_2_$1.o" "$TMP/dhry_2.c"
    $CC $ARCH -O2 -ffreestanding -fno-builtin -c -o "$TMP/tinylib_$1.o" "$HERE/Software/user/tinylib.c"
    $CC $ARCH -c -o "$TMP/start_$1.o" "$HERE/Software/user/start.S"
    $CC $ARCH -static -nostdlib -o "$2" "$TMP/start_$1.o" "$TMP/dhry_1_$1.o" "$TMP/dhry_2_$1.o" "$TMP/tinylib_$1.o" -lgcc
}
build 32 "$TMP/dhry32.elf"
build 64 "$TMP/dhry64.elf"

(cd "$HERE" && swift build -c release --product hdlgen >/dev/null 2>&1)
BIN=$(cd "$HERE" && swift build -c release --show-bin-path)/hdlgen

now() { date +%s.%N; }
# The instruction count comes from the model (deterministic); wall time from each run
# (process start-up included for both).
bench() {  # bench XLEN
    ELF="$TMP/dhry$1.elf"
    t0=$(now); "$BIN" iss --user --stats "$ELF" >"$TMP/iss.out" 2>"$TMP/iss.err"; t1=$(now)
    INSNS=$(sed -n 's/^instructions: //p' "$TMP/iss.err")
    ISS_S=$(echo "$t1 - $t0" | bc -l)
    t0=$(now); "qemu-riscv$1" "$ELF" >"$TMP/qemu.out"; t1=$(now)
    QEMU_S=$(echo "$t1 - $t0" | bc -l)
    grep -q "Int_Glob:            5" "$TMP/iss.out" || { echo "bench-iss: Dhrystone output from the model looks wrong" >&2; exit 1; }
    ISS_MIPS=$(echo "$INSNS / $ISS_S / 1000000" | bc -l)
    QEMU_MIPS=$(echo "$INSNS / $QEMU_S / 1000000" | bc -l)
    printf 'Dhrystone RV%sIM, %s runs, %s instructions\n' "$1" "$RUNS" "$INSNS"
    printf '  iss (hdlgen iss --user, release): %8.3f s  %8.1f MIPS\n' "$ISS_S" "$ISS_MIPS"
    printf '  qemu-riscv%s:                     %8.3f s  %8.1f MIPS\n' "$1" "$QEMU_S" "$QEMU_MIPS"
    printf '  ratio iss/qemu: %.2f\n' "$(echo "$ISS_MIPS / $QEMU_MIPS" | bc -l)"
}
bench 32
[ "${BENCH_RV64:-1}" = 0 ] || bench 64
