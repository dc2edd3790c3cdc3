import Foundation

// The card's storage: a disk-image file read and written in 512-byte blocks. A write goes to the
// file before the card acknowledges it, so a run that stops at any point (a cycle limit, a crash
// of the program) leaves every acknowledged block in the file.

public final class SDImage {
    public static let blockSize = 512
    public let path: String
    public let blocks: Int
    let handle: FileHandle

    /// Opens an existing image for reading and writing. Its size must be a whole number of blocks.
    public init(path: String) throws {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = (attributes[.size] as? NSNumber)?.intValue else {
            throw SDImageError("\(path): no such disk image")
        }
        guard size > 0, size % Self.blockSize == 0 else {
            throw SDImageError("\(path): a disk image is a whole number of 512-byte blocks, this one has \(size) bytes")
        }
        guard let handle = FileHandle(forUpdatingAtPath: path) else {
            throw SDImageError("\(path): the disk image cannot be opened for reading and writing")
        }
        self.path = path
        self.blocks = size / Self.blockSize
        self.handle = handle
    }

    deinit { try? handle.close() }

    public func read(block: Int) throws -> [UInt8] {
        try handle.seek(toOffset: UInt64(block * Self.blockSize))
        let data = try handle.read(upToCount: Self.blockSize) ?? Data()
        guard data.count == Self.blockSize else { throw SDImageError("\(path): block \(block) could not be read") }
        return [UInt8](data)
    }

    public func write(block: Int, _ bytes: [UInt8]) throws {
        precondition(bytes.count == Self.blockSize)
        try handle.seek(toOffset: UInt64(block * Self.blockSize))
        try handle.write(contentsOf: Data(bytes))
    }
}

public struct SDImageError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
