import Foundation
import Spec
import TestSupport

// Random bare-metal programs that run under virtual memory (Sv32 on RV32, Sv39 on RV64), for the
// lock-step campaign of RandomPagingTests.swift. One assembly file, laid out at fixed physical
// addresses in the SoC's 64 KiB of RAM (`.org` in the one section the harness links at 0x8000_0000):
//
//   0x0000  code: prologue (M), trap handlers (M and S), the random stream
//   0x6000  root table     0x7000  level-1 table (Sv39)    0x8000, 0x9000  level-0 tables A and B
//   0xA000  four data pages: random data from 0x40 to 0xFF3, code snippets at offset 0
//           (`xori a0, a0, k; ret`) and at the end: 0xFF4 `xori a1, a1, k`, 0xFF8 `ret` (fetch
//           runs ahead into the next page, which may fault: that fault must vanish), 0xFFC
//           `xori a2, a2, k` falling through into the next virtual page (whose offset-0 snippet
//           returns, or whose fetch faults)
//   0xE000  a fifth page with only the offset-0 snippet: what a superpage's fall-through from
//           the fourth data page reaches
//   0xF000  kernel data: register save areas, pass counter, entry points, window table, the
//           privilege of each pass, the table of random PTE changes
//
// The prologue (M mode) writes the page tables: the RAM identity-mapped by a superpage (V R W X A
// D, not U: the handlers and the S-mode stream), the same RAM again at an alias with U R X A (the
// U-mode stream runs there, PC-relative code works at both), and a test region of random
// mappings, every VA at or above 0x8000_0000 (the runner treats a load below it as MMIO and takes
// its value from the RTL): 4 KiB pages in two level-0 tables, superpages (4 MiB on Sv32; 2 MiB and
// 1 GiB on Sv39, one in the upper half of the address space), all pointing at the data pages
// (superpages at the RAM's base, so a VA inside one reaches a data page at the same offset), with
// random V/R/W/X/U/G/A/D and RSW bits; and odd entries: a misaligned superpage, a pointer with A/D/U
// set, W without R, Sv39 reserved bits, a pointer outside RAM (access fault), a Sv32 leaf above 4
// GiB (access fault), unmapped entries, a non-canonical Sv39 VA. Each test-region VA the stream
// uses is a "window": a page whose base + 0x800 sits in one of the base registers s0-s11.
//
// Then it sets satp, a random medeleg (none, or some of the page faults 12/13/15 to S), random SUM
// and MXR, random registers, in most programs a machine timer interrupt every 100-3000 cycles
// (which lands anywhere: in a page walk, the S handler, a retry), and enters S or U with mret.
// The stream: ALU and M operations on the data registers (gp, tp, t0-t6, a0-a7), loads and
// stores at base + random offset (page offsets 0x40-0xFFF, stores below the snippets at the end;
// sometimes misaligned), forward branches, `jalr ra` to one of a window's snippets (fetch through
// the test region), sfence.vma (rs1 = x0 or a window), csrs/csrc sstatus of SUM/MXR, a base
// register reloaded from the window table. In U mode the S-only instructions are illegal (cause
// 2) and skipped. The stream ends with ecall; the M handler counts passes down and starts the
// stream again (each pass in a random privilege, from its previous registers) or writes the test
// finisher.
//
// Trap handlers (M, and S for the delegated page faults): on a page fault they walk the tables in
// software; a valid leaf whose A (or, for a store to a writable page, D) is clear gets the bit,
// sfence.vma, and the instruction is retried (Svade, as a kernel does). A fault with the bits
// already set is real: the handler skips the instruction (xepc += 4; for a fetch fault, return to
// ra), and every few skips replaces a random test-region leaf's flags from the change table and
// executes sfence.vma. Every other exception (illegal, misaligned, access fault) is skipped too;
// the timer interrupt re-arms mtimecmp.

struct RandomPagingProgram {
    let xlen: Int
    var rng: SeededRNG
    let scheme: PagingScheme

    // The physical layout.
    static let ram = MemoryMap.ramBase
    static let ramBytes = 64 << 10
    static let root = ram + 0x6000, level1 = ram + 0x7000, level0A = ram + 0x8000, level0B = ram + 0x9000
    static let dataPages = (0..<4).map { ram + 0xA000 + UInt64($0) * 0x1000 }
    static let kdata = ram + 0xF000
    // Offsets in the kernel data page.
    static let mSave = 0x000, sSave = 0x080, passesLeft = 0x100, changeCountdown = 0x108, changeIndex = 0x110
    static let entryS = 0x118, entryU = 0x120, windowTable = 0x200, modeTable = 0x300, changeTable = 0x400
    static let maxPasses = 255, maxWindows = 32, changes = 64

    /// Where the RAM appears again with U R X A, for the U-mode stream.
    var alias: UInt64 { xlen == 32 ? 0x8040_0000 : 0xC000_0000 }
    /// The kernel's and the alias's superpages: everything else is the test region.
    func inTestRegion(_ va: UInt64) -> Bool { !(va >= Self.ram && va < alias + (xlen == 32 ? 0x40_0000 : 0x4000_0000)) }

    /// A page of the test region the stream uses, and what maps it.
    struct Window { var va: UInt64; var what: String; var leaf = true }
    private(set) var windows: [Window] = []
    /// The PTEs the prologue writes (physical address, value).
    private(set) var ptes: [(address: UInt64, value: UInt64)] = []
    /// Test-region leaves the handlers may give new flags, and whether each is a superpage.
    private(set) var changeable: [(address: UInt64, superpage: Bool)] = []
    private(set) var medeleg: UInt64 = 0
    /// The privilege of each pass (true: S), the last one first.
    private(set) var modes: [Bool] = []
    /// Percent of passes in U, and of leaves with U set.
    private(set) var userPercent = 50
    /// Whether the A/D fix-up's sfence.vma names the faulting address (else it flushes everything).
    private(set) var fixupFence = false
    /// Cycles from one machine timer interrupt to the next (plus up to 255), or nil for none.
    private(set) var timerDelay: Int?

    static let dataRegisters = [3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15, 16, 17, 28, 29, 30, 31]
    static let baseRegisters = [8, 9, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27]

    init(xlen: Int, seed: UInt64) {
        self.xlen = xlen
        rng = SeededRNG(seed: seed)
        scheme = .forXLEN(xlen)
    }

    mutating func int(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
    mutating func chance(_ percent: Int) -> Bool { int(100) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }

    func hex(_ v: UInt64) -> String { "0x" + String(v, radix: 16) }

    // MARK: - Page tables

    func leaf(_ pa: UInt64, _ flags: UInt64) -> UInt64 { (pa >> 12) << 10 | flags }

    /// Random flags of a test-region leaf (bits 9:0). A superpage never becomes a pointer
    /// (V with R = W = X = 0): it would make the code page a page table.
    mutating func leafFlags(superpage: Bool) -> UInt64 {
        if chance(5) { return rng.next() & 0x3FE }                  // invalid, the rest random
        if chance(65) {                                             // a page the stream can use
            return 0xC7 | (chance(50) ? 8 : 0) | (chance(userPercent) ? 0x10 : 0) | (chance(10) ? 0x20 : 0)
        }
        var flags: UInt64 = 1
        if chance(85) { flags |= 2 }                                // R
        if chance(70) { flags |= 4 }                                // W (without R: reserved)
        if chance(40) { flags |= 8 }                                // X
        if chance(userPercent) { flags |= 0x10 }                    // U
        if chance(10) { flags |= 0x20 }                             // G
        if chance(85) { flags |= 0x40 }                             // A
        if chance(75) { flags |= 0x80 }                             // D
        flags |= (rng.next() & 3) << 8                              // RSW
        if flags & 0xE == 0 && (superpage || chance(50)) { flags |= 2 }
        return flags
    }

    mutating func setPTE(_ table: UInt64, _ index: Int, _ value: UInt64) {
        ptes.append((table + UInt64(index * scheme.pteBytes), value))
    }

    mutating func window(_ va: UInt64, _ what: String, leaf: Bool = false) { windows.append(Window(va: va, what: what, leaf: leaf)) }

    /// A window for a base register: mostly one whose leaf is a page (so most accesses translate).
    mutating func someWindow() -> Int {
        let leaves = windows.indices.filter { windows[$0].leaf }
        return chance(85) ? pick(leaves) : int(windows.count)
    }

    /// A VA in the superpage at `base` that reaches a random data page.
    mutating func dataPageIn(superpage base: UInt64) -> UInt64 { base + (pick(Self.dataPages) - Self.ram) }

    /// Random 4 KiB leaves in the level-0 `table` of the region at `region`, and an unmapped page.
    mutating func smallPages(table: UInt64, region: UInt64) {
        var indices: Set<Int> = []
        let entries = 4096 / scheme.pteBytes
        while indices.count < 6 { indices.insert(int(entries)) }
        for (n, index) in indices.sorted().enumerated() {
            let va = region + UInt64(index) << 12
            if n == 5 { window(va, "4 KiB, unmapped"); continue }
            var pa = pick(Self.dataPages)
            var what = "4 KiB"
            if xlen == 32 && chance(8) { pa |= 1 << 32; what += " above 4 GiB" }     // a 34-bit PA: access fault
            let flags = leafFlags(superpage: false)
            setPTE(table, index, leaf(pa, flags))
            changeable.append((table + UInt64(index * scheme.pteBytes), false))
            window(va, what + " " + hex(flags), leaf: true)
        }
    }

    /// A superpage at the RAM's base with random flags, `level` 1 or 2, and one or two windows.
    mutating func superpage(_ table: UInt64, _ index: Int, base: UInt64, level: Int) {
        let flags = leafFlags(superpage: true)
        setPTE(table, index, leaf(Self.ram, flags))
        changeable.append((table + UInt64(index * scheme.pteBytes), true))
        let size = ["", xlen == 32 ? "4 MiB" : "2 MiB", "1 GiB"][level]
        for _ in 0..<(1 + int(2)) { window(dataPageIn(superpage: base), "\(size) " + hex(flags), leaf: true) }
    }

    /// An entry at `level` >= 1 that faults in some way, with a window through it.
    mutating func oddEntry(_ table: UInt64, _ index: Int, base: UInt64, level: Int) {
        let flags = leafFlags(superpage: true)
        var kinds = ["misaligned superpage", "invalid", "W without R", "pointer with A/D/U", "pointer outside RAM"]
        kinds.append(xlen == 32 ? "leaf above 4 GiB" : "reserved bits 63:54")
        let kind = pick(kinds)
        let value: UInt64
        switch kind {
        case "misaligned superpage": value = leaf(Self.ram + UInt64(1 + int(15)) << 12, flags)
        case "invalid": value = rng.next() & 0x3FE
        case "W without R": value = leaf(Self.ram, flags & ~0xA | 5)
        case "pointer with A/D/U": value = leaf(Self.level0A, 1 | pick([0x10, 0x40, 0x80, 0xD0]))
        case "pointer outside RAM": value = leaf(Self.ram + 0x7000_0000, 1)
        case "leaf above 4 GiB": value = leaf(Self.ram | 1 << 33, flags)
        default: value = leaf(Self.ram, flags) | 1 << UInt64(PTEBit.sv39ReservedShift + int(10))
        }
        setPTE(table, index, value)
        window(dataPageIn(superpage: base), "level \(level): \(kind)")
    }

    mutating func buildTables() {
        let kernel: UInt64 = 0xCF, user: UInt64 = 0x5B          // V R W X A D; V R X U A
        let table = { (pa: UInt64) -> UInt64 in (pa >> 12) << 10 | 1 }
        if xlen == 32 {
            let base = { (index: Int) -> UInt64 in UInt64(index) << 22 }
            setPTE(Self.root, 0x200, leaf(Self.ram, kernel))
            setPTE(Self.root, 0x201, leaf(Self.ram, user))
            setPTE(Self.root, 0x202, table(Self.level0A)); smallPages(table: Self.level0A, region: base(0x202))
            setPTE(Self.root, 0x203, table(Self.level0B)); smallPages(table: Self.level0B, region: base(0x203))
            for i in 0x204...0x205 { superpage(Self.root, i, base: base(i), level: 1) }
            for i in 0x206...0x207 { oddEntry(Self.root, i, base: base(i), level: 1) }
            window(base(0x208) + UInt64(int(1024)) << 12, "4 MiB, unmapped")
        } else {
            let giga = { (index: Int) -> UInt64 in UInt64(index) << 30 }
            let mega = { (index: Int) -> UInt64 in giga(4) + UInt64(index) << 21 }
            setPTE(Self.root, 2, leaf(Self.ram, kernel))
            setPTE(Self.root, 3, leaf(Self.ram, user))
            setPTE(Self.root, 4, table(Self.level1))
            setPTE(Self.level1, 0, table(Self.level0A)); smallPages(table: Self.level0A, region: mega(0))
            setPTE(Self.level1, 1, table(Self.level0B)); smallPages(table: Self.level0B, region: mega(1))
            for i in 2...3 { superpage(Self.level1, i, base: mega(i), level: 1) }
            for i in 4...5 { oddEntry(Self.level1, i, base: mega(i), level: 1) }
            window(mega(6 + int(500)) + UInt64(int(512)) << 12, "2 MiB, unmapped")
            for i in 5...6 { superpage(Self.root, i, base: giga(i), level: 2) }
            oddEntry(Self.root, 7, base: giga(7), level: 2)
            superpage(Self.root, 511, base: 0xFFFF_FFFF_C000_0000, level: 2)
            window(giga(8 + int(248)) + UInt64(int(1 << 18)) << 12, "1 GiB, unmapped")
            window(1 << UInt64(39 + int(24)) | giga(4) + UInt64(int(512)) << 12, "not canonical")
        }
    }

    // MARK: - The program

    mutating func interesting() -> UInt64 {
        let specials: [UInt64] = [0, 1, ~0, 0x7fff_ffff, 0xffff_ffff_8000_0000, 0xffff_ffff, 0x80, 0x800, 0xfff, 31, 32, 63, 64]
        if int(2) == 0 { return pick(specials) }
        return xlen == 64 ? rng.next() : UInt64(UInt32(truncatingIfNeeded: rng.next()))
    }

    func li(_ register: Int, _ value: UInt64) -> String {
        "    li x\(register), \(xlen == 32 ? hex(value & 0xFFFF_FFFF) : hex(value))"
    }

    /// The handler of `p` ("m" or "s"): page-fault fixup by a software walk, skip, random PTE
    /// change, and in M the end of a pass.
    mutating func handler(_ p: String, period: Int) -> [String] {
        let w = xlen / 8, ld = xlen == 32 ? "lw" : "ld", sd = xlen == 32 ? "sw" : "sd"
        let temporaries = [5, 6, 7, 28, 29, 30, 31]
        var lines = ["    .balign 4", "\(p)_trap:", "    csrrw sp, \(p)scratch, sp"]
        lines += temporaries.enumerated().map { "    \(sd) x\($1), \($0 * w)(sp)" }
        lines += ["    csrr t0, \(p)cause", "    csrr t1, \(p)tval"]
        if p == "m" {
            lines += ["    bltz t0, m_interrupt", "    li t2, 8", "    beq t0, t2, m_ecall", "    li t2, 9", "    beq t0, t2, m_ecall"]
        }
        lines += [
            "    li t2, 12", "    beq t0, t2, \(p)_walk", "    li t2, 13", "    beq t0, t2, \(p)_walk",
            "    li t2, 15", "    bne t0, t2, \(p)_skip",
            // Walk: t2 = the PTE's address, t3 = level, t4 = the PTE.
            "\(p)_walk:",
        ]
        if xlen == 64 {     // Sv39: a VA that is not canonical faults before any walk
            lines += ["    slli t2, t1, 25", "    srai t2, t2, 25", "    bne t2, t1, \(p)_skip"]
        }
        lines += [
            "    li t2, \(hex(Self.root))", "    li t3, \(scheme.levels - 1)",
            "\(p)_level:",
            "    li t4, \(scheme.vpnBits)", "    mul t4, t4, t3", "    addi t4, t4, 12", "    srl t4, t1, t4",
            "    andi t4, t4, \(4096 / scheme.pteBytes - 1)", "    slli t4, t4, \(scheme.pteBytes == 8 ? 3 : 2)",
            "    add t2, t2, t4", "    \(ld) t4, 0(t2)",
            "    andi t5, t4, 1", "    beqz t5, \(p)_skip",                 // invalid
            "    andi t5, t4, 0xE", "    bnez t5, \(p)_leaf",
            "    beqz t3, \(p)_skip",                                         // a pointer at level 0
            "    andi t5, t4, 0xD0", "    bnez t5, \(p)_skip",                // a pointer with A/D/U
            "    srli t2, t4, 10", "    slli t2, t2, 12",
            "    li t5, \(hex(Self.ram))", "    bltu t2, t5, \(p)_skip",      // a table outside RAM
            "    li t5, \(hex(Self.ram + UInt64(Self.ramBytes)))", "    bgeu t2, t5, \(p)_skip",
            "    addi t3, t3, -1", "    j \(p)_level",
            // A leaf: set A, and D for a store to a writable page, unless they are set already.
            "\(p)_leaf:", "    li t5, 0x40", "    li t6, 15", "    bne t0, t6, \(p)_bits",
            "    andi t6, t4, 4", "    beqz t6, \(p)_bits", "    ori t5, t5, 0x80",
            "\(p)_bits:", "    and t6, t4, t5", "    beq t6, t5, \(p)_skip",
            "    or t4, t4, t5", "    \(sd) t4, 0(t2)", fixupFence ? "    sfence.vma t1, x0" : "    sfence.vma", "    j \(p)_return",
            // A real fault: every `period` of them, new flags for a leaf from the change table.
            "\(p)_skip:", "    li t2, \(hex(Self.kdata))",
            "    \(ld) t3, \(Self.changeCountdown)(t2)", "    addi t3, t3, -1", "    \(sd) t3, \(Self.changeCountdown)(t2)",
            "    bnez t3, \(p)_advance",
            "    li t3, \(period)", "    \(sd) t3, \(Self.changeCountdown)(t2)",
            "    \(ld) t3, \(Self.changeIndex)(t2)", "    addi t4, t3, 1", "    li t5, \(Self.changes)",
            "    bne t4, t5, \(p)_next", "    li t4, 0",
            "\(p)_next:", "    \(sd) t4, \(Self.changeIndex)(t2)",
            "    slli t3, t3, \(w == 8 ? 4 : 3)", "    add t3, t3, t2",
            "    \(ld) t4, \(Self.changeTable)(t3)", "    \(ld) t5, \(Self.changeTable + w)(t3)",
            "    \(ld) t6, 0(t4)", "    andi t6, t6, -1024", "    or t6, t6, t5", "    \(sd) t6, 0(t4)", "    sfence.vma",
            "\(p)_advance:",
            "    li t2, 12", "    beq t0, t2, \(p)_fetch", "    li t2, 1", "    beq t0, t2, \(p)_fetch",
            "    csrr t2, \(p)epc", "    addi t2, t2, 4", "    csrw \(p)epc, t2", "    j \(p)_return",
            "\(p)_fetch:", "    csrw \(p)epc, ra",                               // the jalr's return address
            "\(p)_return:",
        ]
        lines += temporaries.enumerated().map { "    \(ld) x\($1), \($0 * w)(sp)" }
        lines += ["    csrrw sp, \(p)scratch, sp", "    \(p)ret"]
        if p == "m" {
            lines += [
                "m_ecall:", "    li t2, \(hex(Self.kdata))",
                "    \(ld) t3, \(Self.passesLeft)(t2)", "    addi t3, t3, -1", "    \(sd) t3, \(Self.passesLeft)(t2)",
                "    beqz t3, m_finish",
                "    add t4, t2, t3", "    lbu t4, \(Self.modeTable)(t4)",
                "    li t5, 0x1800", "    csrc mstatus, t5", "    \(ld) t5, \(Self.entryU)(t2)", "    beqz t4, m_enter",
                "    li t6, 0x800", "    csrs mstatus, t6", "    \(ld) t5, \(Self.entryS)(t2)",
                "m_enter:", "    csrw mepc, t5", "    j m_return",
                "m_interrupt:",
            ] + armTimer() + [
                "    j m_return",
                "m_finish:", "    li t0, \(hex(MemoryMap.testFinisher.base))", "    li t1, \(hex(TestFinisherCodes.pass))",
                "    sw t1, 0(t0)", "m_halt:", "    j m_halt",
            ]
        }
        return lines
    }

    /// mtimecmp = mtime + the delay + mtime's low 8 bits (mtime stays below 2^32: mtimecmp's high
    /// word on RV32 stays 0). Clobbers t2-t4.
    func armTimer() -> [String] {
        let ld = xlen == 32 ? "lw" : "ld", sd = xlen == 32 ? "sw" : "sd"
        return [li(7, MemoryMap.clint.base + CLINTRegisters.mtime), "    \(ld) t3, 0(t2)", "    andi t4, t3, 255",
                "    add t3, t3, t4", li(29, UInt64(timerDelay ?? 0)), "    add t3, t3, t4",
                li(7, MemoryMap.clint.base + CLINTRegisters.mtimecmp), "    \(sd) t3, 0(t2)"]
            + (xlen == 32 ? ["    sw zero, 4(t2)"] : [])
    }

    mutating func rdRegister() -> Int { pick(Self.dataRegisters) }
    var rd: Int { mutating get { rdRegister() } }
    var rs: String { mutating get { "x\(pick(Self.dataRegisters + Self.baseRegisters + [0]))" } }
    var base: String { mutating get { "x\(pick(Self.baseRegisters))" } }

    /// An offset from a base register (window + 0x800) to a page offset in 0x40..<`end` (stores
    /// stay below the snippets at the end of the page), aligned to `size` or not.
    mutating func offset(_ size: Int, misaligned: Bool, end: Int = 0x1000) -> Int {
        var off = 0x40 + int((end - 0x40) / size) * size
        if misaligned && size > 1 { off += 1 + int(size - 1) }
        return off - 0x800
    }

    /// The random stream of `length` instructions (not counting the ecall that ends it).
    mutating func stream(length: Int) -> [String] {
        let w = xlen / 8
        var rr = ["add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra", "or", "and",
                  "mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu"]
        var ri = ["addi", "slti", "sltiu", "xori", "ori", "andi"]
        var loads = [("lb", 1), ("lh", 2), ("lw", 4), ("lbu", 1), ("lhu", 2)]
        var stores = [("sb", 1), ("sh", 2), ("sw", 4)]
        var shifts = ["slli", "srli", "srai"]
        if xlen == 64 {
            rr += ["addw", "subw", "sllw", "srlw", "sraw", "mulw", "divw", "divuw", "remw", "remuw"]
            ri += ["addiw"]
            loads += [("ld", 8), ("lwu", 4)]
            stores += [("sd", 8)]
            shifts += ["slliw", "srliw", "sraiw"]
        }
        let branches = ["beq", "bne", "blt", "bge", "bltu", "bgeu"]
        var lines = ["stream:"]
        var pending: [(at: Int, name: String)] = []
        var label = 0
        for i in 0..<length {
            for l in pending where l.at == i { lines.append("\(l.name):") }
            pending.removeAll { $0.at == i }
            let roll = int(100)
            switch roll {
            case 0..<30: lines.append("    \(pick(rr)) x\(rd), \(rs), \(rs)")
            case 30..<36: lines.append("    \(pick(ri)) x\(rd), \(rs), \(int(4096) - 2048)")
            case 36..<38:
                let op = pick(shifts)
                lines.append("    \(op) x\(rd), \(rs), \(int(op.hasSuffix("w") || xlen == 32 ? 32 : 64))")
            case 38: lines.append("    lui x\(rd), \(hex(UInt64(int(1 << 20))))")
            case 39: lines.append("    auipc x\(rd), \(hex(UInt64(int(1 << 20))))")
            case 40..<62:
                let (op, size) = pick(loads)
                lines.append("    \(op) x\(rd), \(offset(size, misaligned: chance(2)))(\(base))")
            case 62..<78:
                let (op, size) = pick(stores)
                lines.append("    \(op) \(rs), \(offset(size, misaligned: chance(2), end: 0xFF4))(\(base))")
            case 78..<84:
                let name = "L\(label)"; label += 1
                pending.append((i + 1 + int(5), name))
                lines.append("    \(pick(branches)) \(rs), \(rs), \(name)")
            case 84..<88: lines.append("    jalr ra, \(pick([-2048, -2048, 0x7F4, 0x7FC]))(\(base))")
            case 88..<91:
                let rs1 = chance(50) ? "x0" : base, rs2 = chance(80) ? "x0" : "x\(pick(Self.dataRegisters))"
                lines.append("    sfence.vma \(rs1), \(rs2)")
            case 91..<93:
                let t = rd
                lines += [li(t, pick([0x40000, 0x80000, 0xC0000])), "    \(chance(65) ? "csrs" : "csrc") sstatus, x\(t)"]
            case 93..<96:
                let t = rd
                lines += ["    lla x\(t), window_table",
                          "    \(xlen == 32 ? "lw" : "ld") \(base), \(someWindow() * w)(x\(t))"]
            default: lines.append("    \(pick(rr)) x\(rd), \(rs), \(rs)")
            }
        }
        for l in pending { lines.append("\(l.name):") }
        lines.append("    ecall")
        return lines
    }

    /// The program: `length` random instructions run `passes` times.
    mutating func generate(length: Int, passes: Int) -> String {
        precondition(passes <= Self.maxPasses)
        ptes = []; windows = []; changeable = []
        userPercent = pick([10, 10, 50, 90, 90])
        fixupFence = chance(50)
        timerDelay = chance(60) ? 100 + int(2900) : nil
        buildTables()
        precondition(windows.count <= Self.maxWindows)
        let sd = xlen == 32 ? "sw" : "sd", word = xlen == 32 ? ".word" : ".dword"
        medeleg = int(3) == 0 ? 0 : [12, 13, 15].reduce(UInt64(0)) { chance(50) ? $0 | 1 << UInt64($1) : $0 }
        modes = (0...passes).map { _ in !chance(userPercent) }
        let period = 2 + int(12)
        var lines = [
            "# RV\(xlen) random paging program: \(passes) passes, medeleg \(hex(medeleg))",
            "# windows (va: mapping):",
        ] + windows.map { "#   \(hex($0.va)): \($0.what)" } + [
            "    .section .text.init", "    .globl _start", "_start:",
            "    lla t0, m_trap", "    csrw mtvec, t0", "    lla t0, s_trap", "    csrw stvec, t0",
            li(5, Self.kdata + UInt64(Self.mSave)), "    csrw mscratch, t0",
            li(5, Self.kdata + UInt64(Self.sSave)), "    csrw sscratch, t0",
        ]
        for (address, value) in ptes { lines += [li(5, address), li(6, value), "    \(sd) t1, 0(t0)"] }
        let satp = scheme.mode << UInt64(PagingScheme.satpModeShift(xlen: xlen)) | Self.root >> 12
        lines += [li(5, satp), "    csrw satp, t0", "    sfence.vma",
                  li(5, medeleg), "    csrw medeleg, t0",
                  li(5, (chance(75) ? 1 << 18 : 0) | (chance(50) ? 1 << 19 : 0)), "    csrs mstatus, t0",      // SUM, MXR
                  "    li t0, 0x1800", "    csrc mstatus, t0"]
        if modes[passes] { lines += ["    li t0, 0x800", "    csrs mstatus, t0", "    lla t0, stream"] }
        else { lines += ["    lla t0, stream", li(6, alias - Self.ram), "    add t0, t0, t1"] }
        // Every register gets a value: the RTL's register file keeps the previous program's at reset.
        lines += ["    csrw mepc, t0", "    li ra, 0", "    li sp, 0"]
        if timerDelay != nil { lines += armTimer() + ["    li t0, 0x80", "    csrs mie, t0"] }
        for r in Self.baseRegisters { lines.append(li(r, windows[someWindow()].va + 0x800)) }
        for r in Self.dataRegisters { lines.append(li(r, interesting())) }
        lines.append("    mret")
        lines += handler("m", period: period)
        lines += handler("s", period: period)
        lines += stream(length: length)
        // Tables (written by the prologue), data pages, kernel data.
        lines.append("    .org \(hex(Self.root - Self.ram)), 0")
        lines.append("    .org \(hex(Self.dataPages[0] - Self.ram)), 0")
        for (k, page) in (Self.dataPages + [Self.kdata - 0x1000]).enumerated() {
            lines += ["    .org \(hex(page - Self.ram)), 0", "data_page_\(k):", "    xori a0, a0, \(k + 1)", "    ret"]
            guard k < Self.dataPages.count else { break }
            lines.append("    .org \(hex(page - Self.ram + 0x40)), 0")
            for _ in 0..<((0xFE0 - 0x40) / 32) { lines.append("    .dword " + (0..<4).map { _ in hex(rng.next()) }.joined(separator: ", ")) }
            lines += ["    .dword \(hex(rng.next())), \(hex(rng.next()))", "    .word \(hex(rng.next() & 0xFFFF_FFFF))",
                      "    .org \(hex(page - Self.ram + 0xFF4)), 0",
                      "    xori a1, a1, \(k + 1)", "    ret", "    xori a2, a2, \(k + 1)"]
        }
        let k = Self.kdata - Self.ram
        func at(_ offset: Int) -> String { "    .org \(hex(k + UInt64(offset))), 0" }
        lines += [at(0), "kdata:",
                  at(Self.passesLeft), "    \(word) \(passes)",
                  at(Self.changeCountdown), "    \(word) \(period)",
                  at(Self.changeIndex), "    \(word) 0",
                  at(Self.entryS), "    \(word) stream",
                  at(Self.entryU), "    \(word) stream + \(hex(alias - Self.ram))",
                  at(Self.windowTable), "window_table:"]
        lines += windows.map { "    \(word) \(hex($0.va + 0x800))" }
        lines += [at(Self.modeTable)] + modes.map { "    .byte \($0 ? 1 : 0)" }
        lines.append(at(Self.changeTable))
        for _ in 0..<Self.changes {
            let leaf = pick(changeable)
            lines.append("    \(word) \(hex(leaf.address)), \(hex(leafFlags(superpage: leaf.superpage)))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
