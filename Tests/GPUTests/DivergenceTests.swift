// DivergenceTests: C kernels (Software/gpu/kernels/test_kernels.c) with divergent control flow on
// 2-D grids of 2-D blocks with partial warps, under both scheduling policies; the block reduction
// with barriers; and the call-layout measurement of MinPC vs depth-first (docs/GPU.md). On the model,
// and on the RTL in lock-step with it: both policies on Verilator (its two prebuilt harnesses),
// depth-first on the Swift simulator (the first shape only: it is the slowest backend).
import ISA
import Cores
import GPU
import Testing

@Suite struct DivergenceTests {
    static let shapes: [(gx: Int, gy: Int, bx: Int, by: Int)] = [(2, 3, 5, 3), (3, 1, 32, 1), (1, 2, 7, 4)]

    /// The policies a backend runs: the Swift simulator only depth-first (it is the slowest backend).
    static func policies(_ backend: GPUBackend) -> [DivergencePolicy] {
        backend == .swift ? [.depthThenMinPC] : DivergencePolicy.allCases
    }

    /// The configuration of a policy: the default, or the prebuilt depth-first harness's.
    static func config(_ policy: DivergencePolicy) -> GPUConfig { policy == .minPC ? GPUConfig() : GPUHarness.depthFirst }

    func run(_ gpu: TestGPU, _ name: String, shape: (gx: Int, gy: Int, bx: Int, by: Int),
             input: [UInt32] = [], fill: UInt32 = 0xDEAD_BEEF) throws -> (out: [UInt32], result: GPUResult)? {
        let model = gpu.model
        guard let elf = try loadImage(into: model) else { return nil }
        let entry = try #require(elf.symbol(name + "_entry"))
        let total = shape.gx * shape.gy * shape.bx * shape.by
        let out: UInt32 = 0x8020_0000, inp: UInt32 = 0x8030_0000
        store([UInt32](repeating: fill, count: total), model, at: out)
        store(input, model, at: inp)
        store([out, inp, UInt32(total)], model, at: dataAddress)
        let r = gpu.run(GPULaunch(entry: UInt32(entry), arg: dataAddress, grid: (UInt32(shape.gx), UInt32(shape.gy)),
                                    block: (UInt32(shape.bx), UInt32(shape.by)), stackBase: stackBase, stackSize: 1024))
        #expect(r.error == nil, "\(name): \(String(describing: r.error))")
        return (words(model, at: out, count: total), r)
    }

    func expectEach(_ name: String, _ backend: GPUBackend, _ f: (Int, Int) -> UInt32?) throws {
        for policy in Self.policies(backend) {
            guard let gpu = try makeGPU(backend, Self.config(policy)) else { return }
            for s in backend == .swift ? [Self.shapes[0]] : Self.shapes {
                guard let (out, _) = try run(gpu, name, shape: s) else { return }
                for by in 0..<s.gy { for bx in 0..<s.gx { for ty in 0..<s.by { for tx in 0..<s.bx {
                    let g = globalIndex(bx: bx, by: by, gx: s.gx, tx: tx, ty: ty, bdx: s.bx, bdy: s.by)
                    #expect(out[g] == (f(g, tx) ?? 0xDEAD_BEEF), "\(name) \(policy) thread \(g)")
                } } } }
            }
        }
    }

    @Test(arguments: GPUBackend.all) func ifElse(_ backend: GPUBackend) throws { try expectEach("t_ifelse", backend) { g, tx in UInt32(tx & 1 == 1 ? g * 3 : g + 100) } }

    @Test(arguments: GPUBackend.all) func loopsWithPerThreadTripCounts(_ backend: GPUBackend) throws {
        try expectEach("t_loop", backend) { g, _ in
            var s: Int32 = 0
            for i in 0..<(g % 7) { s = s &+ (Int32(i * g) ^ Int32(i)) }
            return UInt32(bitPattern: s)
        }
    }

    @Test(arguments: GPUBackend.all) func earlyReturn(_ backend: GPUBackend) throws { try expectEach("t_early", backend) { g, _ in g % 3 == 0 ? nil : UInt32(g * 7) } }

    @Test(arguments: GPUBackend.all) func recursionOnPerThreadStacks(_ backend: GPUBackend) throws {
        func fib(_ n: Int) -> Int { n < 2 ? n : fib(n - 1) + fib(n - 2) }
        try expectEach("t_recursion", backend) { g, _ in UInt32(fib(g % 12)) }
    }

    @Test(arguments: GPUBackend.all) func blockReductionWithBarriers(_ backend: GPUBackend) throws {
        let s = (gx: 3, gy: 2, bx: 7, by: 3)
        let input = (0..<(6 * 21)).map { UInt32($0 * 37 % 101) }
        for policy in Self.policies(backend) {
            guard let gpu = try makeGPU(backend, Self.config(policy)),
                  let (out, _) = try run(gpu, "t_reduce", shape: s, input: input) else { return }
            for b in 0..<6 {
                #expect(out[b] == input[b * 21..<(b + 1) * 21].reduce(0, &+))
            }
        }
    }

    @Test(arguments: GPUBackend.all) func callLayoutsUnderBothPolicies(_ backend: GPUBackend) throws {
        var cycles: [String: UInt64] = [:]
        for policy in DivergencePolicy.allCases {
            guard let gpu = try makeGPU(backend, Self.config(policy)) else { return }
            for name in ["t_call_below", "t_call_above"] {
                guard let (out, r) = try run(gpu, name, shape: (1, 1, 32, 1)) else { return }
                for g in 0..<32 {
                    var v = Int32(g)
                    if g & 1 == 1 { var s: Int32 = 0; for i in 0..<20 { s = s &+ (v ^ Int32(i)) }; v = s }
                    for i in 0..<20 { v = v &* 3 &+ Int32(i) }
                    #expect(out[g] == UInt32(bitPattern: v))
                }
                cycles["\(policy.rawValue) \(name)"] = r.cycles
            }
        }
        // Depth-first reconverges after the call whatever the layout; MinPC only when the callee lies below.
        #expect(cycles["depth t_call_above"]! < cycles["minpc t_call_above"]!)
        print("call layout cycles:", cycles.sorted { $0.key < $1.key })
    }
}
