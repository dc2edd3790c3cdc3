#!/usr/bin/env bash
# The deterministic figure for simulation-speed work: host instructions per simulated cycle of the
# SoC RTL without its GPU (soc32_nogpu/soc64_nogpu, as the CPU race) on Dhrystone, counted by
# valgrind's callgrind (the same count on every run of the same binary, whatever else the machine
# does; wall-clock figures are in Scripts/bench-cpu.sh).
#
#   Scripts/bench-callgrind.sh            (SCRATCH=.build: the SwiftPM folder for the release hdlgen)
#
# - Verilator (library built by Scripts/verilate.sh with C++ -O2, without --trace, as the CPU race
#   builds it): the difference between two runs of the race's Dhrystone (RUNS_LO and RUNS_HI runs),
#   divided by the difference of their simulated cycles, so start-up and loading do not count.
# - The Swift simulator: the RUNS_LO run's total divided by its cycles (start-up is small next to it).
# Swift's hashing is made deterministic: with per-process seeds the two runs' start-up differs by
# millions of instructions, which moved the Verilator figure by about 40 per cycle.
# Prints one line per backend and XLEN: `callgrind: BACKEND socXLEN: N host instructions per cycle`.
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=${SCRATCH:-.build}
HDLGEN=$SCRATCH/release/hdlgen
OUT=build/bench-callgrind
RUNS_LO=${RUNS_LO:-200}
RUNS_HI=${RUNS_HI:-400}
mkdir -p "$OUT"
swift build --scratch-path "$SCRATCH" -c release >"$OUT/swift-build.log" 2>&1 || { cat "$OUT/swift-build.log" >&2; exit 1; }
make -s -C Software race RUNS="$RUNS_LO $RUNS_HI" >"$OUT/software.log" 2>&1 || { cat "$OUT/software.log" >&2; exit 1; }
$HDLGEN emit --out "$OUT/generated" soc32_nogpu soc64_nogpu >"$OUT/emit.log" 2>&1
VERILATE_TRACE=0 VERILATE_CXXOPT=-O2 Scripts/verilate.sh -o "$OUT/verilator" "$OUT/generated/soc32_nogpu.v" "$OUT/generated/soc64_nogpu.v" \
    >"$OUT/verilate.out" 2>"$OUT/verilate.log" || { cat "$OUT/verilate.log" >&2; exit 1; }

# count BACKEND XLEN RUNS: prints "INSTRUCTIONS CYCLES" of one run under callgrind.
count() {
    local backend=$1 xlen=$2 runs=$3 lib=() out="$OUT/cg-$1-$2-$3"
    if [ "$backend" = verilator ]; then lib=(--library "$(awk "/libsoc${xlen}_nogpu.so/ {print \$2}" "$OUT/verilate.out")"); fi
    SWIFT_DETERMINISTIC_HASHING=1 valgrind --tool=callgrind --callgrind-out-file="$out.out" \
        "$HDLGEN" sim --backend "$backend" "${lib[@]}" --no-gpu --stats "Software/build/race/dhry-rv$xlen-$runs.elf" >/dev/null 2>"$out.log" || true
    local instructions cycles
    instructions=$(awk '/^summary:/ {print $2}' "$out.out")
    cycles=$(awk '/^cycles:/ {print $2}' "$out.log")
    [ -n "$instructions" ] && [ -n "$cycles" ] || { cat "$out.log" >&2; echo "bench-callgrind: $backend rv$xlen failed" >&2; exit 1; }
    echo "$instructions $cycles"
}
for xlen in 32 64; do
    read -r lo_i lo_c <<<"$(count verilator $xlen "$RUNS_LO")"
    read -r hi_i hi_c <<<"$(count verilator $xlen "$RUNS_HI")"
    echo "callgrind: verilator soc$xlen: $(( (hi_i - lo_i) / (hi_c - lo_c) )) host instructions per cycle"
    read -r sw_i sw_c <<<"$(count swift $xlen "$RUNS_LO")"
    echo "callgrind: swift soc$xlen: $(( sw_i / sw_c )) host instructions per cycle"
done
