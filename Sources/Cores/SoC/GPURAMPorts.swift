import HDL
import Spec

// The GPU's dedicated ports on the simulated RAM (words of XLEN bits from 0x8000_0000), shared by
// the SoC and the GPU harness: a read port per fetch port, and the 32-byte line port reading and
// writing the line's words with their byte masks. Neither the CPU nor the GPU ever waits for the other.

extension GPU.IO {
    /// Attaches this GPU's fetch and line ports to `ram`. Put it after the CPU's write statement:
    /// a same-cycle write of one word by both is then the GPU's (no correct program does it).
    @LogicBuilder public func attach(to ram: Memory, xlen: Int) -> [Statement] {
        let laneBits = (xlen / 8).trailingZeroBitCount              // byte-address bits below a RAM word
        let wordsPerLine = 32 / (xlen / 8), halves = xlen / 32
        let indexBits = ram.addressWidth
        for port in fetch {
            let word = ram.read(port.address[indexBits + laneBits - 1, laneBits])
            port.word <== (xlen == 64 ? Mux(port.address[2], word[63, 32], word[31, 0]) : word)
        }
        let words = (0..<wordsPerLine).map { j in
            Cat(line.line[indexBits - wordsPerLine.trailingZeroBitCount - 1, 0], Const(j, .uint(wordsPerLine.trailingZeroBitCount)))
        }
        for j in 0..<wordsPerLine {
            let word = ram.read(words[j])
            for h in 0..<halves { line.readData[halves * j + h] <== word[32 * h + 31, 32 * h] }
        }
        When(line.valid && line.write) {
            for j in 0..<wordsPerLine {
                let k = halves * j
                ram.write(words[j], Cat((0..<halves).reversed().map { line.data[k + $0] }), mask: line.byteMask[4 * (k + halves) - 1, 4 * k])
            }
        }
    }
}
