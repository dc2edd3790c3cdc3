/// A failure the user can act on: printed by the argument parser as one `Error: ...` line, exit 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
