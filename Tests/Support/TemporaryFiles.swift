import Foundation

// Scratch files for tests: disk images, ELF copies. Each gets a unique name in the temporary folder;
// the test removes it (`defer { removeTemporaryFile(path) }`).

/// A unique path in the temporary folder ending in `name`.
public func temporaryPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)-\(name)").path
}

/// A new file of `bytes` (zeros by default) at a unique temporary path.
public func temporaryFile(_ name: String, bytes: Data) throws -> String {
    let path = temporaryPath(name)
    try bytes.write(to: URL(fileURLWithPath: path))
    return path
}

public func removeTemporaryFile(_ path: String) { try? FileManager.default.removeItem(atPath: path) }
