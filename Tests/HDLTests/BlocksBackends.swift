import Foundation
import Testing
import TestSupport
import HDL
@testable import RTLSim

// Test support shared by the block, operator and lint tests: the backends a testbench runs on,
// a seeded random source, and an expectation helper that stops after a few mismatches.


/// Runs a testbench on the Swift simulator, on Verilator, and on both in lock-step (which compares
/// them cycle by cycle). `body` gets the simulator and a checker that names the backend.
func onEachBackend(_ design: Design, sourceLocation: Testing.SourceLocation = #_sourceLocation,
                   _ body: (any Simulator, Checker) throws -> Void) throws {
    let swift = try SwiftSimulator(design: design)
    try body(swift, Checker("swift", sourceLocation))
    try swift.check()       // a misspelt port name reads as 0: it must fail the test
    guard requireTools("verilator", sourceLocation: sourceLocation) else { return }
    let verilator = try VerilatorSimulator(design: design)
    try body(verilator, Checker("verilator", sourceLocation))
    try verilator.check()
    let lockstep = LockstepSimulator(try SwiftSimulator(design: design), try VerilatorSimulator(design: design))
    try body(lockstep, Checker("lockstep", sourceLocation))
    if let mismatch = lockstep.firstMismatch {
        Issue.record("\(mismatch)", sourceLocation: sourceLocation)
    }
}

/// Compares values with a reference, naming the backend; reports the first few mismatches only,
/// so a broken block gives a readable failure rather than ten thousand.
final class Checker {
    let backend: String
    let sourceLocation: Testing.SourceLocation
    private(set) var mismatches = 0

    init(_ backend: String, _ sourceLocation: Testing.SourceLocation) {
        self.backend = backend
        self.sourceLocation = sourceLocation
    }

    @discardableResult
    func equal<T: Equatable>(_ got: T, _ expected: T, _ what: @autoclosure () -> String) -> Bool {
        if got == expected { return true }
        mismatches += 1
        if mismatches <= 5 {
            Issue.record("[\(backend)] \(what()): got \(show(got)), expected \(show(expected))", sourceLocation: sourceLocation)
        }
        return false
    }

    private func show<T>(_ value: T) -> String {
        if let v = value as? UInt64 { return "0x" + String(v, radix: 16) }
        return "\(value)"
    }
}

/// The shared seeded generator (TestSupport's SplitMix64), with the stimulus helpers blocks need.
typealias SeededGenerator = SeededRNG

extension SeededRNG {
    /// A random value of `bits` bits, one time in four a corner case (0, 1, all ones, the sign bit,
    /// the largest positive value).
    mutating func value(bits: Int) -> UInt64 {
        let mask: UInt64 = bits >= 64 ? ~0 : (1 << UInt64(bits)) - 1
        if next() % 4 == 0 {
            let corners: [UInt64] = [0, 1, mask, 1 << UInt64(bits - 1), mask >> 1, mask - 1]
            return corners[Int(next() % UInt64(corners.count))] & mask
        }
        return next() & mask
    }

    mutating func bool(_ probability: Double = 0.5) -> Bool {
        Double(next() >> 11) / Double(1 << 53) < probability
    }
}

/// The low `bits` bits of `value`.
func masked(_ value: UInt64, _ bits: Int) -> UInt64 { bits >= 64 ? value : value & ((1 << UInt64(bits)) - 1) }

/// `value` of `bits` bits, sign-extended to 64 bits.
func signExtend(_ value: UInt64, from bits: Int) -> UInt64 {
    bits >= 64 ? value : UInt64(bitPattern: Int64(bitPattern: value << UInt64(64 - bits)) >> Int64(64 - bits))
}
