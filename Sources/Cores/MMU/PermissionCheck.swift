import HDL
import Spec

// The permission check of a translation, on every access that hits a TLB (the entries keep the
// leaf PTE's bits, so a change of privilege, SUM or MXR needs no flush). Accessed and dirty bits
// follow Svade: a page whose A is clear, or a store to a page whose D is clear, faults, and the
// kernel sets them.

/// What an access does with memory.
public enum MemoryAccess: Int, HardwareEnum, Sendable { case fetch, load, store }

public struct PermissionCheck: Module {
    public init() {}

    public struct IO: Bundle {
        public var flags = Input(.uint(8))          // the leaf PTE's bits 7:0
        public var access = Input(MemoryAccess.hwType)
        public var user = Input(.bit)               // the access is made in U mode (else S)
        public var sum = Input(.bit)                // mstatus.SUM: S may load and store U pages
        public var mxr = Input(.bit)                // mstatus.MXR: loads may read execute-only pages
        public var pageFault = Output(.bit)
    }
    public var io: IO { IO() }

    public func body(_ io: IO) -> [Statement] {
        io.pageFault <== PermissionCheck.pageFault(flags: io.flags, access: io.access, user: io.user, sum: io.sum, mxr: io.mxr)
    }

    /// The check as an expression, for logic that computes it only in a branch (the MMU's translation).
    public static func pageFault(flags: Signal, access: Signal, user: Signal, sum: Signal, mxr: Signal) -> Signal {
        let bit = { (b: PTEBit) in flags[b.rawValue] }
        let isFetch = access == MemoryAccess.fetch
        let isStore = access == MemoryAccess.store
        let readable = bit(.read) || (bit(.execute) && mxr)
        let allowed = Mux(isFetch, bit(.execute), Mux(isStore, bit(.write), readable))
        let privilegeOK = Mux(user, bit(.user), !bit(.user) || (!isFetch && sum))
        let accessedOK = bit(.accessed) && (!isStore || bit(.dirty))
        return !(allowed && privilegeOK && accessedOK)
    }
}
