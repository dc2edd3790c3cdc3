import HDL
import Spec

// BlockDispatch: gives the launch's blocks, in flattened order (bid.y x gdim.x + bid.x), to free
// units, lowest unit first (docs/GPU.md rule 1), and keeps the slot table every block shares.

public struct BlockDispatch: Module {
    public var config: GPUConfig
    public init(config: GPUConfig) { self.config = config }
    public var name: String { "BlockDispatch_\(config.moduleTag)" }

    public struct IO: Bundle {
        public var shape = Input(LaunchShape()), stackBase = Input(.uint(32)), stackSize = Input(.uint(32))
        public var start = Input(.bit), running = Input(.bit)               // a launch starts; it runs
        public var free: [Signal], dispatch: [Signal], block: [BlockStart]  // per unit: no block; takes `block` now
        public var blocksLeft = Output(.bit), table: SlotTable
        init(config: GPUConfig) {
            free = (0..<config.units).map { _ in Input(.bit) }
            dispatch = (0..<config.units).map { _ in Output(.bit) }
            block = (0..<config.units).map { _ in Output(BlockStart()) }
            table = Output(SlotTable(slots: config.maxBlockThreads))
        }
    }
    public var io: IO { IO(config: config) }

    public func body(_ io: IO) -> [Statement] {
        let s = io.shape
        let table = Reg(SlotTable(slots: config.maxBlockThreads))
        let stride = Reg(.uint(32))                       // threads x STACK_SIZE: from a block's sp to the next's
        let next = Reg(BlockStart())                      // the next block: its bid, its thread 0's sp
        io.blocksLeft <== next.bidY != s.gridY
        io.table <== table
        Gated(io.running || io.start) {                   // no launch: the logic rests
            var (x, y, sp) = (next.bidX, next.bidY, next.sp)
            for u in 0..<config.units {                       // this cycle's dispatches, unit by unit
                let take = Wire(io.running && io.free[u] && y != s.gridY, named: "take\(u)")
                io.dispatch[u] <== take
                for (port, value) in [(io.block[u].bidX, x), (io.block[u].bidY, y), (io.block[u].sp, sp)] { port <== value }
                let wrap = x + 1 == s.gridX
                (x, y, sp) = (Mux(take, Mux(wrap, 0, x + 1), x), Mux(take && wrap, y + 1, y), Mux(take, sp + stride, sp))
            }
            next.bidX.next <== x
            next.bidY.next <== y
            next.sp.next <== sp
            When(io.start) {
                // Slot i's tid is (i % bdim.x, i / bdim.x), counted from slot 0; a block has it if tid.y < bdim.y.
                var (tx, ty, offset, present) = (Const(0, .uint(32)), Const(0, .uint(32)), Const(0, .uint(32)), [Signal]())
                for i in 0..<config.maxBlockThreads {
                    table.tidX[i].next <== tx.truncated(to: table.tidX[i].width)
                    table.tidY[i].next <== ty.truncated(to: table.tidY[i].width)
                    table.spOffset[i].next <== offset
                    present.insert(ty < s.blockY, at: 0)
                    if i + 1 < config.maxBlockThreads {
                        let wrap = tx + 1 == s.blockX
                        (tx, ty, offset) = (Mux(wrap, 0, tx + 1), Mux(wrap, ty + 1, ty), offset + io.stackSize)
                    }
                }
                table.present.next <== Cat(present)
                stride.next <== ((s.blockX * s.blockY).truncated(to: 32) * io.stackSize).truncated(to: 32)
                next.bidX.next <== 0
                next.bidY.next <== 0
                next.sp.next <== io.stackBase + io.stackSize
            }
        }
    }
}
