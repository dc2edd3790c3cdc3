// Support: helpers shared by the GPU tests: a model over fresh RAM, running an assembled kernel,
// reading words back, and the C kernel image built by Software/gpu's Makefile (riscv64-unknown-elf-
// gcc). Without the toolchain the C-kernel tests are skipped locally and FAIL when CI=true.
import Foundation
import ISA
import GPU
import Testing
import TestSupport

let ramBase: UInt64 = 0x8000_0000
let codeAddress: UInt32 = 0x8000_0000
let dataAddress: UInt32 = 0x8010_0000
let stackBase: UInt32 = 0x8040_0000

func makeModel(_ config: GPUConfig = GPUConfig()) -> GPUModel {
    GPUModel(config: config, memory: MainMemory(base: ramBase, size: 64 << 20))
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
