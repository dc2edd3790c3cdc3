// picorv32_tb.cpp: PicoRV32 in the CPU race (Scripts/bench-cpu.sh). Zero-wait memory on the native
// interface: mem_valid/mem_addr are registers, so the harness looks at them after each rising edge
// and answers mem_ready (with mem_rdata, or performing the write) before the next one: every
// transfer completes in the cycle mem_valid rises. Retired instructions: the core's own instret
// counter (count_instr, brought out by picorv32_top.v); counting fetches would overcount, as
// PicoRV32 discards a prefetched instruction after a taken jump.
#include "Vpicorv32_top.h"
#include "verilated.h"
#include "harness.h"

int main(int argc, char **argv) {
    Verilated::commandArgs(argc, argv);
    race::Machine m;
    const char *elf;
    uint64_t maxCycles;
    race::usage(argc, argv, &elf, &maxCycles, &m.quiet);
    m.load(elf);
    auto *top = new Vpicorv32_top;
    top->clk = 0;
    top->resetn = 0;
    top->mem_ready = 0;
    top->eval();
    for (int i = 0; i < 4; i++) { top->clk = 1; top->eval(); top->clk = 0; top->eval(); }
    top->resetn = 1;
    top->eval();
    race::Clock clock;
    uint64_t cycles = 0, instructions = 0;
    while (cycles < maxCycles && !m.finished && !m.failed) {
        top->mem_ready = 0;
        if (top->mem_valid) {
            top->mem_ready = 1;
            if (top->mem_wstrb) m.write(top->mem_addr, top->mem_wdata, top->mem_wstrb);
            else top->mem_rdata = m.read(top->mem_addr);
        }
        top->clk = 0; top->eval();
        top->clk = 1; top->eval();
        cycles++;
        if (top->trap) { fprintf(stderr, "PicoRV32 trapped at cycle %llu\n", (unsigned long long)cycles); m.failed = true; }
    }
    double seconds = clock.seconds();
    instructions = top->instret;
    top->final();
    delete top;
    return race::report(m, cycles, instructions, seconds, maxCycles);
}
