import Testing
import HDL
import Cores
@testable import RTLSim

// The harness itself: a passing program passes, a failing check is seen with its number.

@Suite struct SmokeTests {
    @Test(arguments: [32, 64]) func passes(xlen: Int) throws {
        let r = try expectPass("""
            main:
                li a1, 5
                addi a2, a1, 3
                CHECK a2, 8, 1
                j pass
            """, xlen: xlen)
        #expect(r.retired.first?.pc == 0x8000_0000, "reset pc")
        #expect(r.retired.contains { $0.rd == 12 && $0.rdValue == 8 })
    }

    @Test func failureIsSeen() throws {
        let bench = try SoCBench(xlen: 32)
        let r = try bench.run(try assemble("main:\n li a1, 5\n CHECK a1, 6, 7\n j pass\n", xlen: 32))
        #expect(r.finished && r.exitCode == 7)
    }
}
