import HDL

// ErrorCapture: the first fault of a cycle in unit order. A unit issues only when no lower unit
// faults in the same cycle (the model stops at the first), and that fault is the launch's error.

public struct ErrorCapture: Module {
    public var units: Int
    public init(units: Int) { self.units = units }

    public struct IO: Bundle {
        public var faults: [GPUFault], issueEnable: [Signal], fault = Output(GPUFault())   // per unit; the first
        init(units: Int) { faults = (0..<units).map { _ in Input(GPUFault()) }; issueEnable = (0..<units).map { _ in Output(.bit) } }
    }
    public var io: IO { IO(units: units) }

    public func body(_ io: IO) -> [Statement] {
        for u in 0..<units { io.issueEnable[u] <== !Cat([Const(0, .bit)] + io.faults[..<u].map(\.valid)).orR() }
        io.fault <== io.faults[units - 1]
        for u in (0..<units - 1).reversed() { When(io.faults[u].valid) { io.fault <== io.faults[u] } }
    }
}
