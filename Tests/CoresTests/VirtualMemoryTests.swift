import Testing
import Foundation
import Spec
import TestSupport
import RTLSim

// The privilege and virtual-memory programs of Software/isa-tests (vm.S: Sv32/Sv39 page faults and
// their tval, SUM, MXR, superpages, A/D under Svade, MPRV, delegation, interrupts; priv.S: TVM,
// TSR, TW, counter enables; vmfaults.S: directed MMU faults, each with its cause and tval; pmp.S:
// the PMP entry, on its own and under paging) on the SoC RTL, in lock-step with the ISA model:
// every retired instruction and every trap (cause and tval) must match. The ISA tests check the
// same programs on the model, on qemu and on Spike.

@Suite struct VirtualMemoryTests {
    /// -D flags per program. vmfaults.S: SVADE (the RTL's A/D scheme), NOT_QEMU (the spec's
    /// behaviour where qemu 7.2 departs from it; for pmp.S, the WARL rules of 8-byte granules).
    static let defines = ["vmfaults": ["SVADE", "NOT_QEMU"], "pmp": ["NOT_QEMU"]]

    static func build(_ name: String, xlen: Int, defines: [String] = []) throws -> [UInt8] {
        let folder = URL(fileURLWithPath: temporaryPath("vm-\(name)-\(xlen)"))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let arch = xlen == 32 ? ["-march=rv32im", "-mabi=ilp32"] : ["-march=rv64im", "-mabi=lp64", "-mcmodel=medany"]
        let tests = repositoryRoot.appendingPathComponent("Software/isa-tests")
        let (status, output) = try runTool("riscv64-unknown-elf-gcc", arch + defines.map { "-D\($0)" } + [
            "-misa-spec=2.2", "-nostdlib", "-static", "-I", repositoryRoot.appendingPathComponent("Generated").path,
            "-T", tests.appendingPathComponent("link.ld").path, "-o", "test.elf", tests.appendingPathComponent("\(name).S").path], in: folder)
        guard status == 0 else { throw SimulationError("\(name).S: \(output)") }
        return [UInt8](try Data(contentsOf: folder.appendingPathComponent("test.elf")))
    }

    @Test(arguments: ["vm", "priv", "vmfaults", "pmp"], [32, 64]) func privilegeProgramsInLockStep(name: String, xlen: Int) throws {
        guard requireTools("riscv64-unknown-elf-gcc") else { return }
        let bench = try SoCBench(xlen: xlen, ramBytes: 1 << 20)
        let result = try bench.run(try Self.build(name, xlen: xlen, defines: Self.defines[name] ?? []), maxCycles: 400_000, trace: false, cosimulate: true)
        if let mismatch = result.mismatch { Issue.record("RV\(xlen) \(name).S: \(mismatch)") }
        #expect(result.finished && result.exitCode == 0, "RV\(xlen) \(name).S: exit \(result.exitCode) (the failing check, see the source)")
    }
}

// A paged program that ends through `tohost` at another virtual address (as riscv-tests' v
// environment does: its kernel runs at the top of the address space). The runner used to match
// the store's virtual address against the symbol and ran on past the end.
@Suite struct PagedToHostTests {
    static let source = """
        #if __riscv_xlen == 64
        #define ROOT_INDEX(va) (((va) >> 30) & 0x1FF)
        #define MODE (8 << 60)
        #define PTE_SIZE 8
        #else
        #define ROOT_INDEX(va) (((va) >> 22) & 0x3FF)
        #define MODE (1 << 31)
        #define PTE_SIZE 4
        #endif
        main:
            la t0, root                          # identity superpage for the program (V R W X A D)
            li t1, 0x80000000
            srli t2, t1, 12
            slli t2, t2, 10
            ori t2, t2, 0xCF
            li t3, ROOT_INDEX(0x80000000) * PTE_SIZE
            add t3, t3, t0
            SREG t2, 0(t3)
            li t3, ROOT_INDEX(0x40000000) * PTE_SIZE   # and again at 0x40000000
            add t3, t3, t0
            SREG t2, 0(t3)
            srli t0, t0, 12
            li t1, MODE
            or t0, t0, t1
            csrw satp, t0
            sfence.vma
            li t0, 0x1800                        # to S mode, paging on
            csrc mstatus, t0
            li t0, 0x800
            csrs mstatus, t0
            la t0, supervisor
            csrw mepc, t0
            mret
        supervisor:
            la t0, tohost                        # its alias at 0x40000000 + offset
            li t1, 0x40000000
            sub t0, t0, t1
            li t1, 1
            SREG t1, 0(t0)
        spin:
            j spin
        .data
        .balign 4096
        root: .fill 4096, 1, 0
        .balign 8
        .globl tohost
        tohost: .dword 0
        """

    @Test(arguments: [32, 64]) func endsThroughTohostAtAnotherAddress(xlen: Int) throws {
        guard requireTools("riscv64-unknown-elf-gcc") else { return }
        let bench = try SoCBench(xlen: xlen, ramBytes: 1 << 20)
        let result = try bench.run(try assemble(Self.source, xlen: xlen), maxCycles: 20_000, trace: false, cosimulate: true)
        if let mismatch = result.mismatch { Issue.record("RV\(xlen): \(mismatch)") }
        #expect(result.finished && result.exitCode == 0, "RV\(xlen): the run ended through tohost")
    }
}
