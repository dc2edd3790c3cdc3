// harness.h: what the race harnesses (picorv32_tb.cpp, vexriscv_tb.cpp) share: 16 MiB of zero-wait
// RAM at 0x8000_0000 loaded from an ELF, the SoC's devices the race program touches (test finisher
// at 0x0010_0000, UART THR at 0x1000_0000, LSR at 0x1000_0005 always 0x60), and the report the
// script reads. Any other address stops the run with an error. VexRiscv's D$ treats the UART as
// cacheable (its ioRange is bit 31 for Full, 0xB/0xE/0xF for Linux), so its first LSR read refills
// a 32-byte line there: reads anywhere in the UART's first 32 bytes are answered.
#pragma once
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <elf.h>
#include <string>
#include <vector>

namespace race {

constexpr uint32_t RAM_BASE = 0x80000000u, RAM_SIZE = 16u << 20;
constexpr uint32_t FINISHER = 0x00100000u, UART = 0x10000000u;

struct Machine {
    std::vector<uint8_t> ram = std::vector<uint8_t>(RAM_SIZE);
    bool finished = false, failed = false, quiet = false;
    int exitCode = -1;
    std::string console;

    void load(const char *path) {
        FILE *f = fopen(path, "rb");
        if (!f) { perror(path); exit(2); }
        std::vector<uint8_t> file;
        uint8_t buf[65536];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, f)) > 0) file.insert(file.end(), buf, buf + n);
        fclose(f);
        auto *eh = reinterpret_cast<const Elf32_Ehdr *>(file.data());
        if (file.size() < sizeof(Elf32_Ehdr) || memcmp(eh->e_ident, ELFMAG, SELFMAG) || eh->e_ident[EI_CLASS] != ELFCLASS32 ||
            eh->e_machine != EM_RISCV) { fprintf(stderr, "%s: not an RV32 ELF\n", path); exit(2); }
        for (int i = 0; i < eh->e_phnum; i++) {
            auto *ph = reinterpret_cast<const Elf32_Phdr *>(file.data() + eh->e_phoff + i * eh->e_phentsize);
            if (ph->p_type != PT_LOAD || ph->p_memsz == 0) continue;
            if (ph->p_paddr < RAM_BASE || ph->p_paddr + ph->p_memsz > RAM_BASE + RAM_SIZE) {
                fprintf(stderr, "%s: segment at 0x%x outside RAM\n", path, ph->p_paddr); exit(2);
            }
            memcpy(&ram[ph->p_paddr - RAM_BASE], file.data() + ph->p_offset, ph->p_filesz);
        }
    }

    bool inRam(uint32_t a) const { return a - RAM_BASE < RAM_SIZE; }

    // A 32-bit read of the aligned word holding `addr`.
    uint32_t read(uint32_t addr) {
        uint32_t a = addr & ~3u;
        if (inRam(a)) { uint32_t v; memcpy(&v, &ram[a - RAM_BASE], 4); return v; }
        if (a == UART + 4) return 0x60u << 8;           // LSR (+5): THR empty, transmitter empty
        if (a - UART < 32) return 0;                    // a cache line refill over the UART (VexRiscv)
        fprintf(stderr, "read from unmapped address 0x%08x\n", addr);
        failed = true;
        return 0;
    }

    // A write of the bytes of `data` selected by `strobe` to the aligned word holding `addr`.
    void write(uint32_t addr, uint32_t data, unsigned strobe) {
        uint32_t a = addr & ~3u;
        if (inRam(a)) {
            for (int i = 0; i < 4; i++) if (strobe >> i & 1) ram[a - RAM_BASE + i] = uint8_t(data >> (8 * i));
            return;
        }
        if (a == UART) {
            if (strobe & 1) { char c = char(data & 0xff); console += c; if (!quiet) fputc(c, stdout); }
            return;
        }
        if (a == UART + 4) return;                      // MCR, LSR, MSR, SCR: ignored
        if (a == FINISHER) {
            finished = true;
            if ((data & 0xffff) == 0x5555) exitCode = 0;
            else if ((data & 0xffff) == 0x3333) exitCode = int(data >> 16);
            else exitCode = 255;
            return;
        }
        fprintf(stderr, "write to unmapped address 0x%08x\n", addr);
        failed = true;
    }
};

struct Clock {
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); }
};

// Prints the figures in the format Scripts/bench-cpu.sh reads; returns the process exit status.
inline int report(const Machine &m, uint64_t cycles, uint64_t instructions, double seconds, uint64_t maxCycles) {
    fflush(stdout);
    if (!m.finished) fprintf(stderr, "error: no finisher store within %llu cycles\n", (unsigned long long)maxCycles);
    fprintf(stderr, "cycles: %llu\ninstructions: %llu\nexit: %d\nsimulated cycles/s: %.0f\n",
            (unsigned long long)cycles, (unsigned long long)instructions, m.exitCode, cycles / seconds);
    return (m.failed || !m.finished) ? 2 : m.exitCode;
}

inline void usage(int argc, char **argv, const char **elf, uint64_t *maxCycles, bool *quiet) {
    *maxCycles = 200000000;
    *elf = nullptr;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--quiet")) *quiet = true;
        else if (!strcmp(argv[i], "--max-cycles") && i + 1 < argc) *maxCycles = strtoull(argv[++i], nullptr, 0);
        else if (argv[i][0] == '+') continue;         // Verilator plusargs
        else *elf = argv[i];
    }
    if (!*elf) { fprintf(stderr, "usage: %s [--quiet] [--max-cycles N] FILE.elf\n", argv[0]); exit(2); }
}

}  // namespace race
