import Testing
import HDL
import Cores
import Spec
import TestSupport
@testable import ISA
@testable import RTLSim

// The MMU (TLBs, walker, permission checks) against the ISA model's translation, on both backends
// and in lock-step: random Sv32/Sv39 page tables (pointers, leaves and superpages with random
// permissions, A/D bits, reserved bits and misalignment, PTEs outside RAM) and random accesses
// (fetch, load, store; U or S; SUM, MXR; non-canonical addresses). Each access must give the
// model's physical address or its exact fault (page or access; a physical address outside RAM
// and the devices, where the model's bus faults, is an access fault). Both follow Svade.

/// Random page tables in a RAM of `ramBytes`, and the ISA model seeing the same RAM.
struct PageTableWorld {
    let xlen: Int
    let scheme: PagingScheme
    static let ramBytes = 16 << 20
    let machine: Machine
    var rng: SeededRNG
    var tablePages: [UInt64] = []       // the physical pages that hold tables
    let rootPPN: UInt64

    init(xlen: Int, seed: UInt64) {
        self.xlen = xlen
        scheme = .forXLEN(xlen)
        machine = Machine(xlen: xlen, ramSize: UInt64(Self.ramBytes), console: BufferSink())
        rng = SeededRNG(seed: seed)
        let firstPage = MemoryMap.ramBase >> 12
        tablePages = (0..<12).map { firstPage + 16 + UInt64($0) }
        rootPPN = tablePages[0]
        for (i, page) in tablePages.enumerated() {
            for index in 0..<(4096 / scheme.pteBytes) {
                writePTE(page: page, index: index, randomPTE(level: i == 0 ? scheme.levels - 1 : Int(rng.next() % UInt64(scheme.levels - 1))))
            }
        }
    }

    mutating func randomPTE(level: Int) -> UInt64 {
        let roll = rng.next() % 100
        var flags = rng.next() & 0xFF
        var ppn: UInt64
        let ramPages = UInt64(Self.ramBytes >> 12), firstPage = MemoryMap.ramBase >> 12
        switch roll {
        case 0..<8: flags &= ~PTEBit.valid.mask                                   // invalid
        case 8..<40:                                                              // a pointer
            flags = PTEBit.valid.mask | (rng.next() % 8 == 0 ? rng.next() & 0xD0 : 0)
            ppn = tablePages[1 + Int(rng.next() % UInt64(tablePages.count - 1))]
            if rng.next() % 16 == 0 { ppn = rng.next() % 8 == 0 ? 0x1000 : firstPage + ramPages + rng.next() % 64 }  // outside RAM
            return ppn << UInt64(PTEBit.ppnShift) | flags
        default:                                                                  // a leaf (mostly)
            flags |= PTEBit.valid.mask
            if rng.next() % 6 != 0 { flags |= PTEBit.accessed.mask }
            if rng.next() % 2 == 0 { flags |= PTEBit.read.mask }
        }
        ppn = firstPage + rng.next() % ramPages
        if level > 0 && rng.next() % 4 != 0 { ppn &= ~((1 << UInt64(level * scheme.vpnBits)) - 1) }     // aligned superpage
        if rng.next() % 8 == 0 { ppn = rng.next() & ((1 << UInt64(scheme.ppnBits)) - 1) }                // anywhere
        var pte = ppn << UInt64(PTEBit.ppnShift) | flags
        if xlen == 64 && rng.next() % 20 == 0 { pte |= 1 << UInt64(PTEBit.sv39ReservedShift + Int(rng.next() % 10)) }
        return pte
    }

    func writePTE(page: UInt64, index: Int, _ pte: UInt64) {
        let bytes = (0..<scheme.pteBytes).map { UInt8(truncatingIfNeeded: pte >> UInt64(8 * $0)) }
        _ = machine.memory.write(bytes, at: page << 12 + UInt64(index * scheme.pteBytes))
    }

    /// A virtual address whose walk visits the tables (sometimes not canonical on Sv39).
    mutating func randomVA() -> UInt64 {
        var va = rng.next() & ((1 << UInt64(scheme.virtualBits)) - 1)
        // Half the time near the start of a superpage, whose base is often RAM's: inside RAM.
        if rng.next() % 2 == 0 { va &= ~(UInt64(0x3FF) << 20) }
        if xlen == 64 {
            if va >> 38 & 1 == 1 { va |= ~((1 << 39) - 1) }                     // sign-extend: canonical
            if rng.next() % 16 == 0 { va ^= 1 << UInt64(39 + rng.next() % 25) } // ... or not
        }
        return va
    }

    /// A PMP entry (pmpcfg0[7:0], pmpaddr0): half the time everything R W X, else a TOR or NAPOT
    /// region (4 KiB to 8 MiB) somewhere in RAM with random permissions, which PTE reads meet too.
    mutating func randomPMP() -> (config: UInt8, address: UInt64) {
        let everything = PMP.addressMask(xlen: xlen)
        if rng.next() % 2 == 0 { return (PMP.read | PMP.write | PMP.execute | PMP.Mode.napot.rawValue << PMP.modeShift, everything) }
        let permissions = UInt8(rng.next() % 8), word = (MemoryMap.ramBase + rng.next() % UInt64(Self.ramBytes)) >> 2
        if rng.next() % 2 == 0 { return (PMP.configAfterWriting(permissions | PMP.Mode.tor.rawValue << PMP.modeShift), word) }
        let ones = 9 + rng.next() % 12
        let address = word & ~((1 << (ones + 1)) - 1) | ((1 << ones) - 1)
        return (PMP.configAfterWriting(permissions | PMP.Mode.napot.rawValue << PMP.modeShift), address)
    }

    /// The model's answer: the physical address, or the trap's cause.
    func modelTranslate(_ va: UInt64, _ access: AccessType, user: Bool, sum: Bool, mxr: Bool) -> Result<UInt64, Trap> {
        let state = machine.state
        state.pointee.satp = scheme.mode << UInt64(PagingScheme.satpModeShift(xlen: xlen)) | rootPPN
        state.pointee.privilege = user ? .user : .supervisor
        state.pointee.mstatus = (sum ? MStatus.sum : 0) | (mxr ? MStatus.mxr : 0)
        machine.hart.tlb.flush()
        do throws(Trap) { return .success(try machine.hart.translate(va, access: access)) } catch { return .failure(error) }
    }

    func word(at address: UInt64) -> UInt64 {
        let bytes = machine.memory.read(address, count: xlen / 8) ?? []
        return bytes.enumerated().reduce(0) { $0 | UInt64($1.element) << UInt64(8 * $1.offset) }
    }
}

@Suite struct MMUTests {
    /// No value of the RV64 MMU is wider than 64 bits: an Sv39 TLB entry (82 bits) is kept as a tag
    /// and a data word, and a port's packed answer carries a 56-bit physical address. A wider value
    /// takes the Swift simulator's slow general path in every cycle (it once made soc64 3.7 times slower).
    @Test func noValueWiderThan64Bits() throws {
        let design = try Elaborator.elaborate(MMU(xlen: 64, ramBytes: PageTableWorld.ramBytes))
        for module in design.modules {
            for node in module.nodes where node.width > 64 {
                Issue.record("\(module.name): \(node.name ?? "an unnamed value") is \(node.width) bits (\(node.location))")
            }
        }
    }

    @Test(arguments: [32, 64]) func translatesAsTheISAModel(xlen: Int) throws {
        let mmu = try Elaborator.elaborateWithPorts(MMU(xlen: xlen, ramBytes: PageTableWorld.ramBytes, tlbEntries: 8))
        let io = mmu.ports
        try onEachBackend(mmu.design) { sim, check in
            var world = PageTableWorld(xlen: xlen, seed: 0x5EED + UInt64(xlen))
            sim.reset()
            sim.poke(io.rootPPN, world.rootPPN)
            sim.poke(io.walk.request.ready, 1)
            var outcomes: [String: Int] = [:]
            for n in 0..<2000 {
                let va = world.randomVA()
                let access = [AccessType.fetch, .load, .store][Int(world.rng.next() % 3)]
                let user = world.rng.next() % 2 == 0, sum = world.rng.next() % 2 == 0, mxr = world.rng.next() % 2 == 0
                let port = access == .fetch ? io.fetch : io.data
                if n % 100 == 0 {
                    let pmp = world.randomPMP()
                    sim.poke(io.pmp.config, UInt64(pmp.config))
                    sim.poke(io.pmp.address, pmp.address)
                    world.machine.state.pointee.pmpConfig = pmp.config
                    world.machine.state.pointee.pmpAddress = pmp.address
                }
                sim.poke(port.machine, 0)
                sim.poke(io.sum, sum)
                sim.poke(io.mxr, mxr)
                sim.poke(io.flush, n % 200 == 199 || n % 100 == 0)     // PMP changes come with sfence.vma (spec)
                sim.poke(port.valid, 1)
                sim.poke(port.va, va)
                sim.poke(port.access, UInt64(access.rawValue))
                sim.poke(port.translate, 1)
                sim.poke(port.user, user)
                var cycles = 0
                while true {
                    // Zero-wait memory for the walker, as in the SoC.
                    let reading = sim.peek(io.walk.request.valid) == 1
                    sim.poke(io.walk.response.valid, reading)
                    sim.poke(io.walk.response.bits, reading ? world.word(at: sim.peek(io.walk.request.bits.address)) : 0)
                    if sim.peek(port.done) == 1 || cycles == 40 { break }
                    sim.step()
                    sim.poke(io.flush, 0)
                    cycles += 1
                }
                let got: String
                if sim.peek(port.done) == 0 { got = "no answer in 40 cycles" }
                else if sim.peek(port.pageFault) == 1 { got = "page fault" }
                else if sim.peek(port.accessFault) == 1 { got = "access fault" }
                else { got = "pa 0x" + String(sim.peek(port.pa), radix: 16) }
                let expected: String
                switch world.modelTranslate(va, access, user: user, sum: sum, mxr: mxr) {
                case .success(let pa):
                    // Outside RAM (and, for loads and stores, the SoC's devices) nothing answers.
                    let inRAM = pa >= MemoryMap.ramBase && pa - MemoryMap.ramBase < UInt64(PageTableWorld.ramBytes)
                    let inDevice = access != .fetch && MemoryMap.socDevices().contains { $0.contains(pa) }
                    expected = inRAM || inDevice ? "pa 0x" + String(pa, radix: 16) : "access fault"
                case .failure(let trap):
                    expected = trap.cause == access.pageFault.rawValue ? "page fault" : trap.cause == access.accessFault.rawValue ? "access fault" : "cause \(trap.cause)"
                }
                outcomes[expected.hasPrefix("pa 0x") ? "translated" : expected, default: 0] += 1
                let pmp = "PMP 0x\(String(world.machine.state.pointee.pmpConfig, radix: 16)) 0x\(String(world.machine.state.pointee.pmpAddress, radix: 16))"
                check.equal(got, expected, "\(access) of 0x\(String(va, radix: 16)) as \(user ? "U" : "S")\(sum ? " SUM" : "")\(mxr ? " MXR" : ""), \(pmp)")
                sim.poke(port.valid, 0)
                sim.step()
            }
            // The random tables must reach every outcome, or the comparison proves little.
            for (outcome, least) in [("translated", 100), ("page fault", 100), ("access fault", 15)] {
                check.equal((outcomes[outcome] ?? 0) >= least, true, "\(outcome) happened at least \(least) times (\(outcomes))")
            }
        }
    }
}
