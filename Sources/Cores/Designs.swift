import HDL
import Spec

/// Every top-level design that `hdlgen emit` writes to Generated/, by name.
public enum Designs {
    public struct Entry: Sendable {
        public let name: String
        public let summary: String
        let top: @Sendable () -> any Module

        public init(_ name: String, _ summary: String, top: @escaping @Sendable () -> any Module) {
            self.name = name
            self.summary = summary
            self.top = top
        }

        /// The elaborated design, its top module named after the entry (and so after its file).
        public func elaborate() throws(ElaborationError) -> Design {
            try Elaborator.elaborate(top()).renamingTop(to: name)
        }
    }

    public static let all: [Entry] = [
        Entry("counter", "8-bit counter with enable and clear") { Counter(width: 8) },
        Entry("fifo", "16-deep, 8-bit synchronous FIFO with ready/valid and count") { FIFO(width: 8, depth: 16) },
        Entry("uart_tx", "UART transmitter, 8N1, 16 clocks per bit") { UARTTransmitter(divisor: 16) },
        Entry("uart_rx", "UART receiver, 8N1, 16 clocks per bit, frame error") { UARTReceiver(divisor: 16) },
        Entry("regfile32", "32 x 32-bit register file, 2 read ports, 1 write port, x0 = 0") { RegisterFile(xlen: 32) },
        Entry("regfile64", "32 x 64-bit register file, 2 read ports, 1 write port, x0 = 0") { RegisterFile(xlen: 64) },
        Entry("alu32", "RV32I ALU with branch compare") { ALU(xlen: 32) },
        Entry("alu64", "RV64I ALU (with *W operations) and branch compare") { ALU(xlen: 64) },
        Entry("mul32", "RV32M multiplier, 1 stage") { Multiplier(xlen: 32, latency: 1) },
        Entry("mul64", "RV64M multiplier (with mulw), 2 stages") { Multiplier(xlen: 64, latency: 2) },
        Entry("sd_controller", "SD card controller: SPI master (mode 0), 400 kHz at reset, CS, BUSY") { SDController(xlen: 32) },
        Entry("mmu32", "Sv32 MMU: 16-entry instruction and data TLBs, a shared page-table walker, Svade (the core's, alone)") {
            MMU(xlen: 32, ramBytes: Int(MemoryMap.defaultRAMSize))
        },
        Entry("mmu64", "Sv39 MMU: 16-entry instruction and data TLBs, a shared page-table walker, Svade (the core's, alone)") {
            MMU(xlen: 64, ramBytes: Int(MemoryMap.defaultRAMSize))
        },
        Entry("sim_benchmark", "self-stimulating LFSR/ALU/multiplier/FIFO checksum design") { SimBenchmark() },
        Entry("core32", "RV32IM 5-stage core alone (no RAM or devices): for yosys cell counts") { Core(xlen: 32) },
        Entry("core64", "RV64IM 5-stage core alone (no RAM or devices): for yosys cell counts") { Core(xlen: 64) },
        Entry("gpu", "SIMT GPU alone, 2 units x 4 warps x 8 lanes (MinPC), RV32 bus, fetch and line ports as pins: for yosys cell counts") {
            GPU(config: GPUConfig())
        },
        Entry("gpu_harness", "SIMT GPU, 2 units x 4 warps x 8 lanes (MinPC), with 16 MiB RAM and its launch registers as pins: for tests") {
            GPUHarness(config: GPUConfig())
        },
        Entry("gpu_harness_depth", "the same GPU with the depth-first policy and a 100,000-cycle limit, 16 MiB RAM: for tests") {
            GPUHarness(config: GPUHarness.depthFirst)
        },
        Entry(socName(xlen: 32), "RV32IM SoC: 5-stage core, 16 MiB RAM, CLINT, UART, SD card controller, test finisher, GPU 2 x 4 x 8") { SoC(xlen: 32) },
        Entry(socName(xlen: 64), "RV64IM SoC: 5-stage core, 16 MiB RAM, CLINT, UART, SD card controller, test finisher, GPU 2 x 4 x 8") { SoC(xlen: 64) },
        Entry(socName(xlen: 32, gpu: false), "soc32 without its GPU (its window faults)") { SoC(xlen: 32, gpu: nil) },
        Entry(socName(xlen: 64, gpu: false), "soc64 without its GPU (its window faults)") { SoC(xlen: 64, gpu: nil) },
    ]

    public static func named(_ name: String) -> Entry? { all.first { $0.name == name } }

    /// The name of the default SoC of each XLEN (`SoC(xlen:)`), as `hdlgen sim` runs it; without
    /// `gpu`, of `SoC(xlen:, gpu: nil)`.
    public static func socName(xlen: Int, gpu: Bool = true) -> String { "soc\(xlen)" + (gpu ? "" : "_nogpu") }
}
