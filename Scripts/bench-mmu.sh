#!/usr/bin/env bash
# MMU figures for BENCHMARKS.md: Dhrystone in U mode under Sv32/Sv39 (4 KiB pages, A/D set, as the
# kernel maps a process: Software/dhrystone/user_paging.c) against the same Dhrystone in bare M mode,
# on the SoC RTL (Verilator), one run each side by side; and the core's yosys cell count.
# Usage: Scripts/bench-mmu.sh
set -euo pipefail
cd "$(dirname "$0")/.."
HDLGEN=${HDLGEN:-.build/release/hdlgen}
[ -x "$HDLGEN" ] || { swift build -c release >/dev/null 2>&1; HDLGEN=.build/release/hdlgen; }
make -s -C Software >/dev/null
make -s verilate DESIGNS="soc32 soc64" >/dev/null 2>&1

echo "| XLEN | mode | DMIPS/MHz | CPI | ITLB misses | DTLB misses | page-walk cycles |"
echo "|---|---|---|---|---|---|---|"
for xlen in 32 64; do
    for program in dhrystone dhrystone_user; do
        out=$("$HDLGEN" sim --stats Software/build/rv$xlen/$program.elf 2>&1)
        mode=$([ $program = dhrystone ] && echo "M, bare" || echo "U, Sv$([ $xlen = 32 ] && echo 32 || echo 39)")
        echo "$out" | awk -v x="$xlen" -v m="$mode" '
            /DMIPS_Per_MHz/ {d = $2} /^cpi:/ {c = $2}
            /ITLB misses/ {gsub(",", ""); i = $3; t = $6; w = $9}
            END {printf "| %s | %s | %s | %s | %s | %s | %s |\n", x, m, d, c, i, t, w}'
    done
done
echo
for design in core32 core64; do
    cells=$(yosys -q -p "read_verilog Generated/$design.v; synth -top $design; tee -o /dev/stdout stat" 2>/dev/null \
            | awk '/Number of cells/ {n = $4} END {print n}')
    echo "$design (with the MMU): $cells cells after \`yosys synth\`."
done
