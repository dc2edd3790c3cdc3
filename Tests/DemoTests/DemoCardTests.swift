// DemoCardTests: bad cards for the demo (docs/DEMO.md, "Files"). A corrupt model, a wrong magic or version, a
// shape that does not chain, a missing file, a card without a FAT volume and an empty slot each end with one clear
// line and a non-zero exit, never a hang or a crash.
import Foundation
import Testing
import TestSupport

@Suite struct DemoCardTests {
    /// model.bin with `change` applied; the CRC is recomputed when `fixCRC` (so that only the change is wrong).
    static func model(_ change: (inout [UInt8]) -> Void, fixCRC: Bool = true) throws -> [UInt8] {
        var bytes = try [UInt8](Data(contentsOf: DemoBuild.folder.appendingPathComponent("model.bin")))
        change(&bytes)
        return fixCRC ? withCRC(Array(bytes.dropLast(4))) : bytes
    }

    /// `body` followed by its CRC-32, little-endian: the trailer of both files.
    static func withCRC(_ body: [UInt8]) -> [UInt8] {
        let crc = CRC32.of(body)
        return body + (0..<4).map { UInt8(truncatingIfNeeded: crc >> (8 * $0)) }
    }

    /// tests.bin, or a valid one holding only its first `first` images (docs/DEMO.md, "tests.bin").
    static func tests(first: Int? = nil) throws -> [UInt8] {
        let bytes = try [UInt8](Data(contentsOf: DemoBuild.folder.appendingPathComponent("tests.bin")))
        guard let first else { return bytes }
        let count = Int(bytes[8]) | Int(bytes[9]) << 8
        var out = Array(bytes[0..<16]) + bytes[16..<(16 + 64 * first)] + bytes[(16 + 64 * count)..<(16 + 64 * count + first)]
        out[8] = UInt8(first); out[9] = 0
        out += [UInt8](repeating: 0, count: (4 - out.count % 4) % 4)
        return withCRC(out)
    }

    static let cases: [(name: String, files: @Sendable () throws -> [(String, [UInt8])], message: String)] = [
        ("a flipped weight", { [("model.bin", try model({ $0[200] ^= 0x10 }, fixCRC: false)), ("tests.bin", try tests())] },
         "demo: model.bin: checksum"),
        ("a bad magic", { [("model.bin", try model({ $0[0] = UInt8(ascii: "X") })), ("tests.bin", try tests())] },
         "demo: model.bin: bad magic"),
        ("a bad version", { [("model.bin", try model({ $0[4] = 2 })), ("tests.bin", try tests())] },
         "demo: model.bin: version 2"),
        ("layers that do not chain", { [("model.bin", try model({ $0[16 + 32] = 60 })), ("tests.bin", try tests())] },
         "demo: model.bin: layer 2"),
        ("a truncated model", { [("model.bin", Array(try model({ _ in }).prefix(1000))), ("tests.bin", try tests())] },
         "demo: model.bin: "),
        ("no model", { [("tests.bin", try tests())] }, "demo: model.bin: not found"),
        ("no test set", { [("model.bin", try model({ _ in }))] }, "demo: tests.bin: not found"),
        ("a corrupt test set", { [("model.bin", try model({ _ in })), ("tests.bin", try tests().enumerated().map { $0 == 100 ? $1 ^ 1 : $1 })] },
         "demo: tests.bin: checksum"),
    ]

    @Test(arguments: 0..<cases.count) func badCardEndsWithAClearMessage(index: Int) throws {
        guard let demo = try DemoBuild.shared() else { return }
        let test = Self.cases[index]
        let image = try cardImage(files: try test.files())
        defer { removeTemporaryFile(image) }
        let run = try demo.run(xlen: 32, args: "nocpu", image: image)
        let lastLine = run.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(run.status != 0 && lastLine.hasPrefix(test.message), "\(test.name): exit \(run.status), output:\n\(run.stdout)\(run.stderr)")
    }

    /// A card of zeros (no boot sector, no partition) and an empty slot: the storage stack's own errors.
    @Test func noVolumeAndNoCardAreReported() throws {
        guard let demo = try DemoBuild.shared() else { return }
        let zeros = try temporaryFile("zeros.img", bytes: Data(count: 1 << 20))
        defer { removeTemporaryFile(zeros) }
        let noVolume = try demo.run(xlen: 32, args: "nocpu", image: zeros)
        #expect(noVolume.status == 3 && noVolume.stdout.hasSuffix("fat: no boot signature (0x55AA)\n"), "\(noVolume.stdout)")
        let noCard = try demo.run(xlen: 32, args: "nocpu", image: "")
        #expect(noCard.status == 2 && noCard.stdout.hasSuffix("sd: no card (no response to CMD0)\n"), "\(noCard.stdout)")
    }
}
