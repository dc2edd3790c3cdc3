import Spec

// A bare-metal program's command line (Spec's ProgramArguments): the runners write it into the
// ELF's `program_args` array after loading, before the program starts.

extension ProgramArguments {
    /// Where `arguments` go in `elf`'s memory, and their bytes with the terminating NUL.
    public static func placement(_ arguments: String, in elf: ELFFile) throws(ELFError) -> (address: UInt64, bytes: [UInt8]) {
        guard let address = elf.symbol(symbol) else {
            throw ELFError("the program takes no arguments: it has no `\(symbol)` array (Software/lib/args.c defines it)")
        }
        let bytes = Array(arguments.utf8) + [0]
        guard bytes.count <= size else {
            throw ELFError("the arguments are \(bytes.count - 1) bytes long; at most \(size - 1) fit in `\(symbol)`")
        }
        return (address, bytes)
    }
}

extension Machine {
    /// Writes `arguments` into the loaded program's `program_args`.
    public func setArguments(_ arguments: String, of elf: ELFFile) throws(ELFError) {
        let (address, bytes) = try ProgramArguments.placement(arguments, in: elf)
        guard memory.contains(address, length: UInt64(bytes.count)) else { throw ELFError("`program_args` is outside RAM") }
        memory.write(bytes, at: address)
    }
}
