import HDL

/// The integer register file: 32 registers of `xlen` bits in a `Memory`, two asynchronous read ports
/// and one write port. With `zeroRegister`, x0 reads as 0 whatever is written to it (RISC-V). A read in the
/// cycle of a write to the same register sees the old value: the pipeline forwards instead.
public struct RegisterFile: Module {
    public var xlen: Int
    public var zeroRegister: Bool

    public init(xlen: Int, zeroRegister: Bool = true) {
        self.xlen = xlen
        self.zeroRegister = zeroRegister
    }

    public struct ReadPort: Bundle {
        public var address = Input(.uint(5))
        public var data: Signal
        init(xlen: Int) { data = Output(.uint(xlen)) }
    }
    public struct WritePort: Bundle {
        public var enable = Input(.bit)
        public var address = Input(.uint(5))
        public var data: Signal
        init(xlen: Int) { data = Input(.uint(xlen)) }
    }
    public struct IO: Bundle {
        public var read1: ReadPort
        public var read2: ReadPort
        public var write: WritePort
        init(xlen: Int) { read1 = ReadPort(xlen: xlen); read2 = ReadPort(xlen: xlen); write = WritePort(xlen: xlen) }
    }
    public var io: IO { IO(xlen: xlen) }

    public func body(_ io: IO) -> [Statement] {
        let registers = Memory(.uint(xlen), depth: 32)
        for port in [io.read1, io.read2] {
            if zeroRegister {
                // Masked rather than multiplexed: Verilator's C++ then has no branch on the address.
                port.data <== registers.read(port.address) & (port.address != 0).replicated(xlen)
            } else {
                port.data <== registers.read(port.address)
            }
        }
        if zeroRegister {
            // x0 reads as 0 whatever it holds, so the port writes in every cycle: a write that must
            // not land goes to x0. Verilator's C++ then has no branch on the write either.
            registers.write(Mux(io.write.enable, io.write.address, 0), io.write.data)
        } else {
            When(io.write.enable) {
                registers.write(io.write.address, io.write.data)
            }
        }
    }
}
