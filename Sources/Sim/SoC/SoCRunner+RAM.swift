import Cores
import RTLSim
import Spec

// The SoC's RAM as bytes, through the simulator's back door (its words are XLEN bits wide, from
// 0x8000_0000): how the runner loads programs and arguments, and how co-simulation and tests read
// what the CPU and the GPU wrote.

extension SoCRunner {
    /// The RAM words holding `count` bytes from `address`: (first word index, word count).
    func ramWords(_ address: UInt64, count: Int) throws -> (first: Int, count: Int) {
        let wordBytes = UInt64(xlen / 8)
        guard address >= MemoryMap.ramBase, count > 0, address - MemoryMap.ramBase + UInt64(count) <= UInt64(ramBytes) else {
            throw SimulationError(String(format: "%d bytes at 0x%llx are not inside the SoC's %d KiB of RAM", count, address, ramBytes >> 10))
        }
        let first = (address - MemoryMap.ramBase) / wordBytes, last = (address - MemoryMap.ramBase + UInt64(count) - 1) / wordBytes
        return (Int(first), Int(last - first + 1))
    }

    /// Writes `bytes` at `address` (bytes around them in the same words keep their values).
    public func writeRAM(_ bytes: [UInt8], at address: UInt64) throws {
        guard !bytes.isEmpty else { return }
        let (first, count) = try ramWords(address, count: bytes.count)
        let wordBytes = UInt64(xlen / 8), start = address - MemoryMap.ramBase - UInt64(first) * wordBytes
        var words = try sim.readMemory(SoC.ramName, at: first, count: count)
        for (i, byte) in bytes.enumerated() {
            let offset = start + UInt64(i)
            let (w, shift) = (Int(offset / wordBytes), 8 * (offset % wordBytes))
            words[w] = words[w] & ~(0xFF << shift) | UInt64(byte) << shift
        }
        try sim.loadMemory(SoC.ramName, at: first, words: words)
    }

    /// The `count` bytes at `address`.
    public func readRAM(_ address: UInt64, count: Int) throws -> [UInt8] {
        let (first, words) = try ramWords(address, count: count)
        let wordBytes = xlen / 8, start = Int(address - MemoryMap.ramBase) - first * wordBytes
        let bytes = try sim.readMemory(SoC.ramName, at: first, count: words).flatMap { w in (0..<wordBytes).map { UInt8(truncatingIfNeeded: w >> (8 * $0)) } }
        return Array(bytes[start..<start + count])
    }
}
