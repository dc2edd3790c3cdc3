import Runtime

/// The Swift source position of the user code that called into the DSL, found from the call stack.
/// Operators (`+`, `==`, ...) cannot take `#line` default arguments, so when one of them finds an
/// error it asks the stack instead. Only called on errors: symbolication is slow.
func callerLocation() -> SourceLocation {
    guard let trace = try? Backtrace.capture().symbolicated() else { return .unknown }
    for frame in trace.frames {
        guard let source = frame.symbol?.sourceLocation else { continue }
        let path = source.path
        if path.contains("/Sources/HDL/") || path.hasPrefix("/opt/") || path.isEmpty || path.hasPrefix("<") || source.line == 0 { continue }
        if path.contains("/swift/") && !path.contains("/Sources/") && !path.contains("/Tests/") { continue }
        let parts = path.split(separator: "/")
        let fileID = parts.suffix(2).joined(separator: "/")
        return SourceLocation(fileID: fileID, filePath: path, line: source.line)
    }
    return .unknown
}
