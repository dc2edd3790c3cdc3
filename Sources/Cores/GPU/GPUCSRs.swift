import HDL
import Spec

// GPUCSRs: the lanes' read-only CSRs 0xCC0-0xCCA (Spec's GPUCSR, docs/MACHINE.md) for the warp
// being issued: tid, bid, block and grid dimensions, lane, warp and unit, one value per lane.

public struct GPUCSRs: Module {
    public var lanes: Int, warps: Int
    public init(lanes: Int, warps: Int) { self.lanes = lanes; self.warps = warps }

    public struct IO: Bundle {
        public var index = Input(.uint(4))                                        // the CSR number - 0xCC0
        public var warp: Signal, unit = Input(.uint(8)), bidX = Input(.uint(32)), bidY = Input(.uint(32))
        public var shape = Input(LaunchShape())
        public var tidX: [Signal], tidY: [Signal], value: [Signal]                // per lane of the warp
        init(lanes: Int, warps: Int) {
            warp = Input(.uint(bitsToRepresent(count: warps)))
            tidX = (0..<lanes).map { _ in Input(.uint(bitsToRepresent(count: lanes * warps))) }
            tidY = (0..<lanes).map { _ in Input(.uint(bitsToRepresent(count: lanes * warps))) }
            value = (0..<lanes).map { _ in Output(.uint(32)) }
        }
    }
    public var io: IO { IO(lanes: lanes, warps: warps) }

    public func body(_ io: IO) -> [Statement] {
        for lane in 0..<lanes {
            let values: [GPUCSR: Signal] = [.tidX: io.tidX[lane], .tidY: io.tidY[lane], .bidX: io.bidX, .bidY: io.bidY,
                                            .bdimX: io.shape.blockX, .bdimY: io.shape.blockY, .gdimX: io.shape.gridX,
                                            .gdimY: io.shape.gridY, .lane: Const(lane, .uint(8)), .warp: io.warp, .unit: io.unit]
            let table = (0..<16).map { i in
                GPUCSR(rawValue: GPUCSR.range.lowerBound + UInt16(i)).flatMap { values[$0] }?.zeroExtended(to: 32) ?? Const(0, .uint(32))
            }
            io.value[lane] <== table[io.index]
        }
    }
}
