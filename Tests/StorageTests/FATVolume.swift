import Foundation
import Testing
import TestSupport

// FAT volumes made at test time with Debian's mkfs.fat and mtools: FAT16 or FAT32, as a
// superfloppy or inside an MBR partition, holding the cases a FAT reader gets wrong: a fragmented
// file, subdirectories, a 0-byte file, a file of exactly one cluster, a file of many clusters, a
// long name, a lowercase short name, and a volume label. mtools then says what the volume holds.

struct FATVolume {
    enum Layout: String, CaseIterable, Sendable { case superfloppy, mbr }
    let fat: Int
    let layout: Layout
    let path: String
    let clusterBytes: Int
    /// The partition's first block in the MBR layout (1 MiB in, as partitioning tools put it).
    static let partitionStart = 2048

    /// The image as mtools names it: the file, or the file at the partition's byte offset.
    var mtoolsImage: String { layout == .mbr ? "\(path)@@\(Self.partitionStart * 512)" : path }

    /// The files put on every volume (path on the volume, content); directories are made first.
    static func files(clusterBytes c: Int) -> [(String, [UInt8])] {
        func pattern(_ count: Int, _ seed: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8 &+ seed) } }
        return [
            ("HELLO.TXT", Array("Hello from a FAT volume.\nSecond line.\n".utf8)),
            ("EMPTY.DAT", []),
            ("ONECLUS.BIN", pattern(c, 1)),
            ("BIG.BIN", pattern(24 * c + 100, 2)),
            ("Long File Name.txt", Array("a file with a long name\n".utf8)),
            ("SUB/NOTE.TXT", Array("in a subdirectory\n".utf8)),
            ("SUB/deep/LEAF.TXT", Array("two levels down\n".utf8)),
        ]
    }

    /// Makes a volume at a temporary path (the caller removes it with `removeTemporaryFile`).
    static func make(fat: Int, layout: Layout) throws -> FATVolume {
        let sectorsPerCluster = fat == 16 ? 4 : 1                // FAT32 needs >= 65525 clusters
        let kib = fat == 16 ? 16 * 1024 : 36 * 1024
        let path = temporaryPath("fat\(fat)-\(layout.rawValue).img")
        let volume = FATVolume(fat: fat, layout: layout, path: path, clusterBytes: 512 * sectorsPerCluster)
        let format = ["-F", "\(fat)", "-s", "\(sectorsPerCluster)", "-n", "TESTVOL"]
        switch layout {
        case .superfloppy:
            try volume.run("mkfs.fat", format + ["-C", path, "\(kib)"])
        case .mbr:
            var disk = Data(count: (partitionStart + kib * 2) * 512)
            disk.replaceSubrange(446..<462, with: mbrEntry(type: fat == 16 ? 0x06 : 0x0C, start: partitionStart, count: kib * 2))
            disk[510] = 0x55; disk[511] = 0xAA
            try disk.write(to: URL(fileURLWithPath: path))
            try volume.run("mkfs.fat", format + ["--offset", "\(partitionStart)", path, "\(kib)"])
        }
        let folder = URL(fileURLWithPath: temporaryPath("fat-files"))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func put(_ name: String, _ bytes: [UInt8]) throws {
            let local = folder.appendingPathComponent(UUID().uuidString)
            try Data(bytes).write(to: local)
            try volume.mtools("mcopy", [local.path, "::/\(name)"])
        }
        try volume.mtools("mmd", ["::/SUB"])
        try volume.mtools("mmd", ["::/SUB/deep"])
        // A fragmented file: it fills the hole B.BIN leaves between A.BIN and C.BIN, then goes on.
        try put("A.BIN", Array(repeating: 0xAA, count: 2 * volume.clusterBytes))
        try put("B.BIN", Array(repeating: 0xBB, count: 3 * volume.clusterBytes))
        try put("C.BIN", Array(repeating: 0xCC, count: volume.clusterBytes))
        try volume.mtools("mdel", ["::/B.BIN"])
        if fat == 32 { try volume.forgetNextFreeCluster() }
        try put("FRAG.BIN", (0..<(6 * volume.clusterBytes)).map { UInt8(truncatingIfNeeded: $0 / 512 &+ $0) })
        for (name, bytes) in files(clusterBytes: volume.clusterBytes) { try put(name, bytes) }
        return volume
    }

    /// Sets FAT32's FSInfo "next free cluster" hint to unknown, so that mtools allocates from the
    /// start of the FAT (into a hole) rather than after the last cluster it allocated.
    func forgetNextFreeCluster() throws {
        let file = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        defer { try? file.close() }
        let volumeStart = UInt64(layout == .mbr ? Self.partitionStart * 512 : 0)
        try file.seek(toOffset: volumeStart + 48)
        let info = try file.read(upToCount: 2) ?? Data()
        guard info.count == 2 else { throw VolumeError("\(path): no boot sector") }
        try file.seek(toOffset: volumeStart + (UInt64(info[0]) | UInt64(info[1]) << 8) * 512 + 492)
        try file.write(contentsOf: Data([0xFF, 0xFF, 0xFF, 0xFF]))
    }

    static func mbrEntry(type: UInt8, start: Int, count: Int) -> Data {
        var entry = Data([0x00, 0, 0, 0, type, 0, 0, 0])
        for value in [start, count] { for k in 0..<4 { entry.append(UInt8(truncatingIfNeeded: value >> (8 * k))) } }
        return entry
    }

    @discardableResult
    func run(_ tool: String, _ arguments: [String]) throws -> String {
        guard let found = findTool(tool) else { throw ToolMissing(tool: tool) }
        let result = try runProcess(found, arguments)
        guard result.status == 0 else { throw VolumeError("\(tool) \(arguments.joined(separator: " ")): \(result.output)\(result.errors)") }
        return result.output
    }

    /// Runs an mtools command on this volume (`-i image` first).
    @discardableResult
    func mtools(_ tool: String, _ arguments: [String]) throws -> String {
        try run(tool, ["-i", mtoolsImage] + arguments)
    }

    /// Every path on the volume, as `mdir -/ -a -b` lists them: `/SUB/`, `/SUB/NOTE.TXT`.
    func paths() throws -> [String] {
        try mtools("mdir", ["-/", "-a", "-b", "::/"]).split(separator: "\n").map { String($0.dropFirst(2)) }
    }

    /// A file's bytes, as `mtype` prints them.
    func contents(_ path: String) throws -> [UInt8] {
        guard let mtype = findTool("mtype") else { throw ToolMissing(tool: "mtype") }
        let result = try runProcess(mtype, ["-i", mtoolsImage, "::" + path])
        guard result.status == 0 else { throw VolumeError("mtype \(path): \(result.errors)") }
        return [UInt8](result.stdout)
    }

    /// What `fatls` must print: from mtools' listing and contents.
    func expectedListing() throws -> [String] {
        try paths().map { path in
            if path.hasSuffix("/") { return path }
            let bytes = try contents(path)
            return "\(path) \(bytes.count) \(CRC32.hex(bytes))"
        }
    }

    /// `fsck.fat -n` on the file system (on a copy of the partition in the MBR layout).
    func check() throws -> (clean: Bool, report: String) {
        var target = path
        if layout == .mbr {
            target = temporaryPath("partition.img")
            let disk = try Data(contentsOf: URL(fileURLWithPath: path))
            try disk.subdata(in: Self.partitionStart * 512..<disk.count).write(to: URL(fileURLWithPath: target))
        }
        defer { if target != path { removeTemporaryFile(target) } }
        guard let fsck = findTool("fsck.fat") else { throw ToolMissing(tool: "fsck.fat") }
        let result = try runProcess(fsck, ["-n", target])
        return (result.status == 0, result.output + result.errors)
    }

    /// The cluster runs of a file as mshowfat prints them: `<3-4><9-12>`.
    func clusterRuns(_ path: String) throws -> Int {
        try mtools("mshowfat", ["::" + path]).filter { $0 == "<" }.count
    }
}

struct VolumeError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
