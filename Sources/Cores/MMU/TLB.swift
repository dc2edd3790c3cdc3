import HDL
import Spec

// A fully associative TLB: `entries` leaf translations, each with its page level so that megapages
// and gigapages take one entry. A lookup compares every entry at once and answers in the same
// cycle; the walker fills it, round robin. sfence.vma and satp writes flush it. The compare runs
// only while `lookup` is set (one branch: the simulators skip it when paging is off). An Sv39 entry
// (82 bits) is kept as a tag word and a data word, so that no value is wider than 64 bits.

/// A cached leaf PTE: the page it maps, the physical page, its level and its PTE bits 7:0.
public struct TLBEntry: Bundle {
    public var valid = Signal(.bit)
    public var vpn: Signal          // all VPN fields; those below `level` are ignored
    public var ppn: Signal          // the PTE's PPN
    public var level = Signal(.uint(2))
    public var flags = Signal(.uint(8))  // PTEBit: V R W X U G A D
    public init(scheme: PagingScheme) { vpn = Signal(.uint(scheme.vpnWidth)); ppn = Signal(.uint(scheme.ppnBits)) }
}

/// The two words of an entry wider than 64 bits: what a lookup compares, and what a hit reads out.
struct TLBTag: Bundle {
    var valid = Signal(.bit)
    var vpn: Signal
    var level = Signal(.uint(2))
    init(scheme: PagingScheme) { vpn = Signal(.uint(scheme.vpnWidth)) }
}
struct TLBData: Bundle {
    var ppn: Signal
    var level = Signal(.uint(2))
    var flags = Signal(.uint(8))
    init(scheme: PagingScheme) { ppn = Signal(.uint(scheme.ppnBits)) }
}

public struct TLB: Module {
    public var scheme: PagingScheme
    public var entries: Int
    public init(scheme: PagingScheme, entries: Int = 16) { self.scheme = scheme; self.entries = entries }

    public struct IO: Bundle {
        public var lookup = Input(.bit)     // translate `vpn` this cycle
        public var vpn: Signal              // the page looked up
        public var hit = Output(.bit)
        public var ppn: Signal              // its 4 KiB physical page (superpages filled in from vpn)
        public var flags = Output(.uint(8))
        public var level = Output(.uint(2))
        public var fill: Valid<TLBEntry>    // a translation from the walker
        public var flush = Input(.bit)
        init(scheme: PagingScheme) {
            vpn = Input(.uint(scheme.vpnWidth)); ppn = Output(.uint(scheme.ppnBits))
            fill = Input(Valid(TLBEntry(scheme: scheme)))
        }
    }
    public var io: IO { IO(scheme: scheme) }

    public func body(_ io: IO) -> [Statement] {
        let victim = Reg(.uint(bitsToRepresent(count: entries)))      // the next entry to fill
        let k = scheme.vpnBits
        // A level-L entry matches on the VPN fields above L.
        let matches = { (vpn: Signal, level: Signal) -> Signal in
            (0..<scheme.levels).reduce(Const(0, .bit)) { m, l in
                m || (level == Const(l, .uint(2)) && vpn[scheme.vpnWidth - 1, l * k] == io.vpn[scheme.vpnWidth - 1, l * k])
            }
        }
        let entryBits = packedWidth(TLBEntry(scheme: scheme))
        var hitEntry = TLBEntry(scheme: scheme)
        var clear: [Statement] = [], store: [Statement] = []
        if entryBits <= 64 {
            // One word per entry. The hit entry (all zeros on a miss): the OR of the entries that match.
            let table = Regs(entries, .uint(entryBits), reset: 0, named: "entry")
            let found = Wire(.uint(entryBits))
            found <== 0
            When(io.lookup) {
                var any: Signal = Const(0, .uint(entryBits))
                for (i, bits) in table.enumerated() {
                    let entry = unpacked(bits, as: TLBEntry(scheme: scheme))
                    let selected = Wire(entry.valid && matches(entry.vpn, entry.level), named: "match\(i)")
                    any = any | Mux(selected, bits, Const(0, .uint(entryBits)))
                }
                found <== any
            }
            hitEntry = unpacked(found, as: TLBEntry(scheme: scheme))
            clear = table.map { $0.next <== 0 }
            store = [assign(table.map(\.next), at: victim, packed(io.fill.bits))]
        } else {
            // A tag and a data word per entry. The lookup finds the index of the entry that matches
            // (packed with a hit bit, so that one branch compares every tag); a hit reads its data.
            let tags = Regs(entries, .uint(packedWidth(TLBTag(scheme: scheme))), reset: 0, named: "tag")
            let data = Regs(entries, .uint(packedWidth(TLBData(scheme: scheme))), reset: 0, named: "data")
            let indexBits = bitsToRepresent(count: entries)
            let hitAt = Wire(.uint(1 + indexBits))
            hitAt <== 0
            When(io.lookup) {
                var any: Signal = Const(0, .uint(1 + indexBits))
                for (i, bits) in tags.enumerated() {
                    let tag = unpacked(bits, as: TLBTag(scheme: scheme))
                    let selected = Wire(tag.valid && matches(tag.vpn, tag.level), named: "match\(i)")
                    any = any | Mux(selected, Const((1 << indexBits) | i, .uint(1 + indexBits)), Const(0, .uint(1 + indexBits)))
                }
                hitAt <== any
            }
            let found = Wire(.uint(packedWidth(TLBData(scheme: scheme))))
            Gated(hitAt[indexBits]) { found <== data[hitAt[indexBits - 1, 0]] }
            let d = unpacked(found, as: TLBData(scheme: scheme))
            hitEntry.valid = hitAt[indexBits]; hitEntry.ppn = d.ppn; hitEntry.level = d.level; hitEntry.flags = d.flags
            var tag = TLBTag(scheme: scheme), word = TLBData(scheme: scheme)
            tag.valid = io.fill.bits.valid; tag.vpn = io.fill.bits.vpn; tag.level = io.fill.bits.level
            word.ppn = io.fill.bits.ppn; word.level = io.fill.bits.level; word.flags = io.fill.bits.flags
            clear = tags.map { $0.next <== 0 }
            store = [assign(tags.map(\.next), at: victim, packed(tag)), assign(data.map(\.next), at: victim, packed(word))]
        }
        // The hit entry's PPN, its fields below the entry's level taken from the address.
        var mapped: Signal = hitEntry.ppn
        for l in 1..<scheme.levels {
            mapped = Mux(hitEntry.level == Const(l, .uint(2)), Cat(hitEntry.ppn[scheme.ppnBits - 1, l * k], io.vpn[l * k - 1, 0]), mapped)
        }
        io.hit <== hitEntry.valid
        io.ppn <== mapped
        io.flags <== hitEntry.flags
        io.level <== hitEntry.level

        When(io.flush) {
            clear
        }.elseWhen(io.fill.valid) {
            store
            victim.next <== Mux(victim == Const(entries - 1, victim.type), Const(0, victim.type), victim + 1)
        }
    }
}
