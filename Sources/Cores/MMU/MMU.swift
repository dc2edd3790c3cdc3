import HDL
import Spec

// The MMU: an instruction TLB for fetch, a data TLB for the memory stage, and the page-table
// walker they share, whose PTE reads the core puts on the data port. A hit translates in the
// same cycle; a miss starts the walker (the data side first) and the port waits until the TLB
// holds the page or the walk faults. Sv32 on RV32, Sv39 on RV64. Every physical address, translated
// or not, is checked against the memory map and PMP: outside RAM (and, for loads and stores, the
// devices), or refused by PMP, it is an access fault.

/// One side's translation: the core asks with `valid`, the MMU answers with `done`.
public struct TranslationPort: Bundle {
    public var valid = Input(.bit)              // an access wants its address this cycle
    public var va: Signal
    public var access = Input(MemoryAccess.hwType)
    public var translate = Input(.bit)          // paging is on for this access (satp, privilege below M)
    public var user = Input(.bit)               // the access's privilege is U (else S)
    public var machine = Input(.bit)            // ... is M (for PMP)
    public var done = Output(.bit)              // `pa`, or one of the faults, this cycle
    public var pa: Signal                       // the physical address (one outside the map is an access fault)
    public var pageFault = Output(.bit)
    public var accessFault = Output(.bit)
    init(xlen: Int) { va = Input(.uint(xlen)); pa = Output(.uint(xlen)) }
}

public struct MMU: Module {
    public var xlen: Int
    public var ramBytes: Int
    public var tlbEntries: Int
    /// The device windows loads and stores may reach (the SoC's; fetch reaches RAM only).
    public var devices: [Region]
    public init(xlen: Int, ramBytes: Int, tlbEntries: Int = 16, devices: [Region] = MemoryMap.socDevices()) {
        self.xlen = xlen; self.ramBytes = ramBytes; self.tlbEntries = tlbEntries; self.devices = devices
    }
    public var name: String {
        "MMU_xlen\(xlen)_ram_bytes\(ramBytes)_tlb_entries\(tlbEntries)" + MMU.devicesTag(devices)
    }
    /// A module-name suffix for a device list other than the full SoC's: "_nogpu" without the GPU.
    static func devicesTag(_ devices: [Region]) -> String {
        devices == MemoryMap.socDevices() ? "" : devices == MemoryMap.socDevices(gpu: false) ? "_nogpu"
            : "_devices" + devices.map { String($0.base, radix: 16) }.joined(separator: "_")
    }
    var scheme: PagingScheme { .forXLEN(xlen) }

    public struct IO: Bundle {
        public var fetch: TranslationPort
        public var data: TranslationPort
        public var rootPPN: Signal                  // satp.PPN
        public var flush = Input(.bit)              // sfence.vma or a satp write
        public var sum = Input(.bit)
        public var mxr = Input(.bit)
        public var pmp: PMPEntry
        public var walk: MemoryPort                 // the walker's PTE reads
        public var walking = Output(.bit)           // the walker owns the data port's requests
        public var fetchMiss = Output(.bit)         // a walk starts for fetch (counted by the core)
        public var dataMiss = Output(.bit)
        init(xlen: Int, scheme: PagingScheme) {
            fetch = TranslationPort(xlen: xlen); data = TranslationPort(xlen: xlen)
            rootPPN = Input(.uint(scheme.ppnBits)); walk = MemoryPort(xlen: xlen, dataWidth: xlen)
            pmp = Input(PMPEntry(xlen: xlen))
        }
    }
    public var io: IO { IO(xlen: xlen, scheme: scheme) }

    public func body(_ io: IO) -> [Statement] {
        let s = scheme
        let walker = Instance(PageTableWalker(xlen: xlen, ramBytes: ramBytes))
        let forData = Reg(.bit)                     // the walk in progress is the data side's
        let stale = Reg(.bit)                       // a flush came during the walk: do not fill
        io.walk.request.valid <== walker.memory.request.valid
        io.walk.request.bits <== walker.memory.request.bits
        walker.memory.request.ready <== io.walk.request.ready
        walker.memory.response <== io.walk.response
        walker.rootPPN <== io.rootPPN
        walker.pmp <== io.pmp
        io.walking <== walker.reading

        let ended = Wire(walker.done && !stale)                             // a walk ends, unflushed
        let filled = Wire(ended && !walker.pageFault && !walker.accessFault)  // ... with a leaf for the TLB
        // Physical addresses are checked against the map at `width` bits, the wider of XLEN and the scheme's
        // physical address (34 bits in Sv32, 56 in Sv39); a port hands back `paBits` of it (56 on RV64: an
        // address above that faults, so its pa is never used).
        let width = max(xlen, s.ppnBits + 12), paBits = min(xlen, s.ppnBits + 12)
        var misses: [Signal] = []
        for (port, isData) in [(io.fetch, false), (io.data, true)] {
            let tlb = Instance(TLB(scheme: s, entries: tlbEntries))
            let pmp = Instance(PMPCheck(xlen: xlen))
            let vpn = Wire(port.va[s.virtualBits - 1, 12])
            let translating = Wire(port.valid && port.translate)
            tlb.vpn <== vpn
            tlb.lookup <== translating
            tlb.flush <== io.flush
            let ours = isData ? forData : !forData                     // the walk is this side's
            tlb.fill.valid <== filled && ours
            tlb.fill.bits <== walker.entry
            // The physical address (paging off: the address as it is) is checked against the map (RAM,
            // and for loads and stores the SoC's devices) and PMP.
            let refused = { (pa: Signal) -> Signal in
                !devices.reduce(inRAM(pa, ramBytes: ramBytes)) { isData ? $0 || $1.contains(pa) : $0 } || !pmp.allowed
            }
            pmp.check <== port.valid
            pmp.entry <== io.pmp
            pmp.access <== port.access
            pmp.machine <== port.machine
            pmp.address <== 0
            // The port's answer, packed so that one branch computes it: done, miss, the two faults, pa (within
            // 64 bits, not a wide value for the simulators). Translation's logic rests (its wires read 0)
            // while the port does not translate.
            let answer = Wire(.uint(4 + paBits))
            answer <== 0
            Gated(translating) {
                let refusedByPage = PermissionCheck.pageFault(flags: tlb.flags, access: port.access, user: port.user, sum: io.sum, mxr: io.mxr)
                // Sv39: bits 63..39 must all equal bit 38, or the address is not canonical.
                let canonical = Wire(xlen == 64 ? (port.va[63, s.virtualBits - 1] == 0 || port.va[63, s.virtualBits - 1].andR()) : Const(1, .bit))
                let physical = Wire(Cat(tlb.ppn, port.va[11, 0]))
                // The walk for this very page ended in a fault.
                let walkFault = Wire(ended && ours && (walker.pageFault || walker.accessFault) && walker.entry.vpn == vpn)
                let pageFault = Wire(!canonical || (tlb.hit && refusedByPage) || (walkFault && walker.pageFault))
                pmp.address <== physical.resized(to: pmp.address.width)
                let accessFault = !pageFault && ((walkFault && walker.accessFault) || (tlb.hit && refused(physical.zeroExtended(to: width))))
                answer <== Cat(!canonical || tlb.hit || walkFault, canonical && !tlb.hit && !walkFault, pageFault, accessFault,
                               physical.resized(to: paBits))
            }
            When(port.valid && !port.translate) {
                pmp.address <== port.va.resized(to: pmp.address.width)
                answer <== Cat(Const(1, .bit), Const(0, .bit), Const(0, .bit), refused(port.va.zeroExtended(to: width)),
                               port.va.resized(to: paBits))
            }
            port.done <== answer[paBits + 3]
            let miss = Wire(answer[paBits + 2])
            port.pageFault <== answer[paBits + 1]
            port.accessFault <== answer[paBits]
            port.pa <== answer[paBits - 1, 0].zeroExtended(to: xlen)
            misses.append(miss)
        }
        // A miss starts the walker when it is idle; the data side (the older instruction) first.
        let startData = Wire(misses[1])
        walker.start <== !walker.busy && (misses[0] || misses[1])
        walker.vpn <== Mux(startData, io.data.va[s.virtualBits - 1, 12], io.fetch.va[s.virtualBits - 1, 12])
        io.fetchMiss <== !walker.busy && misses[0] && !startData
        io.dataMiss <== !walker.busy && startData
        When(!walker.busy) {
            forData.next <== startData
            stale.next <== 0
        }
        When(io.flush) { stale.next <== 1 }
    }
}
