import HDL

/// The integer register file: 32 registers of `xlen` bits in a `Memory`, two asynchronous read ports
/// and one write port. With `zeroRegister`, x0 reads as 0 and ignores writes (RISC-V). A read in the
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
    }
    public struct WritePort: Bundle {
        public var enable = Input(.bit)
        public var address = Input(.uint(5))
        public var data: Signal
    }
    public struct IO: Bundle {
        public var read1: ReadPort
        public var read2: ReadPort
        public var write: WritePort
    }
    public var io: IO {
        IO(read1: ReadPort(data: Output(.uint(xlen))),
           read2: ReadPort(data: Output(.uint(xlen))),
           write: WritePort(data: Input(.uint(xlen))))
    }

    public func body(_ io: IO) -> [Statement] {
        let registers = Memory(.uint(xlen), depth: 32)
        for port in [io.read1, io.read2] {
            if zeroRegister {
                port.data <== Mux(port.address == 0, 0, registers.read(port.address))
            } else {
                port.data <== registers.read(port.address)
            }
        }
        let writing = Wire(zeroRegister ? io.write.enable && io.write.address != 0 : io.write.enable)
        When(writing) {
            registers.write(io.write.address, io.write.data)
        }
    }
}
