// GPURTLMemoryTests: step 5 of the RTL plan against the model in lock-step (GPULockstep compares the
// issue trace, CYCLES, STATUS, ERROR_* and every RAM page the model wrote): loads and stores of every
// width, memory faults with the lanes before the faulting one executed (at this RAM's end), a
// store-then-load chain across warps, and the multiplier. MemoryTests' coalescing counts and shared
// memory per unit run on the RTL themselves (their backend argument).
import Cores
import GPU
import HDL
import ISA
import RTLSim
import SoCSim
import Testing
import TestSupport

extension GPURTLTests {
    /// Data inside the tests' 64 KiB RAM.
    static let data = codeAddress + 0x8000

    /// Fills `count` words at `data` with a pattern that has every byte's sign bit both ways.
    func pattern(_ lockstep: GPULockstep, count: Int = 1024) throws {
        try lockstep.load((0..<count * 4).map { UInt8(truncatingIfNeeded: $0 * 37 + 0x71) }, at: UInt64(Self.data))
    }

    @Test(arguments: Backend.allCases) func loadsOfEveryWidth(_ backend: Backend) throws {
        guard let lockstep = try lockstep(backend, Self.multi) else { return }
        try pattern(lockstep)
        // Thread f loads at a0 + f (bytes) or a0 + 2f (halfwords) from RAM and from shared memory
        // (filled by sw first), and stores each value at a0 + 0x400 + 32f + 4k.
        let loads: [(Register, Int64, Register) -> AsmStatement] = [lb, lbu, lh, lhu, lw]
        let r = try run(lockstep, block: (32, 1), arg: Self.data) {
            csrr(.t0, .gpuTidX); slli(.t4, .t0, 5); add(.t4, .t4, .a0)               // t4: this thread's output
            slli(.t1, .t0, 2); add(.t2, .t1, .a0); lw(.t3, 0, .t2)
            lui(.t5, 0x70000); add(.t5, .t5, .t1); sw(.t3, 0, .t5)                    // shared[f] = RAM word f
            gpu_bar()
            for (k, ld) in loads.enumerated() {
                let shift: Int64 = k < 2 ? 0 : k < 4 ? 1 : 2
                [slli(.t1, .t0, shift), add(.t2, .t1, .a0), ld(.t3, 0, .t2), sw(.t3, Int64(0x400 + 8 * k), .t4),
                 lui(.t2, 0x70000), add(.t2, .t2, .t1), ld(.t3, 0, .t2), sw(.t3, Int64(0x404 + 8 * k), .t4)]
            }
            // Sub-word stores, to RAM and to shared memory, read back as words.
            sb(.t0, -1, .a0); sh(.t0, -4, .a0)
            gpu_exit()
        }
        #expect(r.model.error == nil)
    }

    @Test(arguments: Backend.allCases) func storeThenLoadAcrossWarps(_ backend: Backend) throws {
        guard let lockstep = try lockstep(backend, Self.multi) else { return }
        // Warp w stores; warp w + 1 loads it without a barrier (issue order decides), then through a barrier.
        let r = try run(lockstep, grid: (2, 1), block: (32, 1), arg: Self.data) {
            csrr(.t0, .gpuTidX); csrr(.t6, .gpuBidX); slli(.t6, .t6, 9); add(.t6, .t6, .a0)
            slli(.t1, .t0, 2); add(.t2, .t1, .t6)
            addi(.t3, .t0, 100); sw(.t3, 0, .t2)
            lw(.t4, -32, .t2)
            sw(.t4, 0x100, .t2)
            gpu_bar()
            lw(.t4, 32, .t2); add(.t4, .t4, .t3); sw(.t4, 0x400, .t2)
            gpu_exit()
        }
        #expect(r.model.error == nil)
    }

    @Test(arguments: Backend.allCases) func multiplies(_ backend: Backend) throws {
        guard let lockstep = try lockstep(backend, Self.multi) else { return }
        try pattern(lockstep)
        let ops: [(Register, Register, Register) -> AsmStatement] = [mul, mulh, mulhsu, mulhu]
        let r = try run(lockstep, block: (16, 1), arg: Self.data) {
            csrr(.t0, .gpuTidX); slli(.t1, .t0, 3); add(.t1, .t1, .a0); lw(.t2, 0, .t1); lw(.t3, 4, .t1)
            slli(.t6, .t0, 4); add(.t6, .t6, .a0)
            for (k, op) in ops.enumerated() {
                [op(.t4, .t2, .t3), addi(.t4, .t4, 1), sw(.t4, Int64(0x400 + 4 * k), .t6)]   // the add waits for the product
            }
            mul(.t4, .t2, .t2); mul(.t5, .t3, .t3); mul(.zero, .t2, .t3); add(.t4, .t4, .t5); sw(.t4, 0x600, .t6)
            gpu_exit()
        }
        #expect(r.model.error == nil)
        var config = Self.multi
        config.mulLatency = 3
        guard backend == .swift, let slow = try self.lockstep(backend, config) else { return }
        try pattern(slow)
        _ = try run(slow, block: (16, 1), arg: Self.data) {
            csrr(.t0, .gpuTidX); slli(.t1, .t0, 3); add(.t1, .t1, .a0); lw(.t2, 0, .t1); lw(.t3, 4, .t1)
            mulh(.t4, .t2, .t3); mul(.t5, .t2, .t3); add(.t4, .t4, .t5); sw(.t4, 0x400, .t1)
            gpu_exit()
        }
    }

    @Test(arguments: Self.swiftOnly) func memoryFaults(_ backend: Backend) throws {
        guard let lockstep = try lockstep(backend) else { return }
        let end = codeAddress + UInt32(Self.ramBytes)
        // ErrorTests' cases (thread 5 of block 1 runs the instruction), with this RAM's end.
        let cases: [(AsmStatement, UInt32, UInt32, UInt32)] = [
            (lw(.t0, 2, .a0), Self.data, 4, Self.data + 2), (lh(.t0, 1, .a0), Self.data, 4, Self.data + 1),
            (sw(.t0, 1, .a0), Self.data, 6, Self.data + 1), (sh(.t0, 3, .a0), Self.data, 6, Self.data + 3),
            (lw(.t0, 0, .zero), Self.data, 5, 0), (sw(.t0, 0x7FC, .zero), Self.data, 7, 0x7FC),
            (lw(.t0, 0, .a0), 0x7000_4000, 5, 0x7000_4000), (sw(.t0, -4, .a0), 0x7000_0000, 7, 0x6FFF_FFFC),
            (sb(.t0, 0, .a0), end, 7, end), (lbu(.t0, -1, .a0), end, 0, 0), (lw(.t0, 0, .a0), 0x7000_3FFC, 0, 0),
            (lw(.t0, 2, .a0), 0x7000_0000, 4, 0x7000_0002)]
        for (statement, arg, cause, address) in cases {
            let (r, pc) = try faulting(lockstep, statement, arg: arg)
            #expect(r.error == (cause == 0 ? nil : GPUError(cause: cause, pc: pc, address: address)), "\(cause) 0x\(String(address, radix: 16))")
        }
    }

    @Test(arguments: Backend.allCases) func aFaultingStoreLeavesTheLanesBeforeIt(_ backend: Backend) throws {
        guard let lockstep = try lockstep(backend, Self.multi) else { return }
        // Lane 5 of warp 1 stores out of RAM; lanes 0-4 of that warp store (RAM and shared memory),
        // lanes 6 and 7 do not. A second launch copies shared memory to RAM.
        for base in [Self.data, GPUConfig.sharedBase] {
            let r = try run(lockstep, block: (16, 1), arg: base) {
                csrr(.t0, .gpuTidX); slli(.t1, .t0, 2); add(.t1, .t1, .a0)
                li(.t2, 13); bne(.t0, .t2, "store"); li(.t1, 0x100)
                Label("store"); addi(.t3, .t0, 0x55); sw(.t3, 0, .t1); sh(.t3, 0x40, .t1); gpu_exit()
            }
            #expect(r.model.error?.cause == 7 && r.error?.address == 0x100)
        }
        _ = try run(lockstep, block: (16, 1), arg: Self.data) {
            csrr(.t0, .gpuTidX); slli(.t1, .t0, 2); lui(.t2, 0x70000); add(.t2, .t2, .t1); lw(.t3, 0, .t2)
            add(.t1, .t1, .a0); sw(.t3, 0x200, .t1); gpu_exit()
        }
    }
}
