// vexriscv_tb.cpp: a VexRiscv configuration from pythondata-cpu-vexriscv (GenCoreDefault with
// 4 KiB I$ and D$, Wishbone iBus/dBus) in the CPU race (Scripts/bench-cpu.sh). Zero-wait memory:
// after each rising edge the harness looks at CYC&STB on both buses and raises ACK (with the data,
// or performing the write) in the same cycle; cache refills are bursts of 8 such one-cycle beats.
// The harness re-evaluates until the bus outputs are stable, in case ACK feeds them combinationally.
// Retired instructions: the core's own lastStageIsFiring (vexriscv_top.v brings it out).
#include "Vvexriscv_top.h"
#include "verilated.h"
#include "harness.h"

int main(int argc, char **argv) {
    Verilated::commandArgs(argc, argv);
    race::Machine m;
    const char *elf;
    uint64_t maxCycles;
    race::usage(argc, argv, &elf, &maxCycles, &m.quiet);
    m.load(elf);
    auto *top = new Vvexriscv_top;
    top->externalResetVector = 0x80000000u;
    top->timerInterrupt = 0;
    top->softwareInterrupt = 0;
    top->externalInterruptArray = 0;
    top->iBusWishbone_ACK = 0; top->iBusWishbone_ERR = 0;
    top->dBusWishbone_ACK = 0; top->dBusWishbone_ERR = 0;
    top->clk = 0;
    top->reset = 1;
    top->eval();
    for (int i = 0; i < 8; i++) { top->clk = 1; top->eval(); top->clk = 0; top->eval(); }
    top->reset = 0;
    top->eval();
    race::Clock clock;
    uint64_t cycles = 0, instructions = 0;
    while (cycles < maxCycles && !m.finished && !m.failed) {
        // Answer both buses for this cycle; reads only, until the outputs settle.
        for (int pass = 0;; pass++) {
            bool iReq = top->iBusWishbone_CYC && top->iBusWishbone_STB;
            bool dReq = top->dBusWishbone_CYC && top->dBusWishbone_STB;
            uint32_t iAdr = top->iBusWishbone_ADR, dAdr = top->dBusWishbone_ADR;
            top->iBusWishbone_ACK = iReq;
            if (iReq) top->iBusWishbone_DAT_MISO = m.read(iAdr << 2);
            top->dBusWishbone_ACK = dReq;
            if (dReq && !top->dBusWishbone_WE) top->dBusWishbone_DAT_MISO = m.read(dAdr << 2);
            top->clk = 0; top->eval();
            bool stable = iReq == (top->iBusWishbone_CYC && top->iBusWishbone_STB) && iAdr == top->iBusWishbone_ADR
                       && dReq == (top->dBusWishbone_CYC && top->dBusWishbone_STB) && dAdr == top->dBusWishbone_ADR;
            if (stable) break;
            if (pass == 3) { fprintf(stderr, "bus outputs do not settle\n"); m.failed = true; break; }
        }
        if (top->dBusWishbone_ACK && top->dBusWishbone_WE)
            m.write(top->dBusWishbone_ADR << 2, top->dBusWishbone_DAT_MOSI, top->dBusWishbone_SEL);
        top->clk = 1; top->eval();
        cycles++;
        instructions += top->retire;
    }
    double seconds = clock.seconds();
    top->final();
    delete top;
    return race::report(m, cycles, instructions, seconds, maxCycles);
}
