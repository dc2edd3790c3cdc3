#!/usr/bin/env bash
# Storage figures for BENCHMARKS.md: the throughput of a 64 KiB file through FAT and the SD driver
# on the SoC RTL (Verilator) at the fastest divider, against the SPI line rate; the SD harness's
# cost per simulated cycle; the controller's yosys cell count. Usage: Scripts/bench-storage.sh
set -euo pipefail
cd "$(dirname "$0")/.."
HDLGEN=${HDLGEN:-.build/release/hdlgen}
[ -x "$HDLGEN" ] || { swift build -c release >/dev/null 2>&1; HDLGEN=.build/release/hdlgen; }
make -s -C Software >/dev/null
make -s verilate DESIGNS="soc32 soc64" >/dev/null 2>&1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "| XLEN | write, bytes/cycle | read, bytes/cycle | read, % of the line rate | simulated cycles/s (Verilator) |"
echo "|---|---|---|---|---|"
for xlen in 32 64; do
    mkfs.fat -F 16 -s 4 -C "$work/card$xlen.img" 16384 >/dev/null
    out=$("$HDLGEN" sim --stats --sd-image "$work/card$xlen.img" Software/build/rv$xlen/fatbench.elf 2>&1)
    write=$(echo "$out" | awk '/fatbench: write/ {print $6}')
    read=$(echo "$out" | awk '/fatbench: read/ {print $6}')
    rate=$(echo "$out" | awk '/simulated cycles\/s/ {print $3}')
    awk -v x="$xlen" -v w="$write" -v r="$read" -v s="$rate" 'BEGIN {
        printf "| %s | %.4f | %.4f | %.0f%% | %s |\n", x, 65536 / w, 65536 / r, 100 * (65536 / r) / (1 / 16), s }'
done
echo
echo "The line rate at DIVIDER 0 is 1/16 byte per cycle (0.0625). The same SoC running Dhrystone (no SD traffic):"
printf '%s simulated cycles/s.\n' "$("$HDLGEN" sim --stats Software/build/rv32/dhrystone.elf 2>&1 >/dev/null | awk '/simulated cycles\/s/ {print $3}')"
cells=$(yosys -q -p "read_verilog Generated/sd_controller.v; synth -top sd_controller; tee -o /dev/stdout stat" 2>/dev/null \
        | awk '/Number of cells/ {n = $4} END {print n}')
echo
echo "SD controller (\`sd_controller\`, RV32 bus): $cells cells after \`yosys synth\`."
