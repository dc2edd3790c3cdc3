import Cores
import HDL
import ISA
import RTLSim
import Spec

/// Reads the core's RVFI-like retirement port (the SoC's `retire`, a `Valid<RetirementBundle>`)
/// from a simulator and turns a record into the ISA model's `RetirementRecord`, so RTL traces
/// print in the ISA model's format and the two can be compared field by field.
struct RetirementPort {
    let sim: Simulator
    let port: Valid<RetirementBundle>
    let xlen: Int

    var valid: Bool { sim.peek(port.valid) & 1 == 1 }

    func field(_ signal: Signal) -> UInt64 { sim.peek(signal) }

    /// The record on the port now (call when `valid`).
    func record() -> RetirementRecord {
        let bits = port.bits
        let mode = PrivilegeMode(rawValue: UInt8(field(bits.mode))) ?? .machine
        var r = RetirementRecord(order: field(bits.order), pc: field(bits.pc), nextPC: field(bits.nextPC),
                                 instruction: UInt32(truncatingIfNeeded: field(bits.instruction)), privilege: mode)
        if field(bits.trap) & 1 == 1 {
            let cause = field(bits.cause)
            let interruptBit: UInt64 = 1 << UInt64(xlen - 1)
            r.trap = cause & interruptBit != 0 ? Trap(interrupt: cause & ~interruptBit)
                                               : Trap(ExceptionCause(rawValue: cause) ?? .illegalInstruction)
            if cause & interruptBit == 0, ExceptionCause(rawValue: cause) == nil { r.trap?.cause = cause }
            r.trap?.tval = field(bits.tval)
            return r
        }
        let rd = Int(field(bits.rd))
        if rd != 0 { r.rd = rd; r.rdValue = field(bits.rdValue) }
        let readMask = field(bits.memReadMask), writeMask = field(bits.memWriteMask)
        if readMask | writeMask != 0 {
            let mask = readMask | writeMask
            let address = field(bits.memAddress)
            let lane = UInt64(mask.trailingZeroBitCount)
            let size = mask.nonzeroBitCount
            let data = field(writeMask != 0 ? bits.memWriteData : bits.memReadData) >> (8 * lane)
            r.memAddress = address
            r.memSize = size
            r.memData = size >= 8 ? data : data & ((1 << UInt64(8 * size)) - 1)
            r.memIsWrite = writeMask != 0
        }
        return r
    }
}
