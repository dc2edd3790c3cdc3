import Foundation
import Testing
import TestSupport

// The same program gives the same UART bytes, and leaves the same image bytes, on the ISA model
// (SDControllerModel) and on the SoC RTL with the card on its SPI pins, on both simulators. The RTL
// runs stop only at SCLK edges, UART bytes and the end (no per-instruction watching), as
// `hdlgen sim` runs them: a harness that missed an edge would lose the card here.

@Suite(.serialized) struct StorageAgreementTests {
    /// Runs `program` on each platform, each on its own copy of `volume`; all must agree.
    func agree(_ program: String, _ arguments: String = "", xlen: Int, volume: FATVolume, on platforms: [Platform],
               sourceLocation: SourceLocation = #_sourceLocation) throws {
        var results: [(Platform, ProgramRun, Data)] = []
        for platform in platforms {
            let copy = temporaryPath("card-\(platform).img")
            try FileManager.default.copyItem(atPath: volume.path, toPath: copy)
            defer { removeTemporaryFile(copy) }
            let copyVolume = FATVolume(fat: volume.fat, layout: volume.layout, path: copy, clusterBytes: volume.clusterBytes)
            let run = try StoragePrograms.run(program, arguments, xlen: xlen, card: try card(copyVolume), on: platform,
                                              maxInstructions: 200_000_000, maxCycles: 100_000_000)
            results.append((platform, run, try Data(contentsOf: URL(fileURLWithPath: copy))))
        }
        let (_, reference, image) = results[0]
        #expect(reference.exitCode == 0, "\(program) on the ISA model: \(reference)", sourceLocation: sourceLocation)
        for (platform, run, bytes) in results.dropFirst() {
            #expect(run == reference, "\(program) RV\(xlen) on \(platform): \(run)\nISA model: \(reference)", sourceLocation: sourceLocation)
            #expect(bytes == image, "\(program) RV\(xlen): the image after \(platform) differs from the ISA model's", sourceLocation: sourceLocation)
        }
    }

    @Test func readingOnBothSimulators() throws {
        guard requireTools("mkfs.fat", "mcopy", "verilator"), requireAvailable(StoragePrograms.built, "the storage programs") else { return }
        let volume = try FATVolume.make(fat: 16, layout: .superfloppy)
        defer { removeTemporaryFile(volume.path) }
        try agree("fatls", xlen: 32, volume: volume, on: [.isa, .verilator, .swift])
        try agree("cat", "/SUB/NOTE.TXT", xlen: 64, volume: volume, on: [.isa, .verilator, .swift])
    }

    @Test(arguments: [(16, FATVolume.Layout.superfloppy, 32), (32, .mbr, 64)]) func writingOnVerilator(fat: Int, layout: FATVolume.Layout, xlen: Int) throws {
        guard requireTools("mkfs.fat", "mcopy", "verilator", "fsck.fat"), requireAvailable(StoragePrograms.built, "the storage programs") else { return }
        let volume = try FATVolume.make(fat: fat, layout: layout)
        defer { removeTemporaryFile(volume.path) }
        try agree("fatwrite", xlen: xlen, volume: volume, on: [.isa, .verilator])
    }
}
