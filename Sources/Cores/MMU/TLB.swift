import HDL
import Spec

// A fully associative TLB: `entries` leaf translations, each with its page level so that megapages
// and gigapages take one entry. A lookup compares every entry at once and answers in the same
// cycle; the walker fills it, round robin. sfence.vma and satp writes flush it. The compare runs
// only while `lookup` is set (one branch: the simulators skip it when paging is off).

/// A cached leaf PTE: the page it maps, the physical page, its level and its PTE bits 7:0.
public struct TLBEntry: Bundle {
    public var valid = Signal(.bit)
    public var vpn: Signal          // all VPN fields; those below `level` are ignored
    public var ppn: Signal          // the PTE's PPN
    public var level = Signal(.uint(2))
    public var flags = Signal(.uint(8))  // PTEBit: V R W X U G A D
    public init(scheme: PagingScheme) { vpn = Signal(.uint(scheme.vpnWidth)); ppn = Signal(.uint(scheme.ppnBits)) }
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
        let template = TLBEntry(scheme: scheme)
        let table = Regs(entries, .uint(packedWidth(template)), reset: 0, named: "entry")
        let victim = Reg(.uint(bitsToRepresent(count: entries)))      // the next entry to fill
        let k = scheme.vpnBits
        // The hit entry, packed (all zeros on a miss): the OR of the entries that match.
        let found = Wire(.uint(packedWidth(template)))
        found <== 0
        When(io.lookup) {
            var any: Signal = Const(0, .uint(packedWidth(template)))
            for (i, bits) in table.enumerated() {
                let entry = unpacked(bits, as: TLBEntry(scheme: scheme))
                // A level-L entry matches on the VPN fields above L.
                var matches: Signal = Const(0, .bit)
                for l in 0..<scheme.levels {
                    let high = scheme.vpnWidth - 1
                    matches = matches || (entry.level == Const(l, .uint(2)) && entry.vpn[high, l * k] == io.vpn[high, l * k])
                }
                let selected = Wire(entry.valid && matches, named: "match\(i)")
                any = any | Mux(selected, bits, Const(0, .uint(packedWidth(template))))
            }
            found <== any
        }
        let hitEntry = unpacked(found, as: TLBEntry(scheme: scheme))
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
            for bits in table { bits.next <== 0 }
        }.elseWhen(io.fill.valid) {
            assign(table.map(\.next), at: victim, packed(io.fill.bits))
            victim.next <== Mux(victim == Const(entries - 1, victim.type), Const(0, victim.type), victim + 1)
        }
    }
}
