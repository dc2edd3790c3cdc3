import HDL
import Spec

// GlobalMemoryPort: the GPU's one port to RAM, a 32-byte line per cycle (docs/GPU.md rule 5). At
// issue it books slots as the model does: unit u (in unit order) starts at s_u = max(now, memFree)
// plus the lines of the lower units that issue now, and memFree moves past the last. The RAM sees
// booked slot k in cycle k + 1, from the issuing warp's pending op (one per warp: its next issue
// waits for s + n): the lanes on the line of the lowest lane left, stores merged in lane order.

public struct GlobalMemoryPort: Module {
    public var config: GPUConfig
    public init(config: GPUConfig) { self.config = config }
    public var name: String { "GlobalMemoryPort_\(config.moduleTag)" }

    public struct IO: Bundle {
        public var now = Input(.uint(32)), start = Input(.bit)                  // the launch cycle; a launch starts
        public var issues: [MemoryIssue], grants: [Signal]                      // per unit: its op now; its first slot s
        public var memFree = Output(.uint(32)), idle = Output(.bit)             // the first unbooked slot; nothing pending
        public var line = LinePort(), load: RegisterWrite, loadUnit = Output(.uint(8))   // a load's values, for that unit
        init(config: GPUConfig) {
            issues = (0..<config.units).map { _ in Input(MemoryIssue(lanes: config.lanes, warps: config.warps)) }
            grants = (0..<config.units).map { _ in Output(.uint(32)) }
            load = Output(RegisterWrite(lanes: config.lanes, warps: config.warps))
        }
    }
    public var io: IO { IO(config: config) }

    public func body(_ io: IO) -> [Statement] {
        let (W, T, slots) = (config.warps, config.lanes, config.units * config.warps)
        let memFree = Reg(.uint(32))
        io.memFree <== memFree
        var at = Wire(Mux(io.now > memFree, io.now, memFree))
        for (u, issue) in io.issues.enumerated() {
            io.grants[u] <== at
            at = at + Mux(issue.valid, issue.lines.zeroExtended(to: 32), Const(0, .uint(32)))
        }
        When(Cat(io.issues.map(\.valid)).orR()) { memFree.next <== at }
        When(io.start) { memFree.next <== 0 }

        // Pending ops, slot u x W + w: booked from `start`; lanes left; per lane (data, address) in a memory.
        let pending = Regs(slots, .bit), start = Regs(slots, .uint(32)), remaining = Regs(slots, .uint(T))
        let isLoad = Regs(slots, .bit), funct3 = Regs(slots, .uint(3)), rd = Regs(slots, .uint(5))
        let entries = (0..<T).map { Memory(.uint(64), depth: max(slots, 2), named: "pendingLane\($0)") }
        let index = bitsToRepresent(count: slots)
        io.idle <== !Cat(pending).orR()
        Gated(Cat(pending).orR()) {                                         // the service rests while nothing is pending
            let owns = (0..<slots).map { pending[$0] && start[$0] < io.now }    // at most one: bookings do not overlap
            let owner = Wire(pick(owns, (0..<slots).map { Const($0, .uint(index)) }), named: "owner")
            let active = Wire(Cat(owns).orR())
            let left = Wire(remaining[owner]), f3 = Wire(funct3[owner]), loading = Wire(isLoad[owner])
            let address = entries.enumerated().map { Wire($1.read(owner)[31, 0], named: "address\($0)") }, data = entries.map { $0.read(owner)[63, 32] }
            let leader = Wire(left.lowestOne())
            let line = Wire(pick((0..<T).map { leader[$0] }, address.map { $0[31, 5] }))
            let served = Wire(Cat((0..<T).reversed().map { left[$0] && address[$0][31, 5] == line }))
            // The RAM request: the line; a store's words merged from the served lanes, a later lane winning byte by byte.
            var mask = [Signal](), words = [Signal]()
            for j in 0..<8 {
                var (word, bytes) = (Const(0, .uint(32)), Const(0, .uint(4)))
                for l in 0..<T {
                    let (d, m) = storeLane(data[l], address[l][1, 0], f3)
                    let hit = served[l] && address[l][4, 2] == Const(j, .uint(3))
                    let bits = Cat((0..<4).reversed().map { m[$0].replicated(8) })
                    (word, bytes) = (Mux(hit, (word & ~bits) | (d & bits), word), Mux(hit, bytes | m, bytes))
                }
                words.append(word); mask.insert(bytes, at: 0)
            }
            for (port, value) in [(io.line.valid, active), (io.line.write, !loading), (io.line.line, line), (io.line.byteMask, Cat(mask))] { port <== value }
            for j in 0..<8 { io.line.data[j] <== words[j] }
            // A load's values go to the owner's unit's register files.
            io.loadUnit <== pick(owns, (0..<slots).map { Const($0 / W, .uint(8)) })
            io.load.warp <== pick(owns, (0..<slots).map { Const($0 % W, io.load.warp.type) })
            for (port, value) in [(io.load.valid, active && loading && rd[owner] != 0), (io.load.rd, rd[owner]), (io.load.lanes, served)] { port <== value }
            for l in 0..<T { io.load.data[l] <== loadValue(io.line.readData[address[l][4, 2]], address[l][1, 0], f3) }
            When(active) {
                assign(remaining.map(\.next), at: owner, left & ~served)
                When(left == served) { assign(pending.map(\.next), at: owner, Const(0, .bit)) }
            }
        }
        // New ops (after the service: a warp's next op may be booked in its last op's last cycle).
        for (u, issue) in io.issues.enumerated() {
            let slot = Wire((Const(u * W, .uint(8)) + issue.warp.zeroExtended(to: 8)).truncated(to: index))
            When(issue.valid) {
                for (r, v) in [(pending, Const(1, .bit)), (start, io.grants[u]), (remaining, issue.lanes), (isLoad, issue.isLoad),
                               (funct3, issue.funct3), (rd, issue.rd)] { assign(r.map(\.next), at: slot, v) }
                for l in 0..<T { entries[l].write(slot, Cat(issue.data[l], issue.address[l])) }
            }
        }
    }
}
