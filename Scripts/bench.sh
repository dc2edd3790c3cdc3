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
echo "## GPU: GEMM on the model and the RTL (\`hdlgen bench gemm --backends model,verilator,swift\`)"
echo
echo "Peak = C x T x 4 int8 MACs per cycle; results checked bit-exactly against a plain Swift GEMM. Each kernel"
echo "runs on the GPU model and on the RTL (\`gpu_harness\`: the GPU with 16 MiB of RAM) under Verilator and under"
echo "the Swift simulator, in lock-step with the model through GPULockstep (every issue, CYCLES and the written"
echo "RAM compared), then once more on the RTL alone: \"wall s\" and \"cycles/s\" are that free run (the model's"
echo "own run for the model), \"lock-step s\" the RTL's side of the lock-step run. The cycles must be equal on"
echo "every backend (the command fails otherwise). CPU baseline: Software/gpu's cpu_gemm.elf, instructions on"
echo "the ISA model and mcycle on the soc32 RTL under Verilator. Cells: the \`gpu\` design (the GPU alone,"
echo "2 x 4 x 8), yosys as in \`Scripts/bench-cpu.sh\`'s second column (RAMs as blocks) but without synth's slow \`share\` pass. Anchor: tiny-gpu's own"
echo "2x2 matmul under Verilator takes 491 cycles for 8 MACs, 0.016 MACs/cycle."
echo
echo '```'
$HDLGEN bench gemm --backends model,verilator,swift
echo '```'
if [ -x Scripts/bench-iss.sh ]; then
    echo
    echo "## ISA model vs qemu-riscv32 (\`Scripts/bench-iss.sh\`)"
    echo
    echo '```'
    Scripts/bench-iss.sh
    echo '```'
fi
if [ -x Scripts/bench-callgrind.sh ]; then
    echo
    echo "## Simulation cost per cycle, deterministic (\`Scripts/bench-callgrind.sh\`)"
    echo
    echo "Host instructions per simulated cycle on Dhrystone (the CPU race's binaries), counted by callgrind:"
    echo "Verilator (C++ -O2, no --trace) as the difference of a 200- and a 400-run program, the Swift"
    echo "simulator as the 200-run total over its cycles. The Verilator figure moves by about 0.5% between runs."
    echo
    echo '```'
    Scripts/bench-callgrind.sh
    echo '```'
fi
if [ -x Scripts/bench-cpu.sh ]; then
    echo
    echo "## CPU race: our core vs PicoRV32 and VexRiscv (\`Scripts/bench-cpu.sh\`)"
    echo
    echo "One Dhrystone binary for every rv32 core, built by \`make -C Software race\` (Software/race/: crt0 and"
    echo "console glue without any CSR instruction; Dhrystone compiled from pythondata-cpu-picorv32) with"
    echo "\`riscv64-unknown-elf-gcc -march=rv32im -mabi=ilp32 -O3 -misa-spec=2.2 --specs=picolibc.specs\` (GCC 12.2,"
    echo "picolibc), linked with \`-nostartfiles -T Software/lib/link.ld\`. Our rv64 core runs another binary: the same"
    echo "sources with \`-march=rv64im -mabi=lp64 -mcmodel=medany\`. No program reads a counter: two builds differ"
    echo "only in the number of runs, and cycles per iteration = (total cycles, reset to finisher store) difference"
    echo "/ runs difference; CPI likewise with each core's own retired-instruction count (ours: minstret;"
    echo "PicoRV32: its instret counter \`count_instr\`; VexRiscv: \`lastStageIsFiring\`); per iteration they agree"
    echo "with each other and with the ISA model (\`hdlgen iss --stats\`)."
    echo
    echo "- Memory: 16 MiB zero-wait RAM at 0x8000_0000; finisher at 0x0010_0000, UART THR at 0x1000_0000, LSR"
    echo "  reads 0x60. PicoRV32 (fast multiplier, divider, barrel shifter, no C; native interface): mem_ready in"
    echo "  the cycle mem_valid rises. VexRiscv (Wishbone iBus/dBus, 4 KiB I\$ and D\$): ACK in the cycle CYC&STB"
    echo "  rise, refills are 8 one-cycle beats. Our SoC: its own RAM, answering in the same cycle (memoryLatency 0)."
    echo "- VexRiscv configurations from pythondata-cpu-vexriscv: \`Linux\` (MMU, caches) is the fastest here"
    echo "  because its D\$ caches 0x8000_0000 (its I/O regions are 0xB..., 0xE..., 0xF...); \`Full\` and the"
    echo "  other non-Linux configs treat every address with bit 31 set as uncached I/O (LiteX puts main RAM at"
    echo "  0x4000_0000), so each load and store of this program goes round the bus. Both are shown."
    echo "- Simulation speed: the peers under small C++ Verilator harnesses (bench/cpu/, \`verilator -O3"
    echo "  --x-assign fast\`, C++ -O2); ours under \`hdlgen sim --stats\` on the whole SoC (RAM, UART, CLINT), its"
    echo "  library built by Scripts/verilate.sh with C++ -O2 and, as the peers, without --trace (VERILATE_TRACE=0),"
    echo "  and on the Swift simulator. Best of two runs."
    echo "  sim MIPS = simulated instructions per wall-clock second (sim cycles/s / CPI)."
    echo "- Cells: yosys 0.23 \`synth -top TOP; stat\` of the CPU alone (ours: Generated/core32.v, core64.v, no"
    echo "  caches). The last column keeps memories (register files, caches) as one RAM cell each."
    echo
    Scripts/bench-cpu.sh
fi
if [ -x Scripts/bench-storage.sh ]; then
    echo
    echo "## Storage: a 64 KiB file through FAT and the SD driver on the RTL (\`Scripts/bench-storage.sh\`)"
    echo
    echo "\`fatbench\` (Software/storage) writes then reads /BENCH.BIN on a 16 MiB FAT16 image at DIVIDER 0,"
    echo "timing each with mcycle, on the SoC under Verilator with the SD card model on its pins."
    echo
    Scripts/bench-storage.sh
fi
if [ -x Scripts/bench-mmu.sh ]; then
    echo
    echo "## The MMU: Dhrystone in U mode under Sv32/Sv39 against bare M mode (\`Scripts/bench-mmu.sh\`)"
    echo
    Scripts/bench-mmu.sh
fi
