/// Problems with an ELF file; `description` is a one-line message naming the problem.
public struct ELFError: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String
    public init(_ message: String) { description = message }
}

/// A loadable segment of an ELF executable.
public struct ELFSegment: Sendable {
    public var virtualAddress: UInt64
    public var physicalAddress: UInt64
    public var data: [UInt8]
    public var memorySize: UInt64
    public var flags: UInt32
}

/// A parsed, validated ELF32/ELF64 little-endian RISC-V executable.
///
/// Parsing bounds-checks every header and table, so malformed input yields an `ELFError`, never
/// a trap.
public struct ELFFile: Sendable {
    public var xlen: Int
    public var entry: UInt64
    public var segments: [ELFSegment]
    /// Symbol name -> value, from .symtab (empty when the file is stripped).
    public var symbols: [String: UInt64]

    public func symbol(_ name: String) -> UInt64? { symbols[name] }

    /// Highest end address of any segment (initial program break for user mode).
    public var endAddress: UInt64 {
        segments.map { $0.virtualAddress &+ $0.memorySize }.max() ?? 0
    }

    public init(bytes: [UInt8]) throws(ELFError) {
        let f = bytes
        func u(_ off: UInt64, _ n: Int) throws(ELFError) -> UInt64 {
            guard off <= UInt64(f.count), UInt64(n) <= UInt64(f.count) - off else {
                throw ELFError("truncated ELF file (needs \(n) bytes at offset \(off), file has \(f.count))")
            }
            var v: UInt64 = 0
            for i in 0..<n { v |= UInt64(f[Int(off) + i]) << (8 * UInt64(i)) }
            return v
        }
        guard f.count >= 16 else { throw ELFError("truncated ELF file (\(f.count) bytes, no ELF identification)") }
        guard f[0] == 0x7F, f[1] == 0x45, f[2] == 0x4C, f[3] == 0x46 else { throw ELFError("not an ELF file (bad magic)") }
        guard f[4] == 1 || f[4] == 2 else { throw ELFError("unsupported ELF class \(f[4]) (expected ELF32 or ELF64)") }
        let is64 = f[4] == 2
        guard f[5] == 1 else {
            throw ELFError(f[5] == 2 ? "big-endian ELF is not supported (RISC-V is little-endian)" : "invalid ELF data encoding \(f[5])")
        }
        let ehsize = is64 ? 64 : 52
        guard f.count >= ehsize else { throw ELFError("truncated ELF file (header needs \(ehsize) bytes, file has \(f.count))") }
        let type = try u(16, 2)
        let machine = try u(18, 2)
        guard machine == 243 else { throw ELFError("wrong ELF machine \(machine) (expected RISC-V, 243)") }
        guard type == 2 else { throw ELFError("ELF type \(type) is not an executable (ET_EXEC)") }
        xlen = is64 ? 64 : 32
        entry = is64 ? try u(24, 8) : try u(24, 4)
        let phoff = is64 ? try u(32, 8) : try u(28, 4)
        let shoff = is64 ? try u(40, 8) : try u(32, 4)
        let phentsize = try u(is64 ? 54 : 42, 2)
        let phnum = try u(is64 ? 56 : 44, 2)
        let shentsize = try u(is64 ? 58 : 46, 2)
        let shnum = try u(is64 ? 60 : 48, 2)
        let wantPh: UInt64 = is64 ? 56 : 32
        guard phnum > 0 else { throw ELFError("ELF file has no program headers") }
        guard phentsize == wantPh else { throw ELFError("bad program header entry size \(phentsize)") }
        guard phoff <= UInt64(f.count), phnum * phentsize <= UInt64(f.count) - phoff else {
            throw ELFError("truncated ELF file (program headers extend past end of file)")
        }
        var segs: [ELFSegment] = []
        for i in 0..<phnum {
            let p = phoff + i * phentsize
            guard try u(p, 4) == 1 else { continue }   // PT_LOAD only
            let flags = UInt32(try u(p + (is64 ? 4 : 24), 4))
            let off = is64 ? try u(p + 8, 8) : try u(p + 4, 4)
            let vaddr = is64 ? try u(p + 16, 8) : try u(p + 8, 4)
            let paddr = is64 ? try u(p + 24, 8) : try u(p + 12, 4)
            let filesz = is64 ? try u(p + 32, 8) : try u(p + 16, 4)
            let memsz = is64 ? try u(p + 40, 8) : try u(p + 20, 4)
            guard filesz <= memsz else { throw ELFError("segment \(i): file size \(filesz) exceeds memory size \(memsz)") }
            guard off <= UInt64(f.count), filesz <= UInt64(f.count) - off else {
                throw ELFError("truncated ELF file (segment \(i) data extends past end of file)")
            }
            guard vaddr &+ memsz >= vaddr, paddr &+ memsz >= paddr else {
                throw ELFError("segment \(i) wraps around the address space")
            }
            guard memsz <= 1 << 32 else { throw ELFError("segment \(i) is too large (\(memsz) bytes)") }
            segs.append(ELFSegment(virtualAddress: vaddr, physicalAddress: paddr,
                                   data: Array(f[Int(off)..<Int(off + filesz)]), memorySize: memsz, flags: flags))
        }
        guard !segs.isEmpty else { throw ELFError("ELF file has no loadable (PT_LOAD) segments") }
        let sorted = segs.filter { $0.memorySize > 0 }.sorted { $0.physicalAddress < $1.physicalAddress }
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.physicalAddress + a.memorySize > b.physicalAddress {
            throw ELFError("overlapping segments at 0x\(hex(a.physicalAddress, digits: 8)) and 0x\(hex(b.physicalAddress, digits: 8))")
        }
        segments = segs
        symbols = [:]
        // Symbol table (optional): bounds-checked; a broken section table is an error.
        guard shoff != 0, shnum != 0 else { return }
        let wantSh: UInt64 = is64 ? 64 : 40
        guard shentsize == wantSh else { throw ELFError("bad section header entry size \(shentsize)") }
        guard shoff <= UInt64(f.count), shnum * shentsize <= UInt64(f.count) - shoff else {
            throw ELFError("truncated ELF file (section headers extend past end of file)")
        }
        func section(_ i: UInt64) throws(ELFError) -> (type: UInt64, off: UInt64, size: UInt64, link: UInt64, entsize: UInt64) {
            let h = shoff + i * shentsize
            let type = try u(h + 4, 4)
            let off = is64 ? try u(h + 24, 8) : try u(h + 16, 4)
            let size = is64 ? try u(h + 32, 8) : try u(h + 20, 4)
            let link = try u(h + (is64 ? 40 : 24), 4)
            let entsize = is64 ? try u(h + 56, 8) : try u(h + 36, 4)
            return (type, off, size, link, entsize)
        }
        for i in 0..<shnum {
            let sh = try section(i)
            guard sh.type == 2 else { continue }   // SHT_SYMTAB
            guard sh.link < shnum else { throw ELFError("symbol table links to missing string table \(sh.link)") }
            let strtab = try section(sh.link)
            guard strtab.off <= UInt64(f.count), strtab.size <= UInt64(f.count) - strtab.off else {
                throw ELFError("truncated ELF file (string table extends past end of file)")
            }
            let entsize: UInt64 = is64 ? 24 : 16
            guard sh.off <= UInt64(f.count), sh.size <= UInt64(f.count) - sh.off else {
                throw ELFError("truncated ELF file (symbol table extends past end of file)")
            }
            let count = sh.size / entsize
            for k in 0..<count {
                let e = sh.off + k * entsize
                let nameOff = try u(e, 4)
                let value = is64 ? try u(e + 8, 8) : try u(e + 4, 4)
                guard nameOff < strtab.size else { continue }
                var end = Int(strtab.off + nameOff)
                let limit = Int(strtab.off + strtab.size)
                let start = end
                while end < limit && f[end] != 0 { end += 1 }
                guard end > start else { continue }
                let name = String(decoding: f[start..<end], as: UTF8.self)
                if symbols[name] == nil { symbols[name] = value }
            }
        }
    }

    /// Reads and parses a file from disk.
    public init(path: String) throws(ELFError) {
        guard let data = readWholeFile(path) else { throw ELFError("cannot read '\(path)'") }
        try self.init(bytes: data)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func readWholeFile(_ path: String) -> [UInt8]? {
    guard let fp = fopen(path, "rb") else { return nil }
    defer { fclose(fp) }
    var out: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = buf.withUnsafeMutableBytes { fread($0.baseAddress, 1, 65536, fp) }
        if n > 0 { out.append(contentsOf: buf[0..<n]) }
        if n < 65536 { break }
    }
    return ferror(fp) != 0 ? nil : out
}
