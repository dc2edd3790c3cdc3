// Support: helpers shared by the GPU tests: a GPU over fresh 16 MiB RAM on one of three backends
// (the model alone, or the RTL harness on the Swift simulator or Verilator in lock-step with it),
// running an assembled kernel, reading words back, and the C kernel image built by Software/gpu's
// Makefile (riscv64-unknown-elf-gcc). Without the toolchain the C-kernel tests are skipped locally
// and FAIL when CI=true.
import Cores
import Foundation
import HDL
import ISA
import GPU
import RTLSim
import SoCSim
import Spec
import Testing
import TestSupport

let ramBase: UInt64 = 0x8000_0000
let codeAddress: UInt32 = 0x8000_0000
let dataAddress: UInt32 = 0x8010_0000
let stackBase: UInt32 = 0x8040_0000

/// The RAM of every GPU test: the SoC's, as the prebuilt `gpu_harness` design has it.
let gpuRAMBytes = Int(MemoryMap.defaultRAMSize)

func makeModel(_ config: GPUConfig = GPUConfig()) -> GPUModel {
    GPUModel(config: config, memory: MainMemory(base: ramBase, size: UInt64(gpuRAMBytes)))
}

/// Where a test's kernels run: on the model alone, or on the RTL (`GPUHarness`) in the Swift
/// simulator or in Verilator, in lock-step with the model (`GPULockstep`).
enum GPUBackend: String, CaseIterable, Sendable {
    case model, swift, verilator
    /// The model and the RTL on both simulators: for the two configurations Verilator has prebuilt,
    /// the default (`gpu_harness`) and `GPUHarness.depthFirst` (`gpu_harness_depth`).
    static let all = allCases
    /// The model and the Swift simulator: for other shapes, policies and cycle limits (another
    /// Verilator build would cost CI time).
    static let noVerilator: [GPUBackend] = [.model, .swift]
}

/// A GPU under test. Tests write its model's RAM (`model.memory`) and read results from it; on the
/// RTL backends `run` uploads the pages written since the last launch, runs the launch on both sides
/// and expects GPULockstep to find no difference (issue trace, STATUS, ERROR_*, CYCLES, the RAM
/// pages the model wrote).
final class TestGPU {
    let backend: GPUBackend
    let model: GPUModel
    let lockstep: GPULockstep?
    /// The last launch's lock-step run (RTL backends).
    private(set) var last: GPULockstep.Run?

    init(_ backend: GPUBackend, model: GPUModel, lockstep: GPULockstep?) {
        self.backend = backend; self.model = model; self.lockstep = lockstep
    }

    func run(_ launch: GPULaunch, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> GPUResult {
        guard let lockstep else { return model.run(launch) }
        let r = lockstep.run(launch)
        last = r
        #expect(r.mismatch == nil, "\(backend): \(r.mismatch ?? "")", sourceLocation: sourceLocation)
        return r.model
    }

    /// On the RTL backends, the whole RAM of both sides must be equal (stray RTL writes included).
    func expectSameMemory(sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        guard let lockstep else { return }
        let difference = lockstep.compareAllMemory()
        #expect(difference == nil, "\(backend): \(difference ?? "")", sourceLocation: sourceLocation)
    }
}

/// A GPU of `config` on `backend`; nil when Verilator is missing (outside CI). Verilator runs the
/// prebuilt designs only: the default configuration (`gpu_harness`) and `GPUHarness.depthFirst`.
func makeGPU(_ backend: GPUBackend, _ config: GPUConfig = GPUConfig()) throws -> TestGPU? {
    let harness = GPUHarness(config: config, ramBytes: gpuRAMBytes)
    switch backend {
    case .model:
        return TestGPU(.model, model: makeModel(config), lockstep: nil)
    case .swift:
        let lockstep = try GPULockstep(harness) { try SwiftSimulator(design: $0) }
        return TestGPU(.swift, model: lockstep.model, lockstep: lockstep)
    case .verilator:
        precondition(config == GPUConfig() || config == GPUHarness.depthFirst, "Verilator runs the prebuilt gpu_harness and gpu_harness_depth only")
        guard requireTools("verilator") else { return nil }
        let top = config == GPUConfig() ? "gpu_harness" : "gpu_harness_depth"
        let lockstep = try GPULockstep(harness) { try VerilatorSimulator(design: $0.renamingTop(to: top)) }
        return TestGPU(.verilator, model: lockstep.model, lockstep: lockstep)
    }
}

/// Assembles `program` at `codeAddress` into the model's RAM and returns label addresses.
@discardableResult
func load(_ program: Program, into model: GPUModel) throws -> [String: UInt64] {
    model.memory.write(try program.assembleBytes(), at: UInt64(program.origin))
    return try program.labels()
}

func words(_ model: GPUModel, at address: UInt32, count: Int) -> [UInt32] {
    let b = model.memory.read(UInt64(address), count: count * 4) ?? []
    return (0..<count).map { i in (0..<4).reduce(UInt32(0)) { $0 | UInt32(b[4 * i + $1]) << UInt32(8 * $1) } }
}

func store(_ values: [UInt32], _ model: GPUModel, at address: UInt32) {
    model.memory.write(values.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v >> UInt32(8 * $0)) } }, at: UInt64(address))
}

/// Global thread index of the ABI.
func globalIndex(bx: Int, by: Int, gx: Int, tx: Int, ty: Int, bdx: Int, bdy: Int) -> Int {
    (by * gx + bx) * (bdx * bdy) + ty * bdx + tx
}

let packageRoot = repositoryRoot

/// Builds Software/gpu's kernel image once per test run (nil: no toolchain, outside CI).
let kernelImageResult: Result<ELFFile?, ELFError> = {
    guard findTool("riscv64-unknown-elf-gcc") != nil else {
        return runningInCI ? .failure(ELFError("riscv64-unknown-elf-gcc not found (required when CI=true)")) : .success(nil)
    }
    guard let built = try? runTool("make", ["-s", "-C", packageRoot.appendingPathComponent("Software/gpu").path, "all"],
                                   in: packageRoot) else { return .failure(ELFError("make could not be run")) }
    guard built.0 == 0 else { return .failure(ELFError("make -C Software/gpu failed:\n\(built.1)")) }
    do {
        return .success(try ELFFile(path: packageRoot.appendingPathComponent("Software/gpu/build/kernels.elf").path))
    } catch let e as ELFError { return .failure(e) } catch { return .failure(ELFError("\(error)")) }
}()

/// The kernel image, or nil when the test should be skipped (no toolchain, not CI).
func kernelImage() throws -> ELFFile? {
    switch kernelImageResult {
    case .success(let elf): return elf
    case .failure(let e): throw e
    }
}

/// Loads the kernel image into `model`'s RAM and returns it (nil: skip).
func loadImage(into model: GPUModel) throws -> ELFFile? {
    guard let elf = try kernelImage() else { return nil }
    for seg in elf.segments { model.memory.write(seg.data, at: seg.physicalAddress) }
    return elf
}
