/// Everything observable about one executed instruction (or trap), produced by `Machine.step()`.
///
/// This is the unit of comparison for RTL co-simulation and the source of `--trace` lines.
public struct RetirementRecord: Sendable, Equatable {
    /// Sequence number: instructions retired + traps taken before this one.
    public var order: UInt64
    public var pc: UInt64
    /// PC after the instruction (the handler address when it trapped).
    public var nextPC: UInt64
    /// Raw instruction bits (0 if the fetch itself faulted).
    public var instruction: UInt32
    /// The exception or interrupt taken instead of retiring, if any.
    public var trap: Trap? = nil
    /// Privilege mode the instruction executed in.
    public var privilege: PrivilegeMode
    /// Destination register written (nil for none / x0).
    public var rd: Int? = nil
    public var rdValue: UInt64 = 0
    /// Virtual address of the load/store, if the instruction accessed memory.
    public var memAddress: UInt64? = nil
    /// Access size in bytes (1, 2, 4, 8); 0 when no access.
    public var memSize: Int = 0
    /// Stored value, or loaded value (zero-extended to the access size).
    public var memData: UInt64 = 0
    public var memIsWrite: Bool = false
    /// The access went to a device, not RAM (its physical address is outside RAM): a load's value
    /// is the device's, which co-simulation takes from the RTL.
    public var memIsDevice: Bool = false

    /// Byte-enable mask of the access relative to its address (e.g. 0b1111 for a word).
    public var memMask: UInt8 { memSize >= 8 ? 0xFF : UInt8((1 << memSize) - 1) }
    /// Cause as written to xcause (interrupt flag folded in by the formatter), nil when retired.
    public var cause: UInt64? { trap?.cause }

    public init(order: UInt64, pc: UInt64, nextPC: UInt64, instruction: UInt32, privilege: PrivilegeMode) {
        self.order = order; self.pc = pc; self.nextPC = nextPC
        self.instruction = instruction; self.privilege = privilege
    }
}
