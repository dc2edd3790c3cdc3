import HDL

/// Runs two simulators of the same design side by side (e.g. `SwiftSimulator` and
/// `VerilatorSimulator`): every poke and step goes to both, and after every cycle every port and
/// every register both know are compared. The first difference is kept in `firstMismatch`;
/// `check()` and `stepChecked(_:)` throw it. Reads return the first simulator's values.
public final class LockstepSimulator: Simulator {
    /// Where and how the two simulators first disagreed.
    public struct Mismatch: Error, CustomStringConvertible, Sendable {
        public let cycle: UInt64
        public let signal: String
        public let first: BitVector
        public let second: BitVector
        public let firstName: String
        public let secondName: String
        public var description: String {
            "lock-step mismatch at cycle \(cycle) on '\(signal)': \(firstName) = \(first), \(secondName) = \(second)"
        }
        public var error: SimulationError { SimulationError(description) }
    }

    public let a: Simulator
    public let b: Simulator
    public private(set) var firstMismatch: Mismatch?
    /// Signals compared after each cycle: every port, then the registers both simulators name.
    public let comparedSignals: [String]

    public init(_ a: Simulator, _ b: Simulator) {
        self.a = a
        self.b = b
        let top = a.design.topModule
        let registers = Set(b.registerNames)
        comparedSignals = top.ports.map(\.name) + a.registerNames.filter { registers.contains($0) }
    }

    public var design: Design { a.design }
    public var cycle: UInt64 { a.cycle }
    public var registerNames: [String] { a.registerNames.filter { Set(b.registerNames).contains($0) } }

    /// Throws the first mismatch, if any.
    /// The first mismatch, or the first misuse either backend recorded.
    public var firstError: SimulationError? { firstMismatch?.error ?? a.firstError ?? b.firstError }

    public func check() throws { if let firstError { throw firstError } }

    /// Steps `cycles` edges, throwing as soon as the simulators disagree.
    public func stepChecked(_ cycles: Int) throws {
        for _ in 0..<cycles {
            step(1)
            try check()
        }
    }

    /// Compares every compared signal now; records the first difference.
    @discardableResult
    public func compare() -> Mismatch? {
        guard firstMismatch == nil else { return firstMismatch }
        for name in comparedSignals {
            let x = a.peekWide(name), y = b.peekWide(name)
            if x != y {
                firstMismatch = Mismatch(cycle: a.cycle, signal: name, first: x, second: y,
                                         firstName: "\(type(of: a))", secondName: "\(type(of: b))")
                return firstMismatch
            }
        }
        return nil
    }

    public func poke(_ port: String, _ value: UInt64) { a.poke(port, value); b.poke(port, value) }
    public func poke(_ port: String, _ value: BitVector) { a.poke(port, value); b.poke(port, value) }
    public func peek(_ port: String) -> UInt64 { a.peek(port) }
    public func peekWide(_ port: String) -> BitVector { a.peekWide(port) }

    public func step(_ cycles: Int) {
        for _ in 0..<max(cycles, 0) {
            a.step(1)
            b.step(1)
            compare()
        }
    }

    public func step(_ cycles: Int, untilAnyOf watched: [String]) -> Int {
        for n in 0..<max(cycles, 0) {
            step(1)
            if watched.contains(where: { a.peek($0) & 1 == 1 }) { return n + 1 }
        }
        return max(cycles, 0)
    }

    public func reset(cycles: Int) {
        guard design.topModule.isClocked else { step(cycles); return }
        for _ in 0..<max(cycles, 0) {
            a.poke("reset", 1)
            b.poke("reset", 1)
            step(1)
        }
        a.poke("reset", 0)
        b.poke("reset", 0)
    }

    public func loadMemory(_ path: String, at address: Int, words: [UInt64]) throws {
        try a.loadMemory(path, at: address, words: words)
        try b.loadMemory(path, at: address, words: words)
    }

    /// Reads from both; a difference is recorded as a mismatch on `path[address]`.
    public func readMemory(_ path: String, at address: Int, count: Int) throws -> [UInt64] {
        let x = try a.readMemory(path, at: address, count: count)
        let y = try b.readMemory(path, at: address, count: count)
        if firstMismatch == nil, let k = x.indices.first(where: { x[$0] != y[$0] }) {
            firstMismatch = Mismatch(cycle: a.cycle, signal: "\(path)[\(address + k)]",
                                     first: BitVector(width: 64, unsigned: x[k]), second: BitVector(width: 64, unsigned: y[k]),
                                     firstName: "\(type(of: a))", secondName: "\(type(of: b))")
        }
        return x
    }

    /// Writes the first simulator's waveform to `path` and the second's next to it (`name.b.vcd`).
    public func startWaveform(_ path: String) throws {
        try a.startWaveform(path)
        let second = path.hasSuffix(".vcd") ? String(path.dropLast(4)) + ".b.vcd" : path + ".b"
        try b.startWaveform(second)
    }

    public func stopWaveform() { a.stopWaveform(); b.stopWaveform() }
}
