import Foundation
import Testing
import TestSupport

// The test volumes themselves: mtools must see what FATVolume meant to put there, or the FAT tests
// would compare against the wrong thing (a file that is not fragmented tests nothing).

@Suite struct FATVolumeTests {
    @Test(arguments: [16, 32], FATVolume.Layout.allCases) func volumesHoldTheCases(fat: Int, layout: FATVolume.Layout) throws {
        guard requireTools("mkfs.fat", "mcopy", "mdir", "mtype", "mshowfat", "fsck.fat") else { return }
        let volume = try FATVolume.make(fat: fat, layout: layout)
        defer { removeTemporaryFile(volume.path) }
        #expect(try volume.check().clean, "fsck.fat -n finds the new volume clean")
        #expect(try volume.clusterRuns("/FRAG.BIN") > 1, "FRAG.BIN is fragmented")
        #expect(try volume.mtools("minfo", ["::"]).contains("disk type=\"FAT\(fat)"), "a FAT\(fat) volume")
        let listing = try volume.expectedListing()
        for line in ["/SUB/", "/SUB/deep/", "/EMPTY.DAT 0 00000000", "/Long File Name.txt 24 "] {
            #expect(listing.contains { $0.hasPrefix(line) }, "mtools lists \(line)")
        }
        #expect(listing.contains("/ONECLUS.BIN \(volume.clusterBytes) \(CRC32.hex(FATVolume.files(clusterBytes: volume.clusterBytes)[2].1))"))
        #expect(CRC32.hex(Array("123456789".utf8)) == "cbf43926", "CRC-32 check value")
    }
}
