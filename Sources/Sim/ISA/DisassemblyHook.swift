/// Disassembly used in the trace's last column: (instruction, pc, xlen) -> text.
///
/// The ISA module does not depend on the assembler/disassembler; the integrator passes
/// `Disassembler.disassemble` here. Values are passed explicitly (no global mutable hook).
public typealias DisassembleFunction = @Sendable (UInt32, UInt64, Int) -> String

public enum DisassemblyHook {
    /// Fallback that prints the raw word, e.g. `.word 0x00a00513`.
    public static let rawWord: DisassembleFunction = { word, _, _ in
        ".word 0x" + hex(UInt64(word), digits: 8)
    }
}

/// Zero-padded lowercase hex.
@inline(__always)
func hex(_ v: UInt64, digits: Int) -> String {
    let s = String(v, radix: 16)
    return s.count >= digits ? s : String(repeating: "0", count: digits - s.count) + s
}
