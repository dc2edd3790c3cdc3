import HDL
import Spec

// Physical memory protection: whether the PMP entry (Spec's PMP: one entry, 8-byte granules) lets an
// access at one physical address through. A matching entry grants its R, W and X (to M mode only when
// locked); an address no entry matches is allowed in M mode and refused in S and U.

/// The PMP entry, as the CSR file holds it: pmpcfg0[7:0] and pmpaddr0.
public struct PMPEntry: Bundle {
    public var config = Signal(.uint(8))
    public var address: Signal
    public init(xlen: Int) { address = Signal(.uint(PMP.addressBits(xlen: xlen))) }
}

public struct PMPCheck: Module {
    public var xlen: Int
    public init(xlen: Int) { self.xlen = xlen }

    public struct IO: Bundle {
        public var check = Input(.bit)              // an access wants the answer this cycle (else `allowed` is 0)
        public var entry: PMPEntry
        public var address: Signal                  // the physical address (34 bits on RV32, 56 on RV64)
        public var access = Input(MemoryAccess.hwType)
        public var machine = Input(.bit)            // the access is made in M mode
        public var allowed = Output(.bit)
        init(xlen: Int) { entry = Input(PMPEntry(xlen: xlen)); address = Input(.uint(PMP.addressBits(xlen: xlen) + 2)) }
    }
    public var io: IO { IO(xlen: xlen) }

    public func body(_ io: IO) -> [Statement] {
        let bits = PMP.addressBits(xlen: xlen)
        let config = io.entry.config, top = io.entry.address
        let bit = { (b: UInt8) in config[b.trailingZeroBitCount] }
        let word = Wire(io.address[bits + 1, 2])       // the address >> 2, as pmpaddr holds it
        let mode = Wire(config[PMP.modeShift + 1, PMP.modeShift])
        let ignored = Wire(top ^ (top + 1))             // NAPOT: the trailing ones and one more bit
        let tor = Wire(word[bits - 1, 1] < top[bits - 1, 1])
        let napot = Wire(((word ^ top) & ~ignored) == 0)
        let matches = Wire((mode == Const(Int(PMP.Mode.tor.rawValue), .uint(2)) && tor)
                           || (mode == Const(Int(PMP.Mode.napot.rawValue), .uint(2)) && napot))
        let granted = Wire(Mux(io.access == MemoryAccess.fetch, bit(PMP.execute),
                               Mux(io.access == MemoryAccess.store, bit(PMP.write), bit(PMP.read))))
        io.allowed <== 0
        When(io.check) {
            io.allowed <== 1                            // M mode under an unlocked entry: nothing to match
            When(!io.machine || bit(PMP.lock)) { io.allowed <== Mux(matches, granted, io.machine) }
        }
    }
}
