import HDL
import Spec

// LoadStoreUnit: the issue side of a unit's load or store (docs/GPU.md rule 5): per lane, in lane
// order, misaligned, else in the unit's shared memory, else in RAM, else an access fault. The first
// faulting lane is the error; the lanes before it execute. Shared memory (a memory of T reads and T
// byte-masked writes, later lanes win) is read and written now; the lanes in RAM go to the port with
// the count of their distinct 32-byte lines.

public struct LoadStoreUnit: Module {
    public var config: GPUConfig
    public var ramBytes: Int
    public init(config: GPUConfig, ramBytes: Int) { self.config = config; self.ramBytes = ramBytes }
    public var name: String { "LoadStoreUnit_\(config.moduleTag)_ram\(ramBytes >> 10)k" }

    public struct IO: Bundle {
        public var enable = Input(.bit), isLoad = Input(.bit), funct3 = Input(.uint(3))   // a load or store issues
        public var mask: Signal, address: [Signal], data: [Signal]                       // its lanes; per lane
        public var fault = Output(GPUFault()), exec: Signal, global: Signal              // lanes that execute; those of them in RAM
        public var lines = Output(.uint(6)), loaded: [Signal]                            // distinct lines; shared loads' values
        init(lanes: Int) {
            mask = Input(.uint(lanes)); exec = Output(.uint(lanes)); global = Output(.uint(lanes))
            address = (0..<lanes).map { _ in Input(.uint(32)) }; data = (0..<lanes).map { _ in Input(.uint(32)) }
            loaded = (0..<lanes).map { _ in Output(.uint(32)) }
        }
    }
    public var io: IO { IO(lanes: config.lanes) }

    public func body(_ io: IO) -> [Statement] {
        let T = config.lanes, size = config.sharedMemorySize, sizeBits = size.trailingZeroBitCount
        let a = io.address, f3 = io.funct3
        Gated(io.enable) {                                   // nothing issues: outputs 0, the logic rests
            let misaligned = (0..<T).map { Wire((f3[0] && a[$0][0]) || (f3[1] && a[$0][1, 0] != 0), named: "misaligned\($0)") }
            let shared = (0..<T).map { l in size == 0 ? Const(0, .bit)
                : Wire(a[l][31, sizeBits] == Const(Int(GPUConfig.sharedBase) >> sizeBits, .uint(32 - sizeBits)), named: "shared\(l)") }
            let bad = (0..<T).reversed().map { io.mask[$0] && (misaligned[$0] || (!shared[$0] && !inRAM(a[$0], ramBytes: ramBytes))) }
            let first = Wire(Cat(bad).lowestOne())
            let exec = Wire(Mux(io.enable, io.mask & Mux(first.orR(), first - 1, ~Const(0, .uint(T))), Const(0, .uint(T))))
            let global = Wire(exec & ~Cat(shared.reversed()))
            let wasMisaligned = pick((0..<T).map { first[$0] }, misaligned)
            let cause = Mux(io.isLoad, Mux(wasMisaligned, Const(Int(GPUCause.misalignedLoad), .uint(5)), Const(Int(GPUCause.loadAccess), .uint(5))),
                            Mux(wasMisaligned, Const(Int(GPUCause.misalignedStore), .uint(5)), Const(Int(GPUCause.storeAccess), .uint(5))))
            for (port, value) in [(io.fault.valid, io.enable && first.orR()), (io.fault.cause, cause), (io.fault.pc, Const(0, .uint(32))),
                                  (io.fault.address, pick((0..<T).map { first[$0] }, a)), (io.exec, exec), (io.global, global)] { port <== value }
            // A lane opens a line when no lower lane in RAM is on it.
            io.lines <== Cat((0..<T).reversed().map { l in global[l] && !Cat([Const(0, .bit)] + (0..<l).map { global[$0] && a[$0][31, 5] == a[l][31, 5] }).orR() })
                .popCount().zeroExtended(to: 6)
            if size == 0 {
                for l in 0..<T { io.loaded[l] <== 0 }
            } else {
                let memory = Memory(.uint(32), depth: size / 4, named: "shared")   // writes in lane order: a later lane wins
                for l in 0..<T {
                    let word = a[l][sizeBits - 1, 2]
                    io.loaded[l] <== loadValue(memory.read(word), a[l][1, 0], f3)
                    When(exec[l] && shared[l] && !io.isLoad) {
                        let (d, m) = storeLane(io.data[l], a[l][1, 0], f3)
                        memory.write(word, d, mask: m)
                    }
                }
            }
        }
    }
}
