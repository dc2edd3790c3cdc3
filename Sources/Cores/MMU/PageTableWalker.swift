import HDL
import Spec

// The page-table walker that both TLBs share: from satp's root it reads one PTE per level through the data port,
// checks it as the privileged spec says, and hands back the leaf or a fault; while idle its logic rests (`Gated`). A PTE
// outside RAM, or one PMP refuses to an S-mode read, is an access fault; a bad PTE (invalid, W without R, reserved bits, a pointer with
// A, D or U set, a pointer at level 0, a misaligned superpage) is a page fault.

public struct PageTableWalker: Module {
    public enum State: Int, HardwareEnum { case idle, request, wait, done }

    public var xlen: Int
    public var ramBytes: Int
    public init(xlen: Int, ramBytes: Int) { self.xlen = xlen; self.ramBytes = ramBytes }
    var scheme: PagingScheme { .forXLEN(xlen) }

    public struct IO: Bundle {
        public var start = Input(.bit)              // walk `vpn` (taken when idle)
        public var vpn: Signal
        public var rootPPN: Signal                  // satp.PPN
        public var pmp: PMPEntry
        public var busy = Output(.bit)              // a walk is under way (start is ignored)
        public var reading = Output(.bit)           // ... and owns the data port
        public var memory: MemoryPort               // reads of PTEs, on the data port
        public var done = Output(.bit)              // for one cycle, a cycle after the last PTE came: `entry`, or a fault
        public var entry: TLBEntry
        public var pageFault = Output(.bit)
        public var accessFault = Output(.bit)
        init(xlen: Int, scheme: PagingScheme) {
            vpn = Input(.uint(scheme.vpnWidth)); rootPPN = Input(.uint(scheme.ppnBits)); pmp = Input(PMPEntry(xlen: xlen))
            memory = MemoryPort(xlen: xlen, dataWidth: xlen)
            entry = Output(TLBEntry(scheme: scheme))
        }
    }
    public var io: IO { IO(xlen: xlen, scheme: scheme) }

    public func body(_ io: IO) -> [Statement] {
        let s = scheme, k = s.vpnBits
        let physicalBits = s.ppnBits + 12
        let state = Reg(State.self, reset: .idle)
        let level = Reg(.uint(2))
        let table = Reg(.uint(s.ppnBits))             // the PPN of the table being read
        let vpn = Reg(.uint(s.vpnWidth))
        let leafPTE = Reg(.uint(8 + s.ppnBits))        // the leaf's PPN and bits 7:0, held for `done`
        let pageFaulted = Reg(.bit)
        let accessFaulted = Reg(.bit)

        // A walk starts from idle; the rest of the logic rests until then (its outputs read 0).
        When(state == .idle && io.start) {
            state.next <== .request
            vpn.next <== io.vpn
            table.next <== io.rootPPN
            level.next <== Const(s.levels - 1, .uint(2))
        }
        Gated(state != .idle) {
            // The PTE's address: the table plus this level's VPN field times the PTE size.
            var field: Signal = Const(0, .uint(k))
            for l in 0..<s.levels { field = Mux(level == Const(l, .uint(2)), vpn[(l + 1) * k - 1, l * k], field) }
            let pteAddress = Wire(Cat(table, field, Const(0, .uint(s.pteBytes.trailingZeroBitCount))).zeroExtended(to: physicalBits + 2)
                                  .truncated(to: physicalBits))

            // The PTE, checked.
            let pte = Wire(io.memory.response.bits)
            let bit = { (b: PTEBit) in pte[b.rawValue] }
            let ppn = Wire(pte[PTEBit.ppnShift + s.ppnBits - 1, PTEBit.ppnShift])
            let reserved = Wire(xlen == 64 ? pte[63, PTEBit.sv39ReservedShift].orR() : Const(0, .bit))
            let isLeaf = Wire(bit(.read) || bit(.execute))
            var misaligned: Signal = Const(0, .bit)
            for l in 1..<s.levels { misaligned = misaligned || (level == Const(l, .uint(2)) && ppn[l * k - 1, 0].orR()) }
            let badPTE = Wire(!bit(.valid) || (!bit(.read) && bit(.write)) || reserved)
            let badPointer = Wire(bit(.accessed) || bit(.dirty) || bit(.user) || level == 0)

            // The request, worked out (in one branch) only in `request`: the PTE read, or an access fault
            // when the PTE lies outside RAM or PMP refuses it an S-mode read.
            let request = io.memory.request
            let pmp = Instance(PMPCheck(xlen: xlen))
            pmp.check <== state == .request
            pmp.entry <== io.pmp
            pmp.access <== MemoryAccess.load
            pmp.machine <== 0
            pmp.address <== 0
            request.bits.address <== 0
            let ask = Wire(.uint(2))
            ask <== 0
            When(state == .request) {
                pmp.address <== pteAddress
                request.bits.address <== pteAddress.resized(to: xlen)
                let readable = Cores.inRAM(pteAddress, ramBytes: ramBytes) && pmp.allowed
                ask <== Cat(readable, !readable)
            }
            request.valid <== ask[1]
            request.bits.write <== 0
            request.bits.writeData <== 0
            request.bits.mask <== 0
            let accepted = Wire(request.valid && request.ready)

            // What the PTE says, worked out (in one branch) only in the cycle it comes: arrived, page fault.
            let step = Wire(.uint(2))
            step <== 0
            When((state == .wait || accepted) && io.memory.response.valid) {
                step <== Cat(Const(1, .bit), badPTE || Mux(isLeaf, misaligned, badPointer))
            }
            let arrived = Wire(step[1])
            let pageFault = Wire(step[0])
            let accessFault = Wire(ask[0])

            io.busy <== state != .idle
            io.reading <== state == .request || state == .wait
            io.done <== state == .done
            io.pageFault <== pageFaulted
            io.accessFault <== accessFaulted
            io.entry.valid <== 1
            io.entry.vpn <== vpn
            io.entry.ppn <== leafPTE[8 + s.ppnBits - 1, 8]
            io.entry.level <== level
            io.entry.flags <== leafPTE[7, 0]

            Switch(state) {
                Is(.idle) {}                             // the start from idle is above, outside the gate
                Is(.request) {
                    When(accepted) { state.next <== .wait }
                }
                Is(.wait) {}
                Is(.done) { state.next <== .idle }
            }
            When(accessFault) {
                state.next <== .done
                pageFaulted.next <== 0
                accessFaulted.next <== 1
            }
            When(arrived) {
                state.next <== .done
                leafPTE.next <== Cat(ppn, pte[7, 0])
                pageFaulted.next <== pageFault
                accessFaulted.next <== 0
                When(!pageFault && !isLeaf) {                // a pointer to the next level
                    state.next <== .request
                    level.next <== level - 1
                    table.next <== ppn
                }
            }
        }
    }
}
