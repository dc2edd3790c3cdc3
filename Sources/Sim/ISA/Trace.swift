/// Formats `RetirementRecord` records as one-line, Spike-commit-log-like trace lines:
///
///     core   0: M 0x80000004 (0x00a00513) x10 0x0000000a ; addi a0, zero, 10
///     core   0: M 0x80000010 (0x00b52023) mem 0x80001000 0x0000000b ; sw a1, 0(a0)
///     core   0: U 0x00010074 (0x00000073) trap 8 tval 0x00000000 -> 0x80000100 ; ecall
///
/// Fields: privilege letter, PC, raw instruction; then `xN VALUE` when a register is written,
/// `mem ADDR DATA` for loads and stores (data is the loaded or stored value), or
/// `trap CAUSE tval TVAL -> HANDLER` when an exception/interrupt was taken (interrupt causes have
/// the XLEN top bit set); then `; disassembly`. Widths are XLEN/4 hex digits.
public struct TraceFormatter: Sendable {
    public let xlen: Int
    public let disassemble: DisassembleFunction

    public init(xlen: Int, disassemble: @escaping DisassembleFunction = DisassemblyHook.rawWord) {
        self.xlen = xlen
        self.disassemble = disassemble
    }

    public func format(_ r: RetirementRecord) -> String {
        let w = xlen / 4
        let mask: UInt64 = xlen == 32 ? 0xFFFF_FFFF : .max
        var line = "core   0: \(r.privilege) 0x\(hex(r.pc, digits: w)) (0x\(hex(UInt64(r.instruction), digits: 8)))"
        if let t = r.trap {
            let cause = t.isInterrupt ? t.cause | (1 << UInt64(xlen - 1)) : t.cause
            line += " trap \(t.isInterrupt ? "0x" + hex(cause, digits: w) : String(cause)) tval 0x\(hex(t.tval & mask, digits: w)) -> 0x\(hex(r.nextPC, digits: w))"
        } else {
            if let rd = r.rd {
                let name = rd < 10 ? "x\(rd) " : "x\(rd)"
                line += " " + name + " 0x\(hex(r.rdValue & mask, digits: w))"
            }
            if let a = r.memAddress {
                line += " mem 0x\(hex(a & mask, digits: w)) 0x\(hex(r.memData, digits: r.memSize * 2))"
            }
        }
        line += " ; " + disassemble(r.instruction, r.pc, xlen)
        return line
    }
}
