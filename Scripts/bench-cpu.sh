#!/usr/bin/env bash
# The CPU race: our core against PicoRV32 and VexRiscv on one Dhrystone binary, in one run.
#
#   Scripts/bench-cpu.sh            (SCRATCH=.build by default: the SwiftPM folder for the release hdlgen)
#
# - One rv32 ELF pair built by `make -C Software race` with fixed flags (Software/race/Makefile):
#     -march=rv32im -mabi=ilp32 -O3 -misa-spec=2.2 --specs=picolibc.specs  (GCC 12, picolibc)
#   no CSR instruction (Software/race/crt0.S, race.c), so every core runs the very same file. Our
#   rv64 core runs the same sources built for -march=rv64im -mabi=lp64 -mcmodel=medany (other binary).
# - Two builds differ only in Dhrystone's run count (RUNS_LO, RUNS_HI): cycles per iteration =
#   difference of the total cycles (reset to the finisher store) / difference of the runs; CPI the
#   same with retired instructions (each core's own count, see bench/cpu/*_tb.cpp).
# - Harnesses: PicoRV32 and VexRiscv under small C++ Verilator testbenches (bench/cpu/, built into
#   build/bench-cpu/ with verilator -O3 --x-assign fast, C++ -O2), 16 MiB zero-wait RAM at 0x8000_0000.
#   Ours: `hdlgen sim --stats --no-gpu` on the SoC without its GPU (soc32_nogpu/soc64_nogpu: the peers
#   have none, and an idle GPU costs the simulators more than the CPU), Verilator library built by Scripts/verilate.sh
#   with C++ -O2 and without --trace, as the peers (VERILATE_CXXOPT=-O2 VERILATE_TRACE=0, into
#   build/bench-cpu/verilator), and the Swift simulator.
# - Simulated cycles/s: the better of two runs of the RUNS_HI binary (the machine is shared).
# - Cells: yosys `synth -top TOP; stat` of the CPU alone (ours: Generated/core32.v, core64.v), and a
#   second count with memories kept as RAM blocks (synth -flatten up to `fine`, then techmap/abc
#   without memory_map): VexRiscv's 2 x 4 KiB caches dominate the first. Cached by input hash.
# Prints a Markdown table, then one `core: ...` line per core and backend. Exits non-zero if any
# run fails, exits with a non-zero code or prints a wrong Dhrystone result.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SCRATCH=${SCRATCH:-.build}
HDLGEN=$SCRATCH/release/hdlgen
OUT=build/bench-cpu
RUNS_LO=${RUNS_LO:-200}
RUNS_HI=${RUNS_HI:-1200}
VEX_CONFIGS=${VEX_CONFIGS:-"Linux Full"}
PICO=$(python3 -c 'import pythondata_cpu_picorv32 as p; print(p.data_location)')
VEX=$(python3 -c 'import pythondata_cpu_vexriscv as v; print(v.data_location)')
mkdir -p "$OUT/log" "$OUT/yosys"
log() { echo "bench-cpu: $*" >&2; }
fail() { echo "bench-cpu: FAIL: $*" >&2; exit 1; }

# --- build: hdlgen, the race binaries, our Verilator libraries, the peers' harnesses ---------------
log "building hdlgen (release, $SCRATCH)"
swift build --scratch-path "$SCRATCH" -c release >"$OUT/log/swift-build.log" 2>&1 || { cat "$OUT/log/swift-build.log" >&2; fail "swift build"; }
log "building the race binaries (Software/race)"
make -C Software race RUNS="$RUNS_LO $RUNS_HI" >"$OUT/log/software.log" 2>&1 || { cat "$OUT/log/software.log" >&2; fail "make -C Software race"; }
ELF32_LO=Software/build/race/dhry-rv32-$RUNS_LO.elf ELF32_HI=Software/build/race/dhry-rv32-$RUNS_HI.elf
ELF64_LO=Software/build/race/dhry-rv64-$RUNS_LO.elf ELF64_HI=Software/build/race/dhry-rv64-$RUNS_HI.elf
if riscv64-unknown-elf-objdump -d "$ELF32_HI" | grep -qE '\s(csr[a-z]*|ecall|ebreak|wfi|mret)\s'; then fail "$ELF32_HI has CSR/system instructions"; fi

log "emitting soc32_nogpu soc64_nogpu core32 core64; their Verilator libraries with C++ -O2"
$HDLGEN emit --out Generated soc32_nogpu soc64_nogpu core32 core64 >"$OUT/log/emit.log" 2>&1 || { cat "$OUT/log/emit.log" >&2; fail "hdlgen emit"; }
VERILATE_TRACE=0 VERILATE_CXXOPT=-O2 Scripts/verilate.sh -o "$OUT/verilator" Generated/soc32_nogpu.v Generated/soc64_nogpu.v >"$OUT/log/verilate.out" 2>"$OUT/log/verilate.log" \
    || { cat "$OUT/log/verilate.log" >&2; fail "verilate.sh"; }
LIB32=$(awk '/libsoc32_nogpu.so/ {print $2}' "$OUT/log/verilate.out")
LIB64=$(awk '/libsoc64_nogpu.so/ {print $2}' "$OUT/log/verilate.out")

VFLAGS="--cc --exe --build -O3 --x-assign fast -CFLAGS -O2 -Wno-fatal -Wno-lint -Wno-style"
# harness NAME TOP SOURCES...: builds build/bench-cpu/NAME/NAME_tb unless its inputs are unchanged.
harness() {
    local name=$1 top=$2; shift 2
    local dir="$OUT/$name" key
    key=$( (cat "$@" bench/cpu/harness.h; echo "$VFLAGS"; verilator --version) | sha256sum | cut -c1-16)
    if [ -x "$dir/tb" ] && [ "$(cat "$dir/key" 2>/dev/null)" = "$key" ]; then return; fi
    log "verilating $name"
    rm -rf "$dir"; mkdir -p "$dir"
    # shellcheck disable=SC2086
    verilator $VFLAGS --top-module "$top" -Mdir "$dir" -CFLAGS "-I$ROOT/bench/cpu" -o tb "$@" >"$dir/build.log" 2>&1 \
        || { tail -20 "$dir/build.log" >&2; fail "verilator $name"; }
    echo "$key" >"$dir/key"
}
harness picorv32 picorv32_top "$ROOT/bench/cpu/picorv32_top.v" "$PICO/picorv32.v" "$ROOT/bench/cpu/picorv32_tb.cpp"
for c in $VEX_CONFIGS; do
    harness "vexriscv-$c" vexriscv_top "$ROOT/bench/cpu/vexriscv_top.v" "$VEX/VexRiscv_$c.v" "$ROOT/bench/cpu/vexriscv_tb.cpp"
done

# --- yosys cell counts (cached by input hash) ------------------------------------------------------
# cells NAME TOP FILE [PRE]: prints "PLAIN RAMBLOCKS" (PRE: yosys commands after read_verilog, e.g. chparam)
cells() {
    local name=$1 top=$2 file=$3 pre=${4:-} key cache
    key=$( (cat "$file"; echo "$top $pre"; yosys -V) | sha256sum | cut -c1-16)
    cache="$OUT/yosys/$name-$key.txt"
    if [ ! -s "$cache" ]; then
        log "yosys: $name"
        yosys -q -p "read_verilog $file; $pre synth -top $top; tee -q -o $OUT/yosys/$name.stat stat" >"$OUT/yosys/$name.log" 2>&1 \
            || { tail -5 "$OUT/yosys/$name.log" >&2; fail "yosys $name"; }
        yosys -q -p "read_verilog $file; $pre synth -flatten -top $top -run begin:fine; opt -fast -full; techmap; opt -fast; abc -fast; opt -fast; tee -q -o $OUT/yosys/$name.ram.stat stat" \
            >"$OUT/yosys/$name.ram.log" 2>&1 || { tail -5 "$OUT/yosys/$name.ram.log" >&2; fail "yosys (RAM blocks) $name"; }
        echo "$(awk '/Number of cells/ {n = $4} END {print n}' "$OUT/yosys/$name.stat") $(awk '/Number of cells/ {n = $4} END {print n}' "$OUT/yosys/$name.ram.stat")" >"$cache"
    fi
    cat "$cache"
}
PICO_PARAMS="chparam -set ENABLE_FAST_MUL 1 -set ENABLE_MUL 0 -set ENABLE_DIV 1 -set BARREL_SHIFTER 1 -set COMPRESSED_ISA 0 -set PROGADDR_RESET 32'h80000000 -set STACKADDR 32'h81000000 picorv32;"
CELLS_PICO=$(cells picorv32 picorv32 "$PICO/picorv32.v" "$PICO_PARAMS")
declare -A CELLS_VEX
for c in $VEX_CONFIGS; do CELLS_VEX[$c]=$(cells "vexriscv-$c" VexRiscv "$VEX/VexRiscv_$c.v"); done
CELLS_32=$(cells core32 core32 Generated/core32.v)
CELLS_64=$(cells core64 core64 Generated/core64.v)

# --- runs --------------------------------------------------------------------------------------------
RESULTS="$OUT/results.tsv"
: >"$RESULTS"
# run_one LABEL RUNS CMD...: runs CMD (ELF last), checks exit 0 and Dhrystone's verdict; echoes "cycles instructions cycles/s".
run_one() {
    local label=$1 runs=$2; shift 2
    local out="$OUT/log/$label-$runs" status=0
    "$@" >"$out.stdout" 2>"$out.stderr" || status=$?
    if [ $status -ne 0 ]; then
        cat "$out.stderr" >&2; fail "$label ($runs runs) exited with status $status (want 0: finisher 0x5555)"
    fi
    grep -q "^race: PASS ($runs runs)" "$out.stdout" || fail "$label ($runs runs): no 'race: PASS' (see $out.stdout)"
    awk -F': ' '/^cycles:/ {c = $2} /^instructions:/ {i = $2} /^simulated cycles\/s:/ {s = $2} END {print c, i, s}' "$out.stderr"
}
# measure NAME BINARY CELLS CMD... (the ELF is appended: the LO and HI builds of BINARY)
measure() {
    local name=$1 bin=$2 cells=$3; shift 3
    local lo hi hi2 elo ehi
    if [ "$bin" = rv64 ]; then elo=$ELF64_LO ehi=$ELF64_HI; else elo=$ELF32_LO ehi=$ELF32_HI; fi
    log "running $name"
    lo=$(run_one "$name" "$RUNS_LO" "$@" "$elo")
    hi=$(run_one "$name" "$RUNS_HI" "$@" "$ehi")
    hi2=$(run_one "$name" "$RUNS_HI" "$@" "$ehi")
    echo "$name $bin $lo $hi $(echo "$hi2" | cut -d' ' -f3) $cells" >>"$RESULTS"
}
SIM="$HDLGEN sim --stats --no-gpu"
measure ours-rv32-verilator rv32 "$CELLS_32" $SIM --backend verilator --library "$LIB32"
measure ours-rv32-swift rv32 "$CELLS_32" $SIM --backend swift
measure ours-rv64-verilator rv64 "$CELLS_64" $SIM --backend verilator --library "$LIB64"
measure ours-rv64-swift rv64 "$CELLS_64" $SIM --backend swift
measure picorv32 rv32 "$CELLS_PICO" "$OUT/picorv32/tb"
for c in $VEX_CONFIGS; do measure "vexriscv-$c" rv32 "${CELLS_VEX[$c]}" "$OUT/vexriscv-$c/tb"; done

# --- report ------------------------------------------------------------------------------------------
python3 - "$RESULTS" "$RUNS_LO" "$RUNS_HI" <<'EOF'
import sys
path, lo, hi = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rows = []
for line in open(path):
    f = line.split()
    name, binary = f[0], f[1]
    c_lo, i_lo, s_lo, c_hi, i_hi, s_hi, s_hi2, cells, cells_ram = f[2:11]
    per_iter = (int(c_hi) - int(c_lo)) / (hi - lo)
    instr = (int(i_hi) - int(i_lo)) / (hi - lo)
    rows.append(dict(name=name, binary=binary, cycles=per_iter, instr=instr, cpi=per_iter / instr,
                     dmips=1e6 / per_iter / 1757, speed=max(float(s_hi), float(s_hi2)),
                     cells=int(cells), cells_ram=int(cells_ram), total_hi=int(c_hi)))
by = {r["name"]: r for r in rows}
bad = [n for n in ("ours-rv32-swift", "ours-rv64-swift")
       if n in by and by[n]["total_hi"] != by[n.replace("swift", "verilator")]["total_hi"]]
print(f"- Dhrystone 2.1 (pythondata-cpu-picorv32 sources), {lo} and {hi} runs; per iteration = difference / {hi - lo}.")
print("- rv32 binary: -march=rv32im -mabi=ilp32 -O3 -misa-spec=2.2 --specs=picolibc.specs (GCC 12, picolibc), no CSR instructions.")
print("- rv64 binary (ours-rv64-* only): the same sources with -march=rv64im -mabi=lp64 -mcmodel=medany.")
print("- DMIPS/MHz = 10^6 / (cycles per iteration x 1757). Zero-wait RAM at 0x8000_0000 everywhere.")
print()
print("| core | binary | cycles/iter | instr/iter | CPI | DMIPS/MHz | sim cycles/s | sim MIPS | cells (synth) | cells (RAMs as blocks) |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for r in rows:
    print(f"| {r['name']} | {r['binary']} | {r['cycles']:.1f} | {r['instr']:.1f} | {r['cpi']:.3f} | {r['dmips']:.3f} | "
          f"{r['speed']:,.0f} | {r['speed'] / r['cpi'] / 1e6:.2f} | {r['cells']} | {r['cells_ram']} |")
print()
print("```")
for r in rows:
    print(f"core: {r['name']} dmips_per_mhz: {r['dmips']:.3f} cpi: {r['cpi']:.3f} sim_cycles_per_s: {r['speed']:.0f} cells: {r['cells']}")
print()
ours = by["ours-rv32-verilator"]
vex = max((r for r in rows if r["name"].startswith("vexriscv-")), key=lambda r: r["dmips"], default=None)
pico = by.get("picorv32")
def verdict(ok): return "met" if ok else "MISSED"
if pico and vex:
    print(f"target: DMIPS/MHz above both peers: ours {ours['dmips']:.3f} vs picorv32 {pico['dmips']:.3f}, "
          f"{vex['name']} {vex['dmips']:.3f} (the fastest VexRiscv here): {verdict(ours['dmips'] > max(pico['dmips'], vex['dmips']))}")
if pico:
    print(f"target: Verilator cycles/s at least PicoRV32's: ours {ours['speed']:,.0f} vs {pico['speed']:,.0f} "
          f"(x{ours['speed'] / pico['speed']:.2f}): {verdict(ours['speed'] >= pico['speed'])}; "
          f"per simulated instruction x{ours['speed'] / ours['cpi'] / (pico['speed'] / pico['cpi']):.2f}")
sw = by.get("ours-rv32-swift")
if sw:
    print(f"target: Swift simulator within 20x of Verilator on the SoC: {ours['speed'] / sw['speed']:.1f}x slower "
          f"(rv64: {by['ours-rv64-verilator']['speed'] / by['ours-rv64-swift']['speed']:.1f}x): {verdict(ours['speed'] / sw['speed'] <= 20)}")
print("```")
if bad:
    print("FAIL: the Swift simulator and Verilator disagree on the cycle count of " + ", ".join(bad))
    sys.exit(1)
EOF
