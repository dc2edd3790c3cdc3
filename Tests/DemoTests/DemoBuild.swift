// DemoBuild: the demo's files (Software/demo: trained model, card image, demo.elf for rv32 and rv64), built once
// per test run by `make -C Software/demo`, and runs of demo.elf through the built hdlgen like a user's.
import Foundation
import Testing
import TestSupport

struct DemoBuild: Sendable {
    static let folder = repositoryRoot.appendingPathComponent("Software/demo/build")

    private static let built: Result<Bool, BuildFailure> = {
        guard let (status, output) = try? runTool("make", ["-s", "-C", "Software/demo"], in: repositoryRoot) else {
            return .failure(BuildFailure(description: "make is not installed"))
        }
        return status == 0 ? .success(true) : .failure(BuildFailure(description: "make -C Software/demo failed:\n\(output)"))
    }()

    /// The built demo, or nil (after a note, or a CI failure) when the tools it needs are missing.
    static func shared(sourceLocation: SourceLocation = #_sourceLocation) throws -> DemoBuild? {
        guard requireTools("python3", "mkfs.fat", "mcopy", "riscv64-unknown-elf-gcc", sourceLocation: sourceLocation),
              requireAvailable((try? runTool("python3", ["-c", "import numpy"], in: repositoryRoot).0) == 0, "numpy for python3",
                               sourceLocation: sourceLocation)
        else { return nil }
        _ = try built.get()
        return DemoBuild()
    }

    func file(_ name: String) -> String { Self.folder.appendingPathComponent(name).path }

    /// demo.elf with `args` on the ISA model (`hdlgen iss`) or `simulator` (e.g. ["sim", "--backend", "swift"]),
    /// with `image` in the SD slot (nil: the demo's card; "": an empty slot).
    func run(xlen: Int, args: String, simulator: [String] = ["iss"], image: String? = nil) throws
        -> (status: Int32, stdout: String, stderr: String) {
        let card = image ?? file("digits.img")
        let slot = card.isEmpty ? [] : ["--sd-image", card]
        return try HDLGenBinary.run(simulator + slot + ["--args", args, file("rv\(xlen)/demo.elf")])
    }

    /// The accuracies train.py printed (summary.txt).
    func summary() throws -> (float: Accuracy, int8: Accuracy) {
        let text = try String(contentsOfFile: file("summary.txt"), encoding: .utf8)
        func accuracy(_ prefix: String) throws -> Accuracy {
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }),
                  let parts = Optional(line.dropFirst(prefix.count).split(separator: "/")), parts.count == 2,
                  let correct = Int(parts[0].trimmingCharacters(in: .whitespaces)), let total = Int(parts[1])
            else { throw BuildFailure(description: "summary.txt has no line `\(prefix) C/T`:\n\(text)") }
            return Accuracy(correct: correct, total: total)
        }
        return (try accuracy("float accuracy:"), try accuracy("int8 accuracy:"))
    }
}

struct Accuracy: Equatable, CustomStringConvertible {
    var correct, total: Int
    var description: String { "\(correct)/\(total)" }
}

struct BuildFailure: Error, CustomStringConvertible {
    let description: String
}

/// A small FAT16 card image holding `files` (name, bytes), made with mkfs.fat and mcopy like the demo's own.
func cardImage(files: [(String, [UInt8])]) throws -> String {
    let image = temporaryPath("card.img")
    func run(_ tool: String, _ arguments: [String]) throws {
        let (status, output) = try runTool(tool, arguments, in: repositoryRoot)
        guard status == 0 else { throw BuildFailure(description: "\(tool) \(arguments.joined(separator: " ")): \(output)") }
    }
    try run("mkfs.fat", ["-F", "16", "-s", "1", "-C", image, "4096"])
    for (name, bytes) in files {
        let path = try temporaryFile(name, bytes: Data(bytes))
        defer { removeTemporaryFile(path) }
        try run("mcopy", ["-i", image, path, "::\(name)"])
    }
    return image
}
