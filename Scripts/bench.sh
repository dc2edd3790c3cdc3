#!/usr/bin/env bash
# Runs the project's benchmarks side by side on this machine and prints a Markdown report
# (BENCHMARKS.md is this script's output). Figures are ratios measured in one run; the machine
# is named at the top. Usage: Scripts/bench.sh [> BENCHMARKS.md]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release >/dev/null 2>&1 || swift build -c release
HDLGEN=.build/release/hdlgen

cpu=$(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
echo "# Benchmarks"
echo
echo "Produced by \`Scripts/bench.sh\` on $(date -u +%Y-%m-%d): $cpu, $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB;"
echo "Swift $(swift --version 2>/dev/null | head -1 | sed 's/.*version \([0-9.]*\).*/\1/'), $(verilator --version | cut -d' ' -f1-2), $(qemu-riscv32 --version | head -1 | cut -d' ' -f1-3)."
echo "Wall-clock figures on a shared 2-core machine vary by 10-20% from run to run; the ratios are measured in one run."
echo
echo "## Simulators: Swift simulator vs Verilator (\`hdlgen bench sim\`)"
echo
echo "The self-stimulating benchmark design (\`Sources/Cores/Bench/SimBenchmark.swift\`: two LFSRs, the"
echo "32-bit ALU, the two-stage multiplier and a FIFO folded into a checksum; $(yosys -q -p "read_verilog Generated/sim_benchmark.v; synth -top sim_benchmark; tee -o /dev/stdout stat" 2>/dev/null | awk '/Number of cells/ {print $4; exit}') cells after"
echo "\`yosys synth\`) runs free on both backends for the same cycles; the checksums must agree."
echo "Verilator's model is compiled with -O2."
echo
echo '```'
$HDLGEN bench sim
echo '```'
make -s -C Software/gpu >/dev/null
echo
echo "## GPU model: GEMM microkernels (\`hdlgen bench gemm\`)"
echo
echo "Peak = C x T x 4 int8 MACs per cycle; results checked bit-exactly against a plain Swift GEMM."
echo
echo '```'
$HDLGEN bench gemm
echo '```'
if [ -x Scripts/bench-iss.sh ]; then
    echo
    echo "## ISA model vs qemu-riscv32 (\`Scripts/bench-iss.sh\`)"
    echo
    echo '```'
    Scripts/bench-iss.sh
    echo '```'
fi
