// GEMMTests: every GEMM kernel (Software/gpu/kernels) bit-exact against the plain Swift GEMM on
// random matrices, including sizes that are not multiples of any tile (and k % 4 != 0 for dp4a), and
// sizes whose blocks inside C take dp4a's assembly paths (k == 64; k > 64 with a partial last step).
// On the model every size; on the RTL in lock-step with the model, Verilator a small and an odd size
// and both dp4a paths, plus dp4a at 64^3, the Swift simulator 1 x 1 x 1.
import ISA
import GPU
import Testing

@Suite struct GEMMTests {
    static let sizes: [(Int, Int, Int)] = [(1, 1, 1), (13, 17, 19), (16, 32, 16), (33, 9, 7), (20, 40, 12), (5, 70, 3),
                                           (32, 32, 64), (17, 35, 48), (16, 32, 132), (9, 33, 67),
                                           (20, 64, 64), (16, 64, 128), (33, 130, 100)]

    /// The sizes of `sizes` (by index) each backend runs.
    static func sizes(_ backend: GPUBackend) -> [Int] {
        switch backend {
        case .model: return Array(sizes.indices)
        case .swift: return [0]
        case .verilator: return [0, 1, 6, 9]
        }
    }

    @Test(arguments: GPUBackend.all)
    func matchesReference(backend: GPUBackend) throws {
        guard let gpu = try makeGPU(backend), let elf = try kernelImage() else { return }
        var runner = GEMMRunner(model: gpu.model, image: elf)
        runner.launcher = { gpu.run($0) }
        for kernel in GEMMKernel.allCases {
            for (i, (m, n, k)) in Self.sizes.enumerated() where Self.sizes(backend).contains(i) {
                let p = GEMMProblem.random(m: m, n: n, k: k, int8: kernel.isInt8, seed: UInt64(i + 1))
                let (c, r) = try runner.run(kernel, p)
                #expect(r.error == nil, "\(kernel) \(m)x\(n)x\(k): \(String(describing: r.error))")
                #expect(c == p.reference(int8: kernel.isInt8), "\(kernel) \(m)x\(n)x\(k)")
            }
        }
    }

    /// The bench's size on the RTL: the dp4a kernel (the others take 6 to 12 times its 10 k cycles).
    @Test func sixtyFourCubedOnVerilator() throws {
        guard let gpu = try makeGPU(.verilator), let elf = try kernelImage() else { return }
        var runner = GEMMRunner(model: gpu.model, image: elf)
        runner.launcher = { gpu.run($0) }
        let p = GEMMProblem.random(m: 64, n: 64, k: 64, int8: true)
        let (c, r) = try runner.run(.dp4a, p)
        #expect(r.error == nil && c == p.reference(int8: true))
    }

    @Test func optimisedKernelsAreFasterAt32() throws {
        let model = makeModel()
        guard let elf = try kernelImage() else { return }
        let runner = GEMMRunner(model: model, image: elf)
        var last = UInt64.max
        for kernel in GEMMKernel.allCases {
            let p = GEMMProblem.random(m: 32, n: 32, k: 32, int8: kernel.isInt8)
            let (c, r) = try runner.run(kernel, p)
            #expect(c == p.reference(int8: kernel.isInt8))
            #expect(r.cycles < last, "\(kernel) is not faster than the kernel before it")
            last = r.cycles
        }
    }
}
