import Foundation
import Testing
import TestSupport
import SDCard

// The FAT programs read what mtools wrote: `fatls` walks the whole volume, `ls` lists a directory,
// `cat` prints a file; each must equal what mdir and mtype say, reduced to the same facts, on
// FAT16 and FAT32, superfloppy and MBR, on the ISA model. The RTL runs the same programs in
// StorageAgreementTests.

/// `mdir -a IMG ::PATH` reduced to what `ls` prints: the entry lines without the date and time.
func mdirFacts(_ volume: FATVolume, _ path: String) throws -> [String] {
    let listing = try volume.mtools("mdir", ["-a", "::" + path])
    let date = try NSRegularExpression(pattern: #" \d{4}-\d\d-\d\d  [ \d]\d:\d\d "#)
    return listing.split(separator: "\n").map(String.init).compactMap { line in
        let range = NSRange(line.startIndex..., in: line)
        guard date.firstMatch(in: line, range: range) != nil else { return nil }
        let stripped = date.stringByReplacingMatches(in: line, range: range, withTemplate: "")
        return String(stripped.reversed().drop { $0 == " " }.reversed())
    }
}

/// A card in the slot serving `volume` (its writes go to the image file).
func card(_ volume: FATVolume, kind: SDCardModel.Kind = .sdhc, fault: SDCardModel.Fault = .none) throws -> SDCardModel {
    SDCardModel(image: try SDImage(path: volume.path), kind: kind, fault: fault)
}

@Suite(.serialized) struct FATReadTests {
    static let volumes: [(Int, FATVolume.Layout)] = [(16, .superfloppy), (16, .mbr), (32, .superfloppy), (32, .mbr)]

    @Test(arguments: volumes) func programsAgreeWithMtools(fat: Int, layout: FATVolume.Layout) throws {
        guard requireTools("mkfs.fat", "mcopy", "mdir", "mtype", "mshowfat"),
              requireAvailable(StoragePrograms.built, "the storage programs (make -C Software)") else { return }
        let volume = try FATVolume.make(fat: fat, layout: layout)
        defer { removeTemporaryFile(volume.path) }
        let before = try Data(contentsOf: URL(fileURLWithPath: volume.path))
        for xlen in [32, 64] {
            let listing = try StoragePrograms.run("fatls", xlen: xlen, card: try card(volume), on: .isa)
            #expect(listing.exitCode == 0, "fatls RV\(xlen): \(listing)")
            #expect(listing.output.split(separator: "\n").map(String.init) == (try volume.expectedListing()), "fatls RV\(xlen)")
        }
        for path in ["/", "/SUB", "/SUB/deep"] {
            let ls = try StoragePrograms.run("ls", path, card: try card(volume), on: .isa)
            #expect(ls.exitCode == 0, "ls \(path): \(ls)")
            #expect(ls.output.split(separator: "\n").map(String.init) == (try mdirFacts(volume, path)), "ls \(path)")
        }
        for path in try volume.paths() where !path.hasSuffix("/") {
            // The arguments split at blanks: a long name with spaces goes by its 8.3 name.
            let argument = path == "/Long File Name.txt" ? "/LONGFI~1.TXT" : path
            let cat = try StoragePrograms.run("cat", argument, xlen: 64, card: try card(volume), on: .isa)
            #expect(cat.exitCode == 0, "cat \(path): exit \(String(describing: cat.exitCode))")
            #expect(cat.bytes == (try volume.contents(path)), "cat \(path)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: volume.path)) == before, "reading changed nothing on the card")
    }
}
