import Spec

/// RISC-V privilege modes (encoding as in mstatus.MPP).
public enum PrivilegeMode: UInt8, Sendable, CustomStringConvertible {
    case user = 0, supervisor = 1, machine = 3
    public var description: String { ["U", "S", "?", "M"][Int(rawValue)] }
}

/// A synchronous exception or interrupt being raised. Thrown with typed throws through the
/// executor so trapping costs no allocation.
public struct Trap: Error, Sendable, Equatable {
    public var cause: UInt64
    public var tval: UInt64
    public var isInterrupt: Bool
    public init(_ cause: ExceptionCause, tval: UInt64 = 0) {
        self.cause = cause.rawValue; self.tval = tval; self.isInterrupt = false
    }
    public init(interrupt: UInt64) { cause = interrupt; tval = 0; isInterrupt = true }
}

/// mstatus bit positions used by the model.
enum MStatus {
    static let sie: UInt64 = 1 << 1, mie: UInt64 = 1 << 3, spie: UInt64 = 1 << 5, mpie: UInt64 = 1 << 7
    static let spp: UInt64 = 1 << 8, mppShift: UInt64 = 11, mpp: UInt64 = 3 << 11
    static let mprv: UInt64 = 1 << 17, sum: UInt64 = 1 << 18, mxr: UInt64 = 1 << 19
    static let tvm: UInt64 = 1 << 20, tw: UInt64 = 1 << 21, tsr: UInt64 = 1 << 22
    static let writable: UInt64 = sie | mie | spie | mpie | spp | mpp | mprv | sum | mxr | tvm | tw | tsr
    static let sstatusMask: UInt64 = sie | spie | spp | sum | mxr | (3 << 32)
    static let uxlSxl64: UInt64 = (2 << 32) | (2 << 34)
}
