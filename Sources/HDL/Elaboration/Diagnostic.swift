/// One finding of elaboration: where it is, what is wrong, and how to fix it.
public struct Diagnostic: Sendable, CustomStringConvertible, Hashable {
    public enum Severity: String, Sendable { case error, warning }
    public enum Kind: String, Sendable {
        case widthMismatch = "width mismatch"
        case truncation = "silent truncation"
        case undriven = "undriven signal"
        case partiallyDriven = "not driven on every path"
        case multipleDrivers = "multiple drivers"
        case combinationalLoop = "combinational loop"
        case wrongDirection = "wrong direction"
        case unknownPort = "unknown port"
        case unconnectedInput = "unconnected input"
        case unusedInput = "unused input"
        case foreignSignal = "signal from another module"
        case invalid = "invalid description"
        case unnamed = "unnamed declaration"
    }

    public let severity: Severity
    public let kind: Kind
    public let location: SourceLocation
    /// What is wrong, naming the signals involved.
    public let message: String
    /// How to fix it.
    public let fix: String

    public init(_ severity: Severity = .error, _ kind: Kind, at location: SourceLocation, _ message: String, fix: String) {
        self.severity = severity
        self.kind = kind
        self.location = location
        self.message = message
        self.fix = fix
    }

    /// `ALU.swift:42: error: width mismatch: 'sum' is 33 bits, 'result' is 32 bits; use .truncated(to: 32)`
    public var description: String {
        "\(location): \(severity.rawValue): \(kind.rawValue): \(message); \(fix)"
    }
}

/// Thrown when elaboration finds errors; lists every error found, in source order.
public struct ElaborationError: Error, CustomStringConvertible, Sendable {
    public let diagnostics: [Diagnostic]
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
