import Foundation
import Testing
import TestSupport
import SDCard

// `fatwrite` creates, overwrites, appends to and deletes files in the root and in /SUB, then reads
// them back. Afterwards fsck.fat -n must find the volume clean, mtype must read exactly the bytes
// the program's documented formula gives (docs/STORAGE.md), and fatls must still agree with mdir.

/// Byte i of seed s in fatwrite's files.
func fatwriteByte(_ i: Int, seed: Int) -> UInt8 {
    UInt8(truncatingIfNeeded: (UInt32(truncatingIfNeeded: i) &* 2_654_435_761 &+ UInt32(seed) &* 65_537) >> 24)
}

/// The files fatwrite leaves in `folder` ("" for the root), with `o` its seed offset.
func fatwriteFiles(folder: String, offset o: Int, clusterBytes c: Int) -> [(String, [UInt8])] {
    func pattern(_ count: Int, _ seed: Int) -> [UInt8] { (0..<count).map { fatwriteByte($0, seed: seed) } }
    return [
        ("\(folder)/HELLO.TXT", Array("hello from fatwrite: \(folder)/HELLO.TXT\n".utf8)),
        ("\(folder)/EMPTY.DAT", []),
        ("\(folder)/ONE.BIN", pattern(c, 1 + o)),
        ("\(folder)/BIG.BIN", pattern(100_000, 2 + o)),
        ("\(folder)/APPEND.BIN", pattern(2 * c + 20, 3 + o)),
        ("\(folder)/OVER.BIN", pattern(700, 5 + o)),
    ]
}

@Suite(.serialized) struct FATWriteTests {
    @Test(arguments: FATReadTests.volumes) func writesWhatFsckAndMtoolsAccept(fat: Int, layout: FATVolume.Layout) throws {
        guard requireTools("mkfs.fat", "mcopy", "mdir", "mtype", "mshowfat", "fsck.fat"),
              requireAvailable(StoragePrograms.built, "the storage programs (make -C Software)") else { return }
        let volume = try FATVolume.make(fat: fat, layout: layout)
        defer { removeTemporaryFile(volume.path) }
        let run = try StoragePrograms.run("fatwrite", xlen: fat == 16 ? 32 : 64, card: try card(volume), on: .isa, maxInstructions: 200_000_000)
        #expect(run.exitCode == 0 && run.output.hasSuffix("fatwrite: PASS\n"), "\(run)")
        let (clean, report) = try volume.check()
        #expect(clean, "fsck.fat -n after fatwrite:\n\(report)")
        let expected = fatwriteFiles(folder: "", offset: 0, clusterBytes: volume.clusterBytes)
            + fatwriteFiles(folder: "/SUB", offset: 16, clusterBytes: volume.clusterBytes)
        for (path, bytes) in expected {
            #expect(try volume.contents(path) == bytes, "mtype \(path)")
        }
        let paths = try volume.paths()
        #expect(!paths.contains("/DEL.TXT") && !paths.contains("/SUB/DEL.TXT"), "DEL.TXT deleted")
        #expect(try volume.clusterRuns("/BIG.BIN") > 1, "BIG.BIN took DEL.TXT's freed clusters first: fragmented")
        let listing = try StoragePrograms.run("fatls", card: try card(volume), on: .isa)
        #expect(listing.output.split(separator: "\n").map(String.init) == (try volume.expectedListing()), "fatls after fatwrite")
    }
}

// A run stopped in the middle (an instruction or cycle limit, as `--max-cycles` stops one) loses
// nothing the card acknowledged: every block it answered "data accepted" for is in the file.
@Suite(.serialized) struct InterruptedWriteTests {
    @Test(arguments: [Platform.isa, .verilator]) func acknowledgedBlocksAreInTheFile(platform: Platform) throws {
        guard requireTools("mkfs.fat", "mcopy", "verilator"), requireAvailable(StoragePrograms.built, "the storage programs") else { return }
        let volume = try FATVolume.make(fat: 16, layout: .superfloppy)
        defer { removeTemporaryFile(volume.path) }
        let card = try card(volume)
        // fatwrite needs about 18 million instructions (25 million cycles on the RTL): stop it halfway.
        let run = try StoragePrograms.run("fatwrite", card: card, on: platform, maxInstructions: 9_000_000, maxCycles: 12_000_000)
        #expect(run.exitCode == nil, "stopped before the end: \(run)")
        #expect(card.acknowledged.count > 10, "the card acknowledged writes before the stop")
        let image = try SDImage(path: volume.path)
        for (block, data) in card.acknowledged {
            #expect(try image.read(block: block) == data, "block \(block), acknowledged, is in the file")
        }
    }
}
