// GPUModel: the functional and timed SIMT GPU (C units x W warps x T lanes) that runs one kernel
// launch over the machine's RAM. Each cycle every unit issues at most one warp-instruction,
// round-robin over its ready warps; a warp runs the threads at its MinPC (or deepest-then-MinPC),
// and its scoreboard holds back an instruction until the results it uses are ready. Rules: docs/GPU.md.
import ISA
import Spec
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public final class GPUModel {
    public let config: GPUConfig
    public let memory: MainMemory
    var currentLaunch = GPULaunch(entry: 0)
    /// Record the issue timeline of the first `traceCycles` cycles of each launch (0: none, `.max`:
    /// the whole launch).
    public var traceCycles: UInt64 = 0
    /// Count issues per PC into `pcProfile` (for finding hot spots in kernels; off by default).
    public var profilePCs = false
    public var pcProfile: [UInt32: UInt64] = [:]
    /// Global transactions per PC (with `profilePCs`).
    public var pcTransactions: [UInt32: UInt64] = [:]

    let C: Int, W: Int, T: Int, N: Int
    // Per thread (index (unit * W + warp) * T + lane); registers have a 33rd scratch slot for x0 writes.
    let regs: UnsafeMutablePointer<UInt64>
    let pcs: UnsafeMutablePointer<UInt32>
    let depth: UnsafeMutablePointer<Int32>
    let tstate: UnsafeMutablePointer<UInt8>        // 0 dead, 1 running, 2 waiting at a barrier
    let tidX: UnsafeMutablePointer<UInt32>, tidY: UnsafeMutablePointer<UInt32>
    // Per warp (index unit * W + warp).
    var warpReady: [UInt64], warpLive: [Int], warpWaiting: [Int]
    /// The warp's next PC and call depth (kept up to date after each issue and barrier release).
    var warpPC: [UInt32], warpDepth: [Int32]
    /// Scoreboard: per warp and register (33 slots), the cycle its pending result is ready.
    var registerReady: [UInt64]
    // Per unit.
    var unitLive: [Int], unitWaiting: [Int], roundRobin: [Int], bidX: [UInt32], bidY: [UInt32]
    /// The first cycle at which the unit's divider takes a new div/rem (docs/GPU.md rule 4).
    var divFree: [UInt64]
    let shared: [UnsafeMutableRawPointer]
    // Direct-mapped decode cache, cleared at each launch.
    static let cacheSize = 4096
    var cache: [GPUInstruction]
    var cacheTags: [UInt32]
    // RAM pages written by the GPU: their CPU decode-cache slots are dropped after the launch.
    var dirtyPages: [UInt64]
    // Scratch for one warp-instruction.
    let active: UnsafeMutablePointer<Int>
    let lines: UnsafeMutablePointer<UInt32>

    public init(config: GPUConfig = GPUConfig(), memory: MainMemory) {
        self.config = config
        self.memory = memory
        C = config.units; W = config.warps; T = config.lanes; N = C * W * T
        regs = .allocate(capacity: N * 33); regs.initialize(repeating: 0, count: N * 33)
        pcs = .allocate(capacity: N); pcs.initialize(repeating: 0, count: N)
        depth = .allocate(capacity: N); depth.initialize(repeating: 0, count: N)
        tstate = .allocate(capacity: N); tstate.initialize(repeating: 0, count: N)
        tidX = .allocate(capacity: N); tidX.initialize(repeating: 0, count: N)
        tidY = .allocate(capacity: N); tidY.initialize(repeating: 0, count: N)
        warpReady = Array(repeating: 0, count: C * W)
        warpPC = Array(repeating: 0, count: C * W)
        warpDepth = Array(repeating: 0, count: C * W)
        registerReady = Array(repeating: 0, count: C * W * 33)
        warpLive = Array(repeating: 0, count: C * W)
        warpWaiting = Array(repeating: 0, count: C * W)
        unitLive = Array(repeating: 0, count: C); unitWaiting = Array(repeating: 0, count: C)
        roundRobin = Array(repeating: 0, count: C)
        divFree = Array(repeating: 0, count: C)
        bidX = Array(repeating: 0, count: C); bidY = Array(repeating: 0, count: C)
        shared = (0..<C).map { _ in calloc(max(config.sharedMemorySize, 1) + 8, 1)! }
        cache = Array(repeating: GPUInstruction(word: 0), count: Self.cacheSize)
        cacheTags = Array(repeating: 1, count: Self.cacheSize)
        dirtyPages = Array(repeating: 0, count: Int(memory.size >> 12) / 64 + 1)
        active = .allocate(capacity: T)
        lines = .allocate(capacity: T)
    }

    deinit {
        regs.deallocate(); pcs.deallocate(); depth.deallocate(); tstate.deallocate()
        tidX.deallocate(); tidY.deallocate(); active.deallocate(); lines.deallocate()
        for s in shared { free(s) }
    }

    /// Runs one launch to completion (or to its first error) and returns what happened.
    public func run(_ l: GPULaunch) -> GPUResult {
        var r = runCycles(l)
        r.writtenPages = flushDirtyPages()
        return r
    }

    /// The cycle loop of `run`; the pages it dirtied are left for `flushDirtyPages`.
    func runCycles(_ l: GPULaunch) -> GPUResult {
        var r = GPUResult()
        r.issuedPerUnit = Array(repeating: 0, count: C)
        let threads = UInt64(l.blockX) * UInt64(l.blockY)
        if l.gridX == 0 || l.gridY == 0 || threads == 0 || threads > UInt64(W * T) {
            r.error = GPUError(cause: GPUCause.badLaunch, pc: 0, address: 0)
            return r
        }
        currentLaunch = l
        tstate.update(repeating: 0, count: N)
        for i in 0..<C { unitLive[i] = 0; unitWaiting[i] = 0 }
        for i in 0..<C * W { warpLive[i] = 0; warpWaiting[i] = 0; warpReady[i] = 0 }
        for i in 0..<Self.cacheSize { cacheTags[i] = 1 }
        let totalBlocks = UInt64(l.gridX) * UInt64(l.gridY)
        var nextBlock: UInt64 = 0
        var cycle: UInt64 = 0
        var memFree: UInt64 = 0
        while true {
            if cycle >= config.maxCycles {
                r.error = GPUError(cause: GPUCause.cycleLimit, pc: 0, address: 0)
                r.cycles = cycle
                return r
            }
            var anyBlock = false, issued = false
            for u in 0..<C {
                if unitLive[u] == 0 {
                    guard nextBlock < totalBlocks else { continue }
                    startBlock(u, nextBlock, l, readyAt: cycle + 1)
                    nextBlock += 1
                }
                anyBlock = true
                var chosen = -1
                for i in 1...W {
                    let w = (roundRobin[u] + i) % W, g = u * W + w
                    if warpLive[g] > warpWaiting[g] && earliestIssue(g) <= cycle { chosen = w; break }
                }
                guard chosen >= 0 else { continue }
                roundRobin[u] = chosen
                issued = true
                if let e = issue(u, chosen, cycle, &r, &memFree) {
                    r.error = e
                    r.cycles = cycle + 1
                    return r
                }
            }
            if !anyBlock { break }
            if issued {
                cycle += 1
            } else {
                // Nothing could issue: skip to the first cycle at which some warp is ready.
                var next = UInt64.max
                for g in 0..<C * W where warpLive[g] > warpWaiting[g] { next = min(next, earliestIssue(g)) }
                cycle = next == .max || next <= cycle ? cycle + 1 : min(next, config.maxCycles)
            }
        }
        r.cycles = max(cycle, memFree)   // done once every thread has exited and the port is idle
        return r
    }

    func startBlock(_ u: Int, _ block: UInt64, _ l: GPULaunch, readyAt: UInt64) {
        let bx = Int(l.blockX), nthreads = Int(l.blockX) * Int(l.blockY)
        bidX[u] = UInt32(block % UInt64(l.gridX))
        bidY[u] = UInt32(block / UInt64(l.gridX))
        for w in 0..<W {
            let g = u * W + w
            var live = 0
            for lane in 0..<T {
                let flat = w * T + lane, t = g * T + lane
                guard flat < nthreads else { tstate[t] = 0; continue }
                live += 1
                tstate[t] = 1
                pcs[t] = l.entry
                depth[t] = 0
                let rb = regs + t * 33
                rb.update(repeating: 0, count: 33)
                let gtid = UInt64(block) &* UInt64(nthreads) &+ UInt64(flat)
                let sp = UInt32(truncatingIfNeeded: UInt64(l.stackBase) &+ (gtid &+ 1) &* UInt64(l.stackSize))
                rb[2] = MulDiv.sext32(UInt64(sp))
                rb[10] = MulDiv.sext32(UInt64(l.arg))
                tidX[t] = UInt32(flat % bx)
                tidY[t] = UInt32(flat / bx)
            }
            warpLive[g] = live; warpWaiting[g] = 0; warpReady[g] = readyAt
            warpPC[g] = l.entry; warpDepth[g] = 0
            for i in g * 33..<(g + 1) * 33 { registerReady[i] = 0 }
        }
        unitLive[u] = nthreads; unitWaiting[u] = 0
        roundRobin[u] = W - 1
        divFree[u] = 0   // the RTL abandons a divide still running for the previous block
    }

    func releaseBarrier(_ u: Int) {
        for g in u * W..<(u + 1) * W {
            warpWaiting[g] = 0
            for t in g * T..<(g + 1) * T where tstate[t] == 2 { tstate[t] = 1 }
            selectPC(g)
        }
        unitWaiting[u] = 0
    }

    /// Passes the pages written by the GPU through `MainMemory.write` (which drops the CPU's decode
    /// cache for them), clears the dirty bits and returns the pages' start addresses, ascending.
    func flushDirtyPages() -> [UInt64] {
        var pages: [UInt64] = []
        for (i, word) in dirtyPages.enumerated() where word != 0 {
            for bit in 0..<64 where word & (1 << UInt64(bit)) != 0 {
                let off = (i * 64 + bit) << 12
                let count = min(4096, Int(memory.size) - off)
                if count > 0 {
                    memory.write(UnsafeRawBufferPointer(start: memory.bytes + off, count: count),
                                 at: memory.base + UInt64(off))
                    pages.append(memory.base + UInt64(off))
                }
            }
            dirtyPages[i] = 0
        }
        return pages
    }

    @inline(__always)
    func instruction(at pc: UInt32) -> GPUInstruction {
        let slot = Int(pc >> 2) & (Self.cacheSize - 1)
        if cacheTags[slot] == pc { return cache[slot] }
        let word = memory.bytes.load(fromByteOffset: Int(UInt64(pc) - memory.base), as: UInt32.self)
        let inst = GPUInstruction(word: word)
        cache[slot] = inst
        cacheTags[slot] = pc
        return inst
    }
}
