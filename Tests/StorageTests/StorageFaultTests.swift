import Foundation
import Testing
import TestSupport
import SDCard

// Every way the card or the volume can be wrong ends with one clear line, a non-zero exit, no hang
// (each run has an instruction limit) and the image unchanged: no card, a card that never becomes
// ready, data CRC errors, write errors, a read past the end of the card, a corrupt boot sector,
// a corrupt FAT. Version-1 and byte-addressed cards work.

@Suite(.serialized) struct StorageFaultTests {
    /// Runs `program` against `volume` (with `edit` applied to the image first) and checks the
    /// outcome: `message` printed, exit `code`, and the image exactly as it was before the run.
    func expectFailure(_ program: String, _ arguments: String = "", on volume: FATVolume, kind: SDCardModel.Kind = .sdhc,
                       fault: SDCardModel.Fault = .none, emptySlot: Bool = false, message: String, code: Int32,
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try Data(contentsOf: URL(fileURLWithPath: volume.path))
        let run = try StoragePrograms.run(program, arguments, card: emptySlot ? nil : try card(volume, kind: kind, fault: fault),
                                          on: .isa, maxInstructions: 100_000_000)
        #expect(run.exitCode == code, "\(program) \(arguments): \(run)", sourceLocation: sourceLocation)
        #expect(run.output.hasSuffix(message + "\n"), "\(program) \(arguments): \(run)", sourceLocation: sourceLocation)
        #expect(try Data(contentsOf: URL(fileURLWithPath: volume.path)) == before, "the image is unchanged", sourceLocation: sourceLocation)
    }

    /// Patches `bytes` into the image at `offset`.
    func patch(_ volume: FATVolume, at offset: Int, _ bytes: [UInt8]) throws {
        let file = try FileHandle(forUpdating: URL(fileURLWithPath: volume.path))
        defer { try? file.close() }
        try file.seek(toOffset: UInt64(offset))
        try file.write(contentsOf: Data(bytes))
    }

    /// A little-endian field of the boot sector.
    func bootField(_ volume: FATVolume, _ offset: Int, _ size: Int) throws -> Int {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: volume.path)).prefix(512))
        return (0..<size).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
    }

    @Test func cardFaults() throws {
        guard requireTools("mkfs.fat", "mcopy", "mtype"), requireAvailable(StoragePrograms.built, "the storage programs") else { return }
        let volume = try FATVolume.make(fat: 16, layout: .superfloppy)
        defer { removeTemporaryFile(volume.path) }
        try expectFailure("fatls", on: volume, emptySlot: true, message: "sd: no card (no response to CMD0)", code: 2)
        try expectFailure("fatls", on: volume, fault: .noCard, message: "sd: no card (no response to CMD0)", code: 2)
        try expectFailure("fatls", on: volume, fault: .neverReady, message: "sd: card never became ready (ACMD41 time-out)", code: 2)
        try expectFailure("cat", "/BIG.BIN", on: volume, fault: .dataCRCError, message: "sd: data CRC error", code: 2)
        try expectFailure("fatwrite", on: volume, fault: .writeError, message: "sd: write rejected (write error)", code: 2)
    }

    @Test(arguments: [SDCardModel.Kind.sdsc, .sdscVersion1]) func standardCapacityCards(kind: SDCardModel.Kind) throws {
        guard requireTools("mkfs.fat", "mcopy", "mdir", "mtype", "fsck.fat"),
              requireAvailable(StoragePrograms.built, "the storage programs") else { return }
        let volume = try FATVolume.make(fat: 16, layout: .mbr)
        defer { removeTemporaryFile(volume.path) }
        let listing = try StoragePrograms.run("fatls", card: try card(volume, kind: kind), on: .isa)
        #expect(listing.output.split(separator: "\n").map(String.init) == (try volume.expectedListing()), "\(kind): \(listing)")
        let write = try StoragePrograms.run("fatwrite", card: try card(volume, kind: kind), on: .isa, maxInstructions: 200_000_000)
        #expect(write.exitCode == 0, "\(kind): \(write)")
        #expect(write.output.hasPrefix(kind == .sdsc ? "fatwrite: SDSC v2 card" : "fatwrite: SDSC v1 card"), "\(write.output)")
        #expect(try volume.check().clean)
    }

    @Test func volumeFaults() throws {
        guard requireTools("mkfs.fat", "mcopy", "mtype", "mshowfat"), requireAvailable(StoragePrograms.built, "the storage programs") else { return }
        // A corrupt boot sector: 256 bytes per sector.
        var volume = try FATVolume.make(fat: 16, layout: .superfloppy)
        try patch(volume, at: 11, [0x00, 0x01])
        try expectFailure("fatls", on: volume, message: "fat: corrupt boot sector (bytes per sector is not 512)", code: 3)
        removeTemporaryFile(volume.path)

        // A corrupt FAT: BIG.BIN's first cluster says "end of chain" (every copy of the FAT), then
        // points at a reserved cluster number.
        volume = try FATVolume.make(fat: 16, layout: .superfloppy)
        defer { removeTemporaryFile(volume.path) }
        let first = try firstCluster(volume, "/BIG.BIN")
        let reserved = try bootField(volume, 14, 2), fats = try bootField(volume, 16, 1), fatSectors = try bootField(volume, 22, 2)
        func setFAT(_ value: UInt16) throws {
            for copy in 0..<fats { try patch(volume, at: (reserved + copy * fatSectors) * 512 + 2 * first, [UInt8(value & 0xFF), UInt8(value >> 8)]) }
        }
        try setFAT(0xFFFF)
        try expectFailure("cat", "/BIG.BIN", on: volume, message: "fat: bad FAT chain (shorter than the file)", code: 3)
        try setFAT(0x0001)
        try expectFailure("cat", "/BIG.BIN", on: volume, message: "fat: bad FAT chain (cluster number out of range)", code: 3)
    }

    @Test func readPastTheEndOfTheCard() throws {
        guard requireTools("mkfs.fat", "mcopy", "mtype", "mshowfat"), requireAvailable(StoragePrograms.built, "the storage programs") else { return }
        // The volume says 16 MiB, but the card ends where BIG.BIN's clusters begin.
        let volume = try FATVolume.make(fat: 16, layout: .superfloppy)
        defer { removeTemporaryFile(volume.path) }
        let first = try firstCluster(volume, "/BIG.BIN")
        let reserved = try bootField(volume, 14, 2), fats = try bootField(volume, 16, 1)
        let fatSectors = try bootField(volume, 22, 2), rootEntries = try bootField(volume, 17, 2)
        let dataStart = (reserved + fats * fatSectors + rootEntries * 32 / 512) * 512
        let file = try FileHandle(forUpdating: URL(fileURLWithPath: volume.path))
        try file.truncate(atOffset: UInt64(dataStart + (first - 2) * volume.clusterBytes))
        try file.close()
        try expectFailure("cat", "/BIG.BIN", on: volume, message: "sd: read past the end of the card (out of range)", code: 2)
    }

    /// The first cluster of a file, from mshowfat's `<a-b>` runs.
    func firstCluster(_ volume: FATVolume, _ path: String) throws -> Int {
        let runs = try volume.mtools("mshowfat", ["::" + path])
        return Int(runs.split(separator: "<")[1].split(whereSeparator: { $0 == "-" || $0 == ">" })[0])!
    }
}
