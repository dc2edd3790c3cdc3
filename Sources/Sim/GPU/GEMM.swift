// GEMM: the four GEMM kernels of Software/gpu/kernels (their entry symbols and launch shapes),
// the plain Swift reference GEMM they must match bit-exactly, and a runner that lays out a
// problem in RAM, launches one kernel on a GPUModel and reads C back. Used by tests and the bench.
import ISA

public enum GEMMKernel: String, CaseIterable, Sendable {
    case naive, tiled, regblock, dp4a

    public var symbol: String { "gemm_\(rawValue)_entry" }
    /// int8 inputs (A m x k, B passed transposed as n x k) instead of int32.
    public var isInt8: Bool { self == .dp4a }
    /// Output tile of one 8 x 4-thread block (columns, rows); see Software/gpu/include/gemm.h.
    public var tile: (n: Int, m: Int) {
        switch self {
        case .naive, .tiled: return (8, 4)
        case .regblock: return (32, 16)
        case .dp4a: return (64, 16)
        }
    }
}

public struct GEMMProblem: Sendable {
    public var m: Int, n: Int, k: Int
    /// A (m x k) and B (k x n), row-major; int8 kernels use the low byte of each value.
    public var a: [Int32], b: [Int32]

    public init(m: Int, n: Int, k: Int, a: [Int32], b: [Int32]) {
        self.m = m; self.n = n; self.k = k; self.a = a; self.b = b
    }

    /// Random matrices from a fixed-seed generator; `int8` keeps values in -128...127.
    public static func random(m: Int, n: Int, k: Int, int8: Bool, seed: UInt64 = 1) -> GEMMProblem {
        var s = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func next() -> Int32 {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17
            return int8 ? Int32(Int8(truncatingIfNeeded: s)) : Int32(truncatingIfNeeded: s >> 40) - (1 << 23)
        }
        return GEMMProblem(m: m, n: n, k: k, a: (0..<m * k).map { _ in next() }, b: (0..<k * n).map { _ in next() })
    }

    /// C = A x B with wrapping 32-bit arithmetic (int8 operands when `int8`).
    public func reference(int8: Bool) -> [Int32] {
        var c = [Int32](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var s: Int32 = 0
                for x in 0..<k {
                    let av = int8 ? Int32(Int8(truncatingIfNeeded: a[i * k + x])) : a[i * k + x]
                    let bv = int8 ? Int32(Int8(truncatingIfNeeded: b[x * n + j])) : b[x * n + j]
                    s = s &+ av &* bv
                }
                c[i * n + j] = s
            }
        }
        return c
    }

    public var macs: Int { m * n * k }
}

/// A GEMM problem laid out in RAM: the bytes to write (image not included), the launch, and where
/// C is. `GEMMRunner` writes it into a model's RAM; the bench also writes it into the RTL's.
public struct GEMMLayout: Sendable {
    public var writes: [(address: UInt64, bytes: [UInt8])]
    public var launch: GPULaunch
    public var cAddress: UInt64
    public var cCount: Int

    /// C (m x n) from the `cCount * 4` bytes at `cAddress`.
    public func c(from bytes: [UInt8]) -> [Int32] {
        var c = [Int32](repeating: 0, count: cCount)
        for i in 0..<min(cCount, bytes.count / 4) {
            var v: UInt32 = 0
            for j in 0..<4 { v |= UInt32(bytes[4 * i + j]) << UInt32(8 * j) }
            c[i] = Int32(bitPattern: v)
        }
        return c
    }
}

/// Places GEMM problems in a GPUModel's RAM (image already loaded) and launches the kernels.
public struct GEMMRunner {
    public let model: GPUModel
    public let image: ELFFile
    /// RAM layout: argument block, A, B, C, then the per-thread stacks.
    public static let argAddress: UInt32 = 0x8000_1000
    public static let dataAddress: UInt32 = 0x8001_0000
    public static let stackSize: UInt32 = 512
    /// Runs the launch; nil runs it on `model` (tests set it to run the RTL in lock-step with the model).
    public var launcher: ((GPULaunch) -> GPUResult)?

    public init(model: GPUModel, image: ELFFile) {
        self.model = model
        self.image = image
        for seg in image.segments { model.memory.write(seg.data, at: seg.physicalAddress) }
    }

    /// Lays out `kernel` on `p` in a RAM of `ramSize` bytes at `ramBase`: A, B, C (filled with
    /// 0xA5), the argument block, and the launch whose stacks follow C.
    public static func layout(_ kernel: GEMMKernel, _ p: GEMMProblem, image: ELFFile, ramBase: UInt64, ramSize: UInt64) throws -> GEMMLayout {
        guard let entry = image.symbol(kernel.symbol) else { throw ELFError("kernel image has no \(kernel.symbol)") }
        func bytes32(_ v: [Int32]) -> [UInt8] { v.flatMap { x in (0..<4).map { UInt8(truncatingIfNeeded: x >> (8 * $0)) } } }
        var aBytes: [UInt8], bBytes: [UInt8]
        if kernel.isInt8 {
            aBytes = p.a.map { UInt8(truncatingIfNeeded: $0) }
            bBytes = [UInt8](repeating: 0, count: p.n * p.k)     // Bt: n x k
            for x in 0..<p.k { for j in 0..<p.n { bBytes[j * p.k + x] = UInt8(truncatingIfNeeded: p.b[x * p.n + j]) } }
        } else {
            aBytes = bytes32(p.a); bBytes = bytes32(p.b)
        }
        func align(_ v: UInt32) -> UInt32 { (v + 63) & ~63 }
        let aAddr = dataAddress, bAddr = align(aAddr + UInt32(aBytes.count))
        let cAddr = align(bAddr + UInt32(bBytes.count)), cCount = p.m * p.n
        let stackBase = align(cAddr + UInt32(cCount * 4)) + 0x1000
        let args: [Int32] = [Int32(bitPattern: aAddr), Int32(bitPattern: bAddr), Int32(bitPattern: cAddr),
                             Int32(p.m), Int32(p.n), Int32(p.k)]
        let t = kernel.tile
        let launch = GPULaunch(entry: UInt32(entry), arg: argAddress,
                               grid: (UInt32((p.n + t.n - 1) / t.n), UInt32((p.m + t.m - 1) / t.m)),
                               block: (8, 4), stackBase: stackBase, stackSize: stackSize)
        let blocks = UInt64(launch.gridX) * UInt64(launch.gridY)
        guard UInt64(stackBase) >= ramBase, UInt64(stackBase) + (blocks * 32 + 1) * UInt64(stackSize) <= ramBase + ramSize else {
            throw ELFError("GEMM \(p.m)x\(p.n)x\(p.k) does not fit in RAM")
        }
        let writes: [(address: UInt64, bytes: [UInt8])] = [(UInt64(aAddr), aBytes), (UInt64(bAddr), bBytes),
            (UInt64(cAddr), [UInt8](repeating: 0xA5, count: cCount * 4)), (UInt64(argAddress), bytes32(args))]
        return GEMMLayout(writes: writes, launch: launch, cAddress: UInt64(cAddr), cCount: cCount)
    }

    /// Runs `kernel` on `p`; returns C (m x n) as the kernel wrote it, and the launch result.
    public func run(_ kernel: GEMMKernel, _ p: GEMMProblem) throws -> (c: [Int32], result: GPUResult) {
        let mem = model.memory
        let layout = try Self.layout(kernel, p, image: image, ramBase: mem.base, ramSize: mem.size)
        for w in layout.writes { mem.write(w.bytes, at: w.address) }
        let result = launcher?(layout.launch) ?? model.run(layout.launch)
        return (layout.c(from: mem.read(layout.cAddress, count: layout.cCount * 4) ?? []), result)
    }
}
