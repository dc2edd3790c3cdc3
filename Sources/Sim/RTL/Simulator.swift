import HDL

/// The testbench API shared by both backends (the Swift simulator and the Verilator bridge), so one
/// Swift testbench runs on either and the two can be run in lock-step.
///
/// Ports and memories are named as in the Verilog (`count`, `fetch_pc`); memories and registers of
/// child instances by a dotted path (`regfile.mem`, `core.pc`). Values up to 64 bits travel as
/// `UInt64` (zero-extended; read signed values with `Int64(bitPattern:)` after sign extension),
/// wider ones as `BitVector`. Reads always see settled combinational logic.
public protocol Simulator: AnyObject {
    /// The design being simulated.
    var design: Design { get }
    /// Rising clock edges so far.
    var cycle: UInt64 { get }

    /// Sets an input port (the value is truncated to the port's width).
    func poke(_ port: String, _ value: UInt64)
    func poke(_ port: String, _ value: BitVector)
    /// Reads a port (input or output), or a named register by dotted path.
    func peek(_ port: String) -> UInt64
    func peekWide(_ port: String) -> BitVector

    /// Runs `cycles` rising clock edges with the inputs as they are.
    func step(_ cycles: Int)
    /// Runs up to `cycles` edges, stopping after the first edge where any of the `watched` one-bit
    /// ports reads 1. Returns the edges run. Harnesses use it to hand control back to Swift only
    /// when something happens (a UART byte, the end of a test), without a call per cycle.
    func step(_ cycles: Int, untilAnyOf watched: [String]) -> Int
    /// Holds `reset` high for `cycles` edges, then low.
    func reset(cycles: Int)

    /// Back-door access to a memory (`path` as above): words from `address` on.
    func loadMemory(_ path: String, at address: Int, words: [UInt64]) throws
    func readMemory(_ path: String, at address: Int, count: Int) throws -> [UInt64]

    /// The dotted names of every register, for lock-step comparison and traces.
    var registerNames: [String] { get }

    /// Starts writing a VCD waveform of ports and registers to `path` (one sample per edge).
    func startWaveform(_ path: String) throws
    func stopWaveform()

    /// The first misuse of the non-throwing calls (an unknown name, poking an output): recorded and
    /// printed once instead of crashing the testbench; `check()` throws it.
    var firstError: SimulationError? { get }
}

/// Errors of the simulators: unknown names, bad memory ranges, missing libraries.
public struct SimulationError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension Simulator {
    /// Throws the first error recorded by a non-throwing call, if any.
    public func check() throws { if let firstError { throw firstError } }

    public func step() { step(1) }
    public func reset() { reset(cycles: 1) }

    /// Steps until `condition` holds (checked after every edge). Returns the cycles run, or nil when
    /// `maxCycles` pass first.
    @discardableResult
    public func run(until condition: () -> Bool, maxCycles: Int) -> Int? {
        for n in 0..<maxCycles {
            if condition() { return n }
            step(1)
        }
        return condition() ? maxCycles : nil
    }

    public func poke(_ port: String, _ value: Bool) { poke(port, value ? UInt64(1) : 0) }

    // Ports through the design's bundle (from `Elaborator.elaborateWithPorts`): `sim.poke(io.enq.valid, 1)`.
    // The string forms stay for the command line.
    public func poke(_ port: Signal, _ value: UInt64) { poke(Self.portName(port), value) }
    public func poke(_ port: Signal, _ value: Bool) { poke(Self.portName(port), value) }
    public func poke(_ port: Signal, _ value: BitVector) { poke(Self.portName(port), value) }
    public func peek(_ port: Signal) -> UInt64 { peek(Self.portName(port)) }
    public func peekWide(_ port: Signal) -> BitVector { peekWide(Self.portName(port)) }
    public func step(_ cycles: Int, untilAnyOf watched: [Signal]) -> Int {
        step(cycles, untilAnyOf: watched.map(Self.portName))
    }

    /// The Verilog name of a port signal; a signal that is not hardware yet has none, and its
    /// look-up fails like any unknown name (recorded in `firstError`).
    static func portName(_ port: Signal) -> String { port.name ?? "<\(port.description): not a port of an elaborated design>" }
}
