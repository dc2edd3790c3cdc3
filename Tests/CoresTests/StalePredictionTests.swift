import Foundation
import Testing
import HDL
import Cores
@testable import RTLSim

/// A BTB entry that outlives its branch: code rewritten in place (and fence.i) leaves the
/// predictor's entry for a jump that is now an add or a divide. Execute must catch the wrong
/// prediction and run the instruction after it; for a divide, which execute holds while it runs,
/// the redirect must wait for it to leave, or it would flush the divide itself (a bug the random
/// co-simulation found once the BTB lost its valid bits).
@Suite struct StalePredictionTests {
    static let program = """
        main:
            li s1, 0
            li s2, 4
        1:  jal ra, block           # trains the BTB: `site` jumps to 2f
            jal ra, site3           # and `site3` too
            addi s2, s2, -1
            bnez s2, 1b
            la t0, site
            li t1, 0x00148493       # addi s1, s1, 1
            sw t1, 0(t0)
            sw t1, 8(t0)            # site2 too
            li t1, 0x0334c4b3       # div s1, s1, s3 (at site3: a divide with a stale prediction)
            sw t1, 16(t0)
            fence.i
            li s3, 2
            jal ra, block
            CHECK s1, 21, 1         # both adds, both `addi s1, s1, 10`, then 22 / 2 + 10
            j pass
        block:
        site:
            j 2f
            addi s1, s1, 10
        site2:
            j 2f
            addi s1, s1, 10
        site3:
            j 2f                    # trained before the rewrite: the last call returns from here
            addi s1, s1, 10
        2:  ret
        """

    @Test(arguments: [32, 64]) func rewrittenJumpIsNotFollowed(xlen: Int) throws {
        try expectPass(Self.program, xlen: xlen)
    }
}
