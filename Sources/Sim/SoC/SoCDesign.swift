import Cores
import HDL

/// A SoC configuration elaborated with its ports, for `SoCRunner`: the runner reads the UART, the
/// finisher, the retirement port and the counters through `ports`, so a renamed port is a
/// compile error rather than a failed look-up at run time.
/// Unchecked Sendable: nothing in it changes once elaborated (the port signals are only read).
public struct SoCDesign: @unchecked Sendable {
    public let soc: SoC
    public let design: Design
    public let ports: SoC.IO

    /// Elaborates `soc`; with `name`, the top module is renamed (as `hdlgen emit` names it, e.g.
    /// `soc32`, which is how a prebuilt Verilator library is found).
    public init(_ soc: SoC, name: String? = nil) throws(ElaborationError) {
        let elaborated = try Elaborator.elaborateWithPorts(soc)
        self.soc = soc
        self.design = name.map { elaborated.design.renamingTop(to: $0) } ?? elaborated.design
        self.ports = elaborated.ports
    }
}
