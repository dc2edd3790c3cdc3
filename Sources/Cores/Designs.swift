import HDL

/// Every top-level design that `hdlgen emit` writes to Generated/, by name.
public enum Designs {
    public struct Entry: Sendable {
        public let name: String
        public let summary: String
        public let elaborate: @Sendable () throws(ElaborationError) -> Design
    }

    public static let all: [Entry] = [
        Entry(name: "counter", summary: "8-bit counter with enable and clear") { () throws(ElaborationError) in
            try Elaborator.elaborate(Counter(width: 8)).renamingTop(to: "counter")
        },
        Entry(name: "fifo", summary: "16-deep, 8-bit synchronous FIFO with ready/valid and count") { () throws(ElaborationError) in
            try Elaborator.elaborate(FIFO(width: 8, depth: 16)).renamingTop(to: "fifo")
        },
        Entry(name: "uart_tx", summary: "UART transmitter, 8N1, 16 clocks per bit") { () throws(ElaborationError) in
            try Elaborator.elaborate(UARTTransmitter(divisor: 16)).renamingTop(to: "uart_tx")
        },
        Entry(name: "uart_rx", summary: "UART receiver, 8N1, 16 clocks per bit, frame error") { () throws(ElaborationError) in
            try Elaborator.elaborate(UARTReceiver(divisor: 16)).renamingTop(to: "uart_rx")
        },
        Entry(name: "regfile32", summary: "32 x 32-bit register file, 2 read ports, 1 write port, x0 = 0") { () throws(ElaborationError) in
            try Elaborator.elaborate(RegisterFile(xlen: 32)).renamingTop(to: "regfile32")
        },
        Entry(name: "regfile64", summary: "32 x 64-bit register file, 2 read ports, 1 write port, x0 = 0") { () throws(ElaborationError) in
            try Elaborator.elaborate(RegisterFile(xlen: 64)).renamingTop(to: "regfile64")
        },
        Entry(name: "alu32", summary: "RV32I ALU with branch compare") { () throws(ElaborationError) in
            try Elaborator.elaborate(ALU(xlen: 32)).renamingTop(to: "alu32")
        },
        Entry(name: "alu64", summary: "RV64I ALU (with *W operations) and branch compare") { () throws(ElaborationError) in
            try Elaborator.elaborate(ALU(xlen: 64)).renamingTop(to: "alu64")
        },
        Entry(name: "mul32", summary: "RV32M multiplier, 1 stage") { () throws(ElaborationError) in
            try Elaborator.elaborate(Multiplier(xlen: 32, latency: 1)).renamingTop(to: "mul32")
        },
        Entry(name: "mul64", summary: "RV64M multiplier (with mulw), 2 stages") { () throws(ElaborationError) in
            try Elaborator.elaborate(Multiplier(xlen: 64, latency: 2)).renamingTop(to: "mul64")
        },
        Entry(name: "sim_benchmark", summary: "self-stimulating LFSR/ALU/multiplier/FIFO checksum design") { () throws(ElaborationError) in
            try Elaborator.elaborate(SimBenchmark()).renamingTop(to: "sim_benchmark")
        },
        Entry(name: "core32", summary: "RV32IM 5-stage core alone (no RAM or devices): for yosys cell counts") { () throws(ElaborationError) in
            try Elaborator.elaborate(Core(xlen: 32)).renamingTop(to: "core32")
        },
        Entry(name: "core64", summary: "RV64IM 5-stage core alone (no RAM or devices): for yosys cell counts") { () throws(ElaborationError) in
            try Elaborator.elaborate(Core(xlen: 64)).renamingTop(to: "core64")
        },
        Entry(name: "soc32", summary: "RV32IM SoC: 5-stage core, 16 MiB RAM, CLINT, UART, test finisher") { () throws(ElaborationError) in
            try Elaborator.elaborate(SoC(xlen: 32)).renamingTop(to: "soc32")
        },
        Entry(name: "soc64", summary: "RV64IM SoC: 5-stage core, 16 MiB RAM, CLINT, UART, test finisher") { () throws(ElaborationError) in
            try Elaborator.elaborate(SoC(xlen: 64)).renamingTop(to: "soc64")
        },
    ]

    public static func named(_ name: String) -> Entry? { all.first { $0.name == name } }
}
