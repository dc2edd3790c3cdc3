#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Destination for bytes the guest prints (UART THR, Linux `write`).
public protocol OutputSink: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer)
    func flush()
}

/// Buffered writer to a file descriptor (stdout/stderr for the CLI).
public final class FileDescriptorSink: OutputSink {
    let fd: Int32
    var buffer: [UInt8] = []
    public init(fd: Int32) { self.fd = fd; buffer.reserveCapacity(8192) }
    deinit { flush() }
    public func write(_ bytes: UnsafeRawBufferPointer) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 4096 || bytes.contains(10) { flush() }
    }
    public func flush() {
        var done = 0
        while done < buffer.count {
            let n = buffer.withUnsafeBytes { p in rawWrite(fd, p.baseAddress! + done, p.count - done) }
            if n <= 0 { break }
            done += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Collects output in memory (tests, co-simulation).
public final class BufferSink: OutputSink {
    public private(set) var bytes: [UInt8] = []
    public init() {}
    public func write(_ b: UnsafeRawBufferPointer) { bytes.append(contentsOf: b) }
    public func flush() {}
    public var string: String { String(decoding: bytes, as: UTF8.self) }
}

@inline(never)
func rawWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, p, n)
    #else
    return Darwin.write(fd, p, n)
    #endif
}
