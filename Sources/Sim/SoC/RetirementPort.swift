import ISA
import Spec
import RTLSim

/// Reads the core's RVFI-like retirement port (`retire_valid`, `retire_bits_pc`, ...) from a
/// simulator and turns a record into the ISA model's `RetirementRecord`, so RTL traces print in the ISA
/// model's format and the two can be compared field by field.
struct RetirementPort {
    let sim: Simulator
    let xlen: Int

    var valid: Bool { sim.peek("retire_valid") & 1 == 1 }

    func field(_ name: String) -> UInt64 { sim.peek("retire_bits_" + name) }

    /// The record on the port now (call when `valid`).
    func record() -> RetirementRecord {
        let mode = PrivilegeMode(rawValue: UInt8(field("mode"))) ?? .machine
        var r = RetirementRecord(order: field("order"), pc: field("pc"), nextPC: field("next_pc"),
                           instruction: UInt32(truncatingIfNeeded: field("instruction")), privilege: mode)
        if field("trap") & 1 == 1 {
            let cause = field("cause")
            let interruptBit: UInt64 = 1 << UInt64(xlen - 1)
            r.trap = cause & interruptBit != 0 ? Trap(interrupt: cause & ~interruptBit)
                                               : Trap(ExceptionCause(rawValue: cause) ?? .illegalInstruction)
            if cause & interruptBit == 0, ExceptionCause(rawValue: cause) == nil { r.trap?.cause = cause }
            return r
        }
        let rd = Int(field("rd"))
        if rd != 0 { r.rd = rd; r.rdValue = field("rd_value") }
        let readMask = field("mem_read_mask"), writeMask = field("mem_write_mask")
        if readMask | writeMask != 0 {
            let mask = readMask | writeMask
            let address = field("mem_address")
            let lane = UInt64(mask.trailingZeroBitCount)
            let size = mask.nonzeroBitCount
            let data = field(writeMask != 0 ? "mem_write_data" : "mem_read_data") >> (8 * lane)
            r.memAddress = address
            r.memSize = size
            r.memData = size >= 8 ? data : data & ((1 << UInt64(8 * size)) - 1)
            r.memIsWrite = writeMask != 0
        }
        return r
    }
}
