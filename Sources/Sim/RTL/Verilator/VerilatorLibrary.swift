#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HDL

/// A loaded Verilator shim library (`dlopen`) with its C functions bound by `dlsym`.
/// Refuses a library whose `design_hash()` differs from the Verilog the design emits now.
final class VerilatorLibrary {
    typealias Model = UnsafeMutableRawPointer
    let path: String
    let handle: UnsafeMutableRawPointer

    let designHash: @convention(c) () -> UnsafePointer<CChar>?
    let portCount: @convention(c) () -> Int32
    let portName: @convention(c) (Int32) -> UnsafePointer<CChar>?
    let portWidth: @convention(c) (Int32) -> Int32
    let create: @convention(c) () -> Model?
    let free: @convention(c) (Model?) -> Void
    let poke: @convention(c) (Model?, Int32, UnsafePointer<UInt64>?) -> Void
    let peek: @convention(c) (Model?, Int32, UnsafeMutablePointer<UInt64>?) -> Void
    let eval: @convention(c) (Model?) -> Void
    let step: @convention(c) (Model?, UInt64) -> Void
    let stepUntil: @convention(c) (Model?, UInt64, UnsafePointer<Int32>?, Int32) -> UInt64
    let signal: @convention(c) (Model?, UnsafePointer<CChar>?) -> Int32
    let signalWidth: @convention(c) (Model?, Int32) -> Int32
    let signalDepth: @convention(c) (Model?, Int32) -> Int32
    let signalRead: @convention(c) (Model?, Int32, UInt64, UnsafeMutablePointer<UInt64>?) -> Int32
    let signalWrite: @convention(c) (Model?, Int32, UInt64, UnsafePointer<UInt64>?) -> Int32
    let traceOpen: @convention(c) (Model?, UnsafePointer<CChar>?) -> Int32
    let traceClose: @convention(c) (Model?) -> Void

    /// Loads `path` and checks it was built from `expectedHash`; `rebuild` names the command that
    /// rebuilds it, for the error message.
    init(path: String, expectedHash: String, top: String, rebuild: String) throws {
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "unknown error"
            throw SimulationError("cannot load the Verilator library \(path) (\(reason)); run \(rebuild)")
        }
        self.path = path
        self.handle = handle
        func bind<T>(_ name: String, _ type: T.Type) throws -> T {
            guard let symbol = dlsym(handle, name) else {
                dlclose(handle)
                throw SimulationError("\(path) has no '\(name)'; it was not built by Scripts/verilate.sh; run \(rebuild)")
            }
            return unsafeBitCast(symbol, to: type)
        }
        designHash = try bind("design_hash", (@convention(c) () -> UnsafePointer<CChar>?).self)
        let built = designHash().map { String(cString: $0) } ?? "?"
        guard built == expectedHash else {
            dlclose(handle)
            throw SimulationError("stale Verilator library \(path): built from Verilog \(built), but '\(top)' now emits \(expectedHash); run \(rebuild)")
        }
        portCount = try bind("hdl_port_count", (@convention(c) () -> Int32).self)
        portName = try bind("hdl_port_name", (@convention(c) (Int32) -> UnsafePointer<CChar>?).self)
        portWidth = try bind("hdl_port_width", (@convention(c) (Int32) -> Int32).self)
        create = try bind("hdl_create", (@convention(c) () -> Model?).self)
        free = try bind("hdl_free", (@convention(c) (Model?) -> Void).self)
        poke = try bind("hdl_poke", (@convention(c) (Model?, Int32, UnsafePointer<UInt64>?) -> Void).self)
        peek = try bind("hdl_peek", (@convention(c) (Model?, Int32, UnsafeMutablePointer<UInt64>?) -> Void).self)
        eval = try bind("hdl_eval", (@convention(c) (Model?) -> Void).self)
        step = try bind("hdl_step", (@convention(c) (Model?, UInt64) -> Void).self)
        stepUntil = try bind("hdl_step_until", (@convention(c) (Model?, UInt64, UnsafePointer<Int32>?, Int32) -> UInt64).self)
        signal = try bind("hdl_signal", (@convention(c) (Model?, UnsafePointer<CChar>?) -> Int32).self)
        signalWidth = try bind("hdl_signal_width", (@convention(c) (Model?, Int32) -> Int32).self)
        signalDepth = try bind("hdl_signal_depth", (@convention(c) (Model?, Int32) -> Int32).self)
        signalRead = try bind("hdl_signal_read", (@convention(c) (Model?, Int32, UInt64, UnsafeMutablePointer<UInt64>?) -> Int32).self)
        signalWrite = try bind("hdl_signal_write", (@convention(c) (Model?, Int32, UInt64, UnsafePointer<UInt64>?) -> Int32).self)
        traceOpen = try bind("hdl_trace_open", (@convention(c) (Model?, UnsafePointer<CChar>?) -> Int32).self)
        traceClose = try bind("hdl_trace_close", (@convention(c) (Model?) -> Void).self)
    }

    /// The port names and widths the library was built with, in shim order.
    var ports: [(name: String, width: Int)] {
        (0..<portCount()).map { i in (portName(i).map { String(cString: $0) } ?? "?", Int(portWidth(i))) }
    }

    deinit { dlclose(handle) }
}
