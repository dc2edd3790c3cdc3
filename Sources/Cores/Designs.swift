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
        Entry(name: "sim_benchmark", summary: "self-stimulating LFSR/ALU/multiplier/FIFO checksum design") { () throws(ElaborationError) in
            try Elaborator.elaborate(SimBenchmark()).renamingTop(to: "sim_benchmark")
        },
    ]

    public static func named(_ name: String) -> Entry? { all.first { $0.name == name } }
}
