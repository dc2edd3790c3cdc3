import HDL

// LaneRegisterFile: one lane's 32 registers for each of the unit's W warps (a Memory of W x 32
// words) and a written bit per register: one not written since dispatch reads as the thread's
// start value (sp, a0, else 0, docs/MACHINE.md), so dispatch "zeroes" every register in one cycle.

public struct LaneRegisterFile: Module {
    public var warps: Int
    public init(warps: Int) { self.warps = warps }
    /// Bits of a register address: the warp above the register number (none for one warp).
    var addressBits: Int { warps == 1 ? 5 : bitsToRepresent(count: warps) + 5 }

    public struct IO: Bundle {
        public var rs1: Signal, rs2: Signal, rs1Value = Output(.uint(32)), rs2Value = Output(.uint(32))   // addresses (warp, number)
        public var rd: Signal, rdValue = Output(.uint(32))                // read for gpu.dp4a's accumulator
        public var sp = Input(.uint(32)), arg = Input(.uint(32))          // start values of x2 and x10, for the warp read
        public var write: [Signal], writeRd: [Signal], data: [Signal]    // write ports: issue, multiplier, load, divider (never one register twice)
        public var clear = Input(.bit)                                    // a block is dispatched: nothing is written
        public var active = Input(.bit)                                   // reads wanted (else they read 0)
        init(addressBits: Int) {
            rs1 = Input(.uint(addressBits)); rs2 = Input(.uint(addressBits)); rd = Input(.uint(addressBits))
            write = (0..<4).map { _ in Input(.bit) }; writeRd = (0..<4).map { _ in Input(.uint(addressBits)) }; data = (0..<4).map { _ in Input(.uint(32)) }
        }
    }
    public var io: IO { IO(addressBits: addressBits) }

    public func body(_ io: IO) -> [Statement] {
        let registers = Memory(.uint(32), depth: warps * 32)
        let written = Regs(warps, .uint(32))                              // per warp, bit r: xr was written
        let warp = { (address: Signal) -> Signal in address[self.addressBits - 1, 5] }
        let writtenOf = { (address: Signal) -> Signal in self.warps == 1 ? written[0] : written[warp(address)] }
        Gated(io.active) {
            for (address, value) in [(io.rs1, io.rs1Value), (io.rs2, io.rs2Value), (io.rd, io.rdValue)] {
                let number = address[4, 0]
                let start = Mux(number == 2, io.sp, Mux(number == 10, io.arg, Const(0, .uint(32))))   // x2 = sp, x10 = a0
                value <== Mux((writtenOf(address) >> number)[0], registers.read(address), start)
            }
        }
        for p in 0..<io.write.count { When(io.write[p]) { registers.write(io.writeRd[p], io.data[p]) } }
        for w in 0..<warps {
            let set = (0..<io.write.count).map { p in
                Mux(io.write[p] && (warps == 1 ? Const(1, .bit) : warp(io.writeRd[p]) == Const(w, .uint(addressBits - 5))), Const(1, .uint(32)) << io.writeRd[p][4, 0], Const(0, .uint(32)))
            }
            When(Cat(io.write).orR()) { written[w].next <== set.reduce(written[w]) { $0 | $1 } }
        }
        When(io.clear) { for w in written { w.next <== 0 } }
    }
}
