// GPUExecute: issuing one warp-instruction. Picks the warp's PC (MinPC, or deepest call depth
// first), executes it on exactly the threads at that PC with the ISA model's `IntegerExecute`,
// does the loads/stores (shared memory or coalesced global transactions), and sets the warp's
// next-issue cycle from the timing rules in docs/GPU.md.
import ISA
import Spec

extension GPUModel {
    /// Issues one instruction of warp `w` of unit `u` in `cycle`; returns the launch error, if any.
    func issue(_ u: Int, _ w: Int, _ cycle: UInt64, _ r: inout GPUResult, _ memFree: inout UInt64) -> GPUError? {
        let g = u * W + w, t0 = g * T
        let pc = warpPC[g], bestDepth = warpDepth[g]
        let byDepth = config.policy == .depthThenMinPC
        var n = 0
        for t in t0..<t0 + T where tstate[t] == 1 && pcs[t] == pc && (!byDepth || depth[t] == bestDepth) {
            active[n] = t; n += 1
        }
        r.warpInstructions += 1
        r.threadInstructions += UInt64(n)
        r.issuedPerUnit[u] += 1
        if cycle < traceCycles {
            var mask: UInt64 = 0
            for i in 0..<n { mask |= 1 << UInt64(active[i] - t0) }   // lanes >= 64 shift out: no bit
            r.timeline.append(GPUIssue(cycle: cycle, unit: u, warp: w, pc: pc, mask: mask, active: n))
        }
        if profilePCs { pcProfile[pc, default: 0] += 1 }
        if pc & 3 != 0 { return GPUError(cause: GPUCause.misalignedFetch, pc: pc, address: pc) }
        guard memory.contains(UInt64(pc), length: 4) else {
            return GPUError(cause: GPUCause.fetchAccess, pc: pc, address: pc)
        }
        let inst = instruction(at: pc)
        let d = inst.d
        let rs1 = Int(d.rs1), rs2 = Int(d.rs2), rd = Int(d.rd)
        let next = pc &+ 4
        var latency = config.aluLatency
        warpReady[g] = cycle + 1
        defer { selectPC(g) }
        switch inst.kind {
        case .alu, .mul, .div:
            for i in 0..<n {
                let rb = regs + active[i] * 33
                rb[rd] = IntegerExecute.alu(d, rb[rs1], rb[rs2]) ?? 0
                pcs[active[i]] = next
            }
            if inst.kind == .mul { latency = config.mulLatency }
            if inst.kind == .div {
                latency = config.divLatency
                divFree[u] = cycle + UInt64(config.divLatency)
            }
        case .auipc:
            let v = MulDiv.sext32(UInt64(pc &+ UInt32(bitPattern: d.imm)))
            for i in 0..<n { regs[active[i] * 33 + rd] = v; pcs[active[i]] = next }
        case .branch:
            let target = pc &+ UInt32(bitPattern: d.imm)
            for i in 0..<n {
                let rb = regs + active[i] * 33
                pcs[active[i]] = IntegerExecute.branchTaken(d.op, rb[rs1], rb[rs2]) == true ? target : next
            }
        case .jal:
            let target = pc &+ UInt32(bitPattern: d.imm)
            let link = MulDiv.sext32(UInt64(next))
            for i in 0..<n {
                let t = active[i]
                regs[t * 33 + rd] = link
                pcs[t] = target
                if rd == 1 { depth[t] += 1 }
            }
        case .jalr:
            let link = MulDiv.sext32(UInt64(next))
            for i in 0..<n {
                let t = active[i], rb = regs + t * 33
                let target = UInt32(truncatingIfNeeded: rb[rs1] &+ UInt64(bitPattern: Int64(d.imm))) & ~1
                rb[rd] = link
                pcs[t] = target
                if rd == 1 { depth[t] += 1 } else if rd == 32 && rs1 == 1 { depth[t] -= 1 }
            }
        case .load, .store:
            let size = UInt32(inst.size)
            let sharedSize = UInt32(config.sharedMemorySize)
            let isLoad = inst.kind == .load
            var nLines = 0
            let s = shared[u]
            for i in 0..<n {
                let t = active[i], rb = regs + t * 33
                let addr = UInt32(truncatingIfNeeded: rb[rs1] &+ UInt64(bitPattern: Int64(d.imm)))
                if addr & (size - 1) != 0 {
                    return GPUError(cause: isLoad ? GPUCause.misalignedLoad : GPUCause.misalignedStore, pc: pc, address: addr)
                }
                let p: UnsafeMutableRawPointer
                let sharedOff = addr &- GPUConfig.sharedBase
                if addr >= GPUConfig.sharedBase && sharedOff < sharedSize && size <= sharedSize - sharedOff {
                    p = s + Int(sharedOff)
                } else if memory.contains(UInt64(addr), length: UInt64(size)) {
                    let off = Int(UInt64(addr) - memory.base)
                    p = memory.bytes + off
                    let line = addr >> 5
                    var seen = false
                    for j in 0..<nLines where lines[j] == line { seen = true; break }
                    if !seen { lines[nLines] = line; nLines += 1 }
                    if !isLoad { dirtyPages[off >> 18] |= 1 << UInt64((off >> 12) & 63) }
                } else {
                    return GPUError(cause: isLoad ? GPUCause.loadAccess : GPUCause.storeAccess, pc: pc, address: addr)
                }
                if isLoad {
                    let v: UInt64
                    switch (size, inst.signed) {
                    case (1, true): v = UInt64(bitPattern: Int64(p.load(as: Int8.self)))
                    case (1, false): v = UInt64(p.load(as: UInt8.self))
                    case (2, true): v = UInt64(bitPattern: Int64(p.load(as: Int16.self)))
                    case (2, false): v = UInt64(p.load(as: UInt16.self))
                    default: v = UInt64(bitPattern: Int64(p.load(as: Int32.self)))
                    }
                    rb[rd] = v
                } else {
                    let v = rb[rs2]
                    switch size {
                    case 1: p.storeBytes(of: UInt8(truncatingIfNeeded: v), as: UInt8.self)
                    case 2: p.storeBytes(of: UInt16(truncatingIfNeeded: v), as: UInt16.self)
                    default: p.storeBytes(of: UInt32(truncatingIfNeeded: v), as: UInt32.self)
                    }
                }
                pcs[t] = next
            }
            if nLines > 0 {
                let start = max(cycle, memFree)
                memFree = start + UInt64(nLines)
                r.transactions += UInt64(nLines)
                if profilePCs { pcTransactions[pc, default: 0] += UInt64(nLines) }
                // The warp's next issue waits until the port has taken every transaction; a load's
                // destination is ready globalLatency cycles after its last transaction.
                warpReady[g] = start + UInt64(nLines)
                if isLoad && rd != 32 { registerReady[g * 33 + rd] = start + UInt64(nLines) - 1 + UInt64(config.globalLatency) }
                return nil
            }
            r.sharedAccesses += 1
            latency = config.sharedLatency
        case .csr:
            let csr = GPUCSR(rawValue: UInt16(truncatingIfNeeded: d.imm)) ?? .unit   // decode checked the range
            for i in 0..<n {
                let t = active[i]
                let v: UInt32
                switch csr {
                case .tidX: v = tidX[t]
                case .tidY: v = tidY[t]
                case .bidX: v = bidX[u]
                case .bidY: v = bidY[u]
                case .bdimX: v = currentLaunch.blockX
                case .bdimY: v = currentLaunch.blockY
                case .gdimX: v = currentLaunch.gridX
                case .gdimY: v = currentLaunch.gridY
                case .lane: v = UInt32(t % T)
                case .warp: v = UInt32(w)
                case .unit: v = UInt32(u)
                }
                regs[t * 33 + rd] = MulDiv.sext32(UInt64(v))
                pcs[t] = next
            }
        case .nop:
            for i in 0..<n { pcs[active[i]] = next }
        case .dp4a:
            let acc = Int(d.imm)   // the raw rd field: the accumulator input (x0 reads 0)
            for i in 0..<n {
                let rb = regs + active[i] * 33
                let v = dp4a(UInt32(truncatingIfNeeded: rb[acc]), UInt32(truncatingIfNeeded: rb[rs1]),
                             UInt32(truncatingIfNeeded: rb[rs2]))
                rb[rd] = MulDiv.sext32(UInt64(v))
                pcs[active[i]] = next
            }
            r.dp4aOps += UInt64(n)
        case .bar:
            for i in 0..<n { let t = active[i]; pcs[t] = next; tstate[t] = 2 }
            warpWaiting[g] += n
            unitWaiting[u] += n
            if unitWaiting[u] == unitLive[u] { releaseBarrier(u) }
        case .exit:
            for i in 0..<n { tstate[active[i]] = 0 }
            warpLive[g] -= n
            unitLive[u] -= n
            if unitLive[u] > 0 && unitWaiting[u] == unitLive[u] { releaseBarrier(u) }
        case .illegal:
            return GPUError(cause: GPUCause.illegalInstruction, pc: pc, address: inst.raw)
        }
        if rd != 32 { registerReady[g * 33 + rd] = cycle + UInt64(latency) }
        return nil
    }

    /// Chooses the warp's next PC (and call depth): MinPC, or the deepest threads' MinPC.
    func selectPC(_ g: Int) {
        var best = UInt32.max, bestDepth = Int32.min
        let byDepth = config.policy == .depthThenMinPC
        for t in g * T..<(g + 1) * T where tstate[t] == 1 {
            if byDepth {
                if depth[t] > bestDepth || (depth[t] == bestDepth && pcs[t] < best) { best = pcs[t]; bestDepth = depth[t] }
            } else if pcs[t] < best {
                best = pcs[t]
            }
        }
        warpPC[g] = best
        warpDepth[g] = bestDepth
    }

    /// First cycle at which warp g's next instruction may issue: the warp's own limit, its
    /// scoreboard, and for div/rem the unit's divider (docs/GPU.md rules 2 and 4).
    func earliestIssue(_ g: Int) -> UInt64 {
        var at = warpReady[g]
        let pc = warpPC[g]
        guard pc & 3 == 0, memory.contains(UInt64(pc), length: 4) else { return at }   // faults at issue
        let inst = instruction(at: pc)
        guard inst.kind != .illegal else { return at }   // faults at issue, without reading registers
        if inst.kind == .div { at = max(at, divFree[g / W]) }
        let base = g * 33
        at = max(at, registerReady[base + Int(inst.d.rs1)], registerReady[base + Int(inst.d.rs2)],
                 registerReady[base + Int(inst.d.rd)])
        if inst.kind == .dp4a { at = max(at, registerReady[base + Int(inst.d.imm)]) }
        return at
    }
}
