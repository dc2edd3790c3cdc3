/// Where in the Swift sources a piece of hardware was described.
/// Every IR node and statement carries one, so errors and the emitted Verilog point back to Swift.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// `Module/File.swift` as given by `#fileID`.
    public let fileID: String
    /// The full path (`#filePath`), used to recover the names of local declarations.
    public let filePath: String
    public let line: Int
    /// The column of the call (`#column`), where known: it tells which declaration of a line such
    /// as `let a = Wire(x), b = Wire(y)` a call belongs to. 0 when unknown.
    public let column: Int

    public init(fileID: String, filePath: String, line: Int, column: Int = 0) {
        self.fileID = fileID
        self.filePath = filePath
        self.line = line
        self.column = column
    }

    /// The file name alone, e.g. `ALU.swift`.
    public var fileName: String { String(fileID.split(separator: "/").last ?? Substring(fileID)) }

    /// `ALU.swift:42`, the form used in messages and Verilog comments.
    public var description: String { "\(fileName):\(line)" }

    public static let unknown = SourceLocation(fileID: "<unknown>", filePath: "", line: 0)
}
