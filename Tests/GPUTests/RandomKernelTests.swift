// RandomKernelTests: random kernels (RandomKernel.swift) on random 2-D launches, run on the GPU
// model in four ways that must leave the same memory: 2 x 4 x 8 under MinPC and under depth-first,
// 1 x 4 x 4, and one lane at a time (every thread its own block of one, on one unit of one warp of
// one lane: no divergence at all). GPU_RANDOM_KERNELS=<n> and GPU_RANDOM_SEED=<s> run a longer campaign.
import Foundation
import ISA
import GPU
import Testing
import TestSupport

@Suite struct RandomKernelTests {
    static let count = Int(ProcessInfo.processInfo.environment["GPU_RANDOM_KERNELS"] ?? "") ?? 24
    static let seed = UInt64(ProcessInfo.processInfo.environment["GPU_RANDOM_SEED"] ?? "") ?? 0x6B_E2_40

    static let out: UInt32 = 0x8020_0000, input: UInt32 = 0x8030_0000, racing: UInt32 = 0x8031_0000

    /// Assembles `source` (rv32im, .text at the kernel base) and returns the ELF.
    static func assemble(_ source: String, name: String) throws -> ELFFile {
        let dir = NSTemporaryDirectory() + "gpu-random-\(getpid())-\(name)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try source.write(toFile: dir + "/k.S", atomically: true, encoding: .utf8)
        let r = try runProcess(findTool("riscv64-unknown-elf-gcc")!, ["-march=rv32im_zicsr", "-mabi=ilp32", "-nostdlib", "-static", "-Wl,-N",
                               "-Wl,-Ttext=0x\(String(codeAddress, radix: 16))", "-Wl,-e,kernel_entry", "-o", dir + "/k.elf", dir + "/k.S"])
        guard r.status == 0 else { throw ELFError("random kernel \(name) did not assemble: \(r.errors)") }
        return try ELFFile(path: dir + "/k.elf")
    }

    /// One random kernel and its random launch.
    struct Case {
        var index: Int, seed: UInt64, source: String, counts: [String: Int], elf: ELFFile
        var grid: (UInt32, UInt32), block: (UInt32, UInt32), inputWords: [UInt32]
        var threads: Int { Int(grid.0 * grid.1 * block.0 * block.1) }
        var name: String { "kernel \(index) (seed 0x\(String(seed, radix: 16)), grid \(grid.0)x\(grid.1), block \(block.0)x\(block.1))" }
    }

    /// The next case from `rng`: a kernel seed, then the launch shape (blocks of at most
    /// `maxThreads`) and the input. `racing`: see RandomKernel.
    static func nextCase(_ rng: inout SeededRNG, index: Int, racing: Bool = false, maxThreads: Int = 16) throws -> Case {
        let seed = rng.next()
        var kernel = RandomKernel(seed: seed, racing: racing)
        let source = kernel.source()
        let elf = try assemble(source, name: "\(index)")
        let bx = 1 + Int(rng.next() % 8), by = 1 + Int(rng.next() % UInt64(maxThreads / bx))
        let gx = 1 + Int(rng.next() % 3), gy = 1 + Int(rng.next() % 2)
        let inputWords = (0..<RandomKernel.inputWords).map { _ in UInt32(truncatingIfNeeded: rng.next()) }
        return Case(index: index, seed: seed, source: source, counts: kernel.counts, elf: elf, grid: (UInt32(gx), UInt32(gy)),
                    block: (UInt32(bx), UInt32(by)), inputWords: inputWords)
    }

    /// Runs the kernel on a fresh model and returns the threads' output slots (and the result).
    static func run(_ elf: ELFFile, config: GPUConfig, grid: (UInt32, UInt32), block: (UInt32, UInt32),
                    inputWords: [UInt32], threads: Int) throws -> (out: [UInt32], result: GPUResult) {
        let gpu = TestGPU(.model, model: makeModel(config), lockstep: nil)
        gpu.model.traceCycles = .max
        return try run(elf, on: gpu, grid: grid, block: block, inputWords: inputWords, threads: threads)
    }

    /// Runs the kernel on `gpu` (on the RTL backends, in lock-step with its model).
    static func run(_ elf: ELFFile, on gpu: TestGPU, grid: (UInt32, UInt32), block: (UInt32, UInt32),
                    inputWords: [UInt32], threads: Int) throws -> (out: [UInt32], result: GPUResult) {
        let model = gpu.model
        for seg in elf.segments where !model.memory.write(seg.data, at: seg.physicalAddress) {
            throw ELFError("a segment at 0x\(String(seg.physicalAddress, radix: 16)) lies outside RAM")
        }
        store(inputWords, model, at: input)
        store([UInt32](repeating: 0x5EED_0000, count: threads * RandomKernel.slots), model, at: out)
        store([out, input, racing], model, at: dataAddress)
        let r = gpu.run(GPULaunch(entry: UInt32(elf.symbol("kernel_entry")!), arg: dataAddress, grid: grid, block: block,
                                  stackBase: stackBase, stackSize: 256))
        return (words(model, at: out, count: threads * RandomKernel.slots), r)
    }

    @Test(.enabled(if: findTool("riscv64-unknown-elf-gcc") != nil || runningInCI, "riscv64-unknown-elf-gcc not installed"))
    func sameMemoryOnEveryShapeAndPolicy() throws {
        guard requireTools("riscv64-unknown-elf-gcc") else { return }
        var rng = SeededRNG(seed: Self.seed)
        var totals: [String: Int] = [:]
        var divergentKernels = 0
        for n in 0..<Self.count {
            let c = try Self.nextCase(&rng, index: n)
            for (what, k) in c.counts { totals[what, default: 0] += k }
            let (elf, source, grid, block, inputWords, threads, what) = (c.elf, c.source, c.grid, c.block, c.inputWords, c.threads, c.name)
            let simt = try Self.run(elf, config: GPUConfig(), grid: grid, block: block, inputWords: inputWords, threads: threads)
            #expect(simt.result.error == nil, "\(what): \(String(describing: simt.result.error))")
            let depth = try Self.run(elf, config: GPUConfig(policy: .depthThenMinPC), grid: grid, block: block, inputWords: inputWords, threads: threads)
            let narrow = try Self.run(elf, config: GPUConfig(units: 1, warps: 4, lanes: 4), grid: grid, block: block,
                                  inputWords: inputWords, threads: threads)
            let scalar = try Self.run(elf, config: GPUConfig(units: 1, warps: 1, lanes: 1), grid: (UInt32(threads), 1), block: (1, 1),
                                  inputWords: inputWords, threads: threads)
            for (name, other) in [("depth-first", depth), ("1 x 4 x 4", narrow), ("one lane at a time", scalar)] {
                #expect(other.result.error == nil, "\(what) \(name): \(String(describing: other.result.error))")
                let first = simt.out.indices.first { simt.out[$0] != other.out[$0] }
                #expect(first == nil, "\(what): \(name) differs from 2 x 4 x 8 MinPC at thread \((first ?? 0) / RandomKernel.slots) word \((first ?? 0) % RandomKernel.slots)")
                if first != nil { print(source) }
            }
            // Divergence happened: some warp issued with fewer lanes than it issued with elsewhere.
            let lanesByWarp = Dictionary(grouping: simt.result.timeline) { $0.unit * 64 + $0.warp }.mapValues { Set($0.map(\.mask)) }
            if lanesByWarp.values.contains(where: { $0.count > 1 }) { divergentKernels += 1 }
        }
        // The campaign must have exercised what it claims to.
        for what in ["if", "loop", "call", "mul", "div", "dp4a", "input load", "global store", "global load", "shared store", "shared load", "barrier"] {
            #expect(totals[what, default: 0] > 0, "no \(what) in \(Self.count) random kernels")
        }
        #expect(divergentKernels * 2 >= Self.count, "only \(divergentKernels) of \(Self.count) kernels diverged")
        print("random GPU kernels: \(Self.count), \(divergentKernels) divergent; statements \(totals.sorted { $0.key < $1.key })")
    }
}
