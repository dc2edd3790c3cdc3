/// Where in the Swift sources a piece of hardware was described.
/// Every IR node and statement carries one, so errors and the emitted Verilog point back to Swift.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// `Module/File.swift` as given by `#fileID`.
    public let fileID: String
    /// The full path (`#filePath`), used to recover the names of local declarations.
    public let filePath: String
    public let line: Int

    public init(fileID: String, filePath: String, line: Int) {
        self.fileID = fileID
        self.filePath = filePath
        self.line = line
    }

    /// The file name alone, e.g. `ALU.swift`.
    public var fileName: String { String(fileID.split(separator: "/").last ?? Substring(fileID)) }

    /// `ALU.swift:42`, the form used in messages and Verilog comments.
    public var description: String { "\(fileName):\(line)" }

    public static let unknown = SourceLocation(fileID: "<unknown>", filePath: "", line: 0)
}
