import Foundation
import HDL

/// The Swift simulator: runs a `Design` cycle by cycle, 2-state, any width.
///
/// The design is flattened and compiled once into a tape of simple operations over a flat array
/// of 64-bit slots (see `CompiledDesign`). A cycle is: settle the combinational logic with the
/// current inputs, then on the rising edge load every register with its next value (or its reset
/// value while `reset` is 1) and apply memory writes in statement order. Reads settle first.
public final class SwiftSimulator: Simulator {
    public let design: Design
    public private(set) var cycle: UInt64 = 0

    let compiled: CompiledDesign
    let values: UnsafeMutablePointer<UInt64>
    let memory: UnsafeMutablePointer<UInt64>
    let tape: UnsafeMutableBufferPointer<TapeOp>
    /// Operand tables of `priority` instructions (slot numbers).
    let tables: UnsafeMutablePointer<Int32>
    let wide: WideEvaluator
    /// What the clock edge does, as flat tables (no ARC traffic in the hot loop).
    struct Reset { var reg: Int32; var words: Int32; var value: Int32 }   // value: offset in resetValues
    struct Write { var memory: Int32; var enable: Int32; var address: Int32; var data: Int32; var mask: Int32; var lanes: Int32; var base: Int32; var depth: Int32; var width: Int32 }
    let resets: UnsafeMutableBufferPointer<Reset>
    let resetValues: UnsafeMutableBufferPointer<UInt64>
    let writes: UnsafeMutableBufferPointer<Write>
    var resetActive = false
    var dirty = true
    var portSlots: [String: (slot: Int, width: Int, input: Bool)] = [:]
    var registerSlots: [String: (slot: Int, width: Int)] = [:]
    var waveform: VCDWriter?

    public init(design: Design) throws {
        self.design = design
        var netlist = try FlatNetlist(design)
        netlist.simplify()
        let compiled = CompiledDesign(netlist)
        self.compiled = compiled
        values = .allocate(capacity: compiled.slotCount + 1)
        values.initialize(from: compiled.initialValues, count: compiled.slotCount + 1)
        memory = .allocate(capacity: max(compiled.memoryWords, 1))
        memory.initialize(repeating: 0, count: max(compiled.memoryWords, 1))
        for (i, m) in netlist.memories.enumerated() {
            let words = CompiledDesign.words(m.type.width)
            for (a, v) in (m.initial ?? []).enumerated() {
                for (k, w) in v.words.enumerated() { memory[compiled.memoryBase[i] + a * words + k] = w }
            }
        }
        tape = .allocate(capacity: compiled.tape.count)
        _ = tape.initialize(from: compiled.tape)
        tables = .allocate(capacity: compiled.tables.count + 1)
        tables.initialize(from: compiled.tables + [0], count: compiled.tables.count + 1)
        wide = compiled.wide
        var resetList: [Reset] = []
        var values: [UInt64] = []
        for r in netlist.registers {
            if let reset = r.reset {
                resetList.append(Reset(reg: Int32(compiled.slot[r.node]!), words: Int32(reset.words.count), value: Int32(values.count)))
                values += reset.words
            }
            registerSlots[r.name] = (compiled.slot[r.node]!, netlist.nodes[r.node].width)
        }
        resets = .allocate(capacity: resetList.count)
        _ = resets.initialize(from: resetList)
        resetValues = .allocate(capacity: values.count + 1)
        _ = resetValues.initialize(from: values + [0])
        let flatWrites = netlist.writes.map { w in
            Write(memory: Int32(w.memory), enable: Int32(compiled.slot[w.enable]!), address: Int32(compiled.slot[w.address]!),
                  data: Int32(compiled.slot[w.data]!), mask: w.mask.map { Int32(compiled.slot[$0]!) } ?? -1,
                  lanes: Int32(w.mask.map { netlist.nodes[$0].width } ?? 1),
                  base: Int32(compiled.memoryBase[w.memory]), depth: Int32(netlist.memories[w.memory].depth),
                  width: Int32(netlist.memories[w.memory].type.width))
        }
        writes = .allocate(capacity: flatWrites.count)
        _ = writes.initialize(from: flatWrites)
        for p in netlist.ports {
            portSlots[p.name] = (compiled.slot[p.node]!, netlist.nodes[p.node].width, p.direction == .input)
        }
    }

    deinit {
        values.deallocate()
        memory.deallocate()
        tape.deallocate()
        tables.deallocate()
        resets.deallocate()
        resetValues.deallocate()
        writes.deallocate()
    }

    // MARK: - Ports

    public private(set) var firstError: SimulationError?

    func record(_ error: SimulationError) {
        guard firstError == nil else { return }
        firstError = error
        FileHandle.standardError.write(Data("SwiftSimulator: \(error)\n".utf8))
    }

    /// A port or register by name; nil (and the error recorded) when there is none.
    func port(_ name: String) -> (slot: Int, width: Int, input: Bool)? {
        if let p = portSlots[name] { return p }
        if let r = registerSlots[name] { return (r.slot, r.width, false) }
        let known = portSlots.keys.sorted().joined(separator: ", ")
        record(SimulationError("no port or register named '\(name)' in \(design.top); ports: \(known)"))
        return nil
    }

    /// An input port by name; nil (and the error recorded) for an unknown name or an output.
    func input(_ name: String) -> (slot: Int, width: Int)? {
        guard let p = port(name) else { return nil }
        guard p.input else {
            record(SimulationError("'\(name)' is an output of \(design.top); only inputs can be poked"))
            return nil
        }
        return (p.slot, p.width)
    }

    /// Whether `name` is a port, a register or `reset` of this design.
    public func hasSignal(_ name: String) -> Bool {
        name == "reset" || name == "clock" || portSlots[name] != nil || registerSlots[name] != nil
    }

    public func poke(_ name: String, _ value: UInt64) {
        if name == "reset" { resetActive = value & 1 == 1; return }
        guard let p = input(name) else { return }
        values[p.slot] = value & CompiledDesign.mask(min(p.width, 64))
        for i in 1..<max(CompiledDesign.words(p.width), 1) { values[p.slot + i] = 0 }
        dirty = true
    }

    public func poke(_ name: String, _ value: BitVector) {
        if name == "reset" { resetActive = value.low64 & 1 == 1; return }
        guard let p = input(name) else { return }
        let v = value.resized(to: p.width)
        for (i, w) in v.words.enumerated() { values[p.slot + i] = w }
        dirty = true
    }

    public func peek(_ name: String) -> UInt64 {
        if name == "reset" { return resetActive ? 1 : 0 }
        settle()
        guard let p = port(name) else { return 0 }
        return values[p.slot]
    }

    public func peekWide(_ name: String) -> BitVector {
        settle()
        guard let p = port(name) else { return BitVector(width: 1) }
        return BitVector(width: p.width, words: (0..<CompiledDesign.words(p.width)).map { values[p.slot + $0] })
    }

    public var registerNames: [String] { registerSlots.keys.sorted() }

    /// The size of the compiled design: operations per cycle, 64-bit value slots, registers.
    public var statistics: (operations: Int, slots: Int, registers: Int) {
        (tape.count, compiled.slotCount, compiled.netlist.registers.count)
    }

    // MARK: - Clock

    @inline(__always) func settle() {
        if dirty {
            // A held register's next slot must hold its value before the tape runs (it is written
            // only when the register loads); after a clock edge it does, after a poke it may not.
            (values + compiled.nextBlock).update(from: values + compiled.registerBlock, count: compiled.registerWords)
            runTape(UnsafeBufferPointer(tape), values, memory, UnsafePointer(tables), wide)
            dirty = false
        }
    }

    public func step(_ cycles: Int) {
        guard cycles > 0 else { return }
        settle()
        let tapeBuffer = UnsafeBufferPointer(tape)
        if waveform == nil {
            // The hot loop: locals only, so no exclusivity checks on the simulator's properties.
            let resetting = resetActive
            for _ in 0..<cycles {
                edge(resetting)
                runTape(tapeBuffer, values, memory, UnsafePointer(tables), wide)
            }
            cycle += UInt64(cycles)
        } else {
            for _ in 0..<cycles {
                edge(resetActive)
                runTape(tapeBuffer, values, memory, UnsafePointer(tables), wide)
                cycle += 1
                waveform?.sample(self)
            }
        }
        dirty = false
    }

    public func step(_ cycles: Int, untilAnyOf watched: [String]) -> Int {
        guard cycles > 0 else { return 0 }
        var slots: [Int] = []
        for name in watched {
            guard let p = port(name) else { return 0 }
            guard p.width == 1 else {
                record(SimulationError("'\(name)' is not a one-bit port of \(design.top); it cannot be watched"))
                return 0
            }
            slots.append(p.slot)
        }
        for n in 1...cycles {
            step(1)
            for s in slots where values[s] & 1 == 1 { return n }
        }
        return cycles
    }

    /// The rising edge: memory writes land, every register takes its next value (one block copy:
    /// the tape computed the next values into the block after the registers), then the registers
    /// with a reset value take it while `reset` is 1.
    @inline(__always)
    func edge(_ resetting: Bool) {
        let v = values
        for w in writes where v[Int(w.enable)] & 1 == 1 { write(w) }
        (v + compiled.registerBlock).update(from: v + compiled.nextBlock, count: compiled.registerWords)
        if resetting {
            for r in resets {
                for i in 0..<Int(r.words) { v[Int(r.reg) + i] = resetValues[Int(r.value) + i] }
            }
            (v + compiled.nextBlock).update(from: v + compiled.registerBlock, count: compiled.registerWords)
        }
    }

    func write(_ w: Write) {
        let address = values[Int(w.address)]
        guard address < UInt64(w.depth) else { return }
        let words = CompiledDesign.words(Int(w.width))
        let base = Int(w.base) + Int(address) * words
        let data = Int(w.data)
        guard w.mask >= 0 else {
            for i in 0..<words { memory[base + i] = values[data + i] }
            return
        }
        // Merge the enabled lanes word by word.
        let maskSlot = Int(w.mask), lanes = Int(w.lanes), laneWidth = Int(w.width) / lanes
        for word in 0..<words {
            var bits: UInt64 = 0
            for lane in 0..<lanes where (values[maskSlot + lane / 64] >> UInt64(lane % 64)) & 1 == 1 {
                let lo = lane * laneWidth, hi = lo + laneWidth        // [lo, hi) in bits
                let from = max(lo, word * 64), to = min(hi, word * 64 + 64)
                if from < to {
                    let n = to - from
                    bits |= (n == 64 ? ~0 : ((1 << UInt64(n)) &- 1)) << UInt64(from - word * 64)
                }
            }
            memory[base + word] = (memory[base + word] & ~bits) | (values[data + word] & bits)
        }
    }

    public func reset(cycles: Int) {
        resetActive = true
        step(cycles)
        resetActive = false
    }

    // MARK: - Memories

    func memoryIndex(_ path: String) throws -> Int {
        guard let i = compiled.netlist.memories.firstIndex(where: { $0.name == path }) else {
            let names = compiled.netlist.memories.map(\.name).joined(separator: ", ")
            throw SimulationError("no memory named '\(path)' in \(design.top); memories: \(names.isEmpty ? "none" : names)")
        }
        return i
    }

    public func loadMemory(_ path: String, at address: Int, words: [UInt64]) throws {
        let i = try memoryIndex(path)
        let m = compiled.netlist.memories[i]
        guard address >= 0, address + words.count <= m.depth else {
            throw SimulationError("loading \(words.count) words at \(address) overflows memory '\(path)' of depth \(m.depth)")
        }
        let per = CompiledDesign.words(m.type.width), mask = CompiledDesign.mask(min(m.type.width, 64))
        for (k, w) in words.enumerated() {
            memory[compiled.memoryBase[i] + (address + k) * per] = per == 1 ? w & mask : w
            for j in 1..<max(per, 1) { memory[compiled.memoryBase[i] + (address + k) * per + j] = 0 }
        }
        dirty = true
    }

    public func readMemory(_ path: String, at address: Int, count: Int) throws -> [UInt64] {
        let i = try memoryIndex(path)
        let m = compiled.netlist.memories[i]
        guard address >= 0, count >= 0, address + count <= m.depth else {
            throw SimulationError("reading \(count) words at \(address) overflows memory '\(path)' of depth \(m.depth)")
        }
        let per = CompiledDesign.words(m.type.width)
        return (0..<count).map { memory[compiled.memoryBase[i] + (address + $0) * per] }
    }

    // MARK: - Waveforms

    public func startWaveform(_ path: String) throws {
        settle()
        let signals = portSlots.keys.sorted().map { ($0, portSlots[$0]!.width) }
            + registerSlots.keys.sorted().filter { portSlots[$0] == nil }.map { ($0, registerSlots[$0]!.width) }
        waveform = try VCDWriter(path: path, top: design.top, signals: signals)
        waveform?.sample(self)
    }

    public func stopWaveform() {
        waveform?.close()
        waveform = nil
    }

    /// The value of a port or register for the waveform (settled).
    func currentValue(_ name: String) -> BitVector { peekWide(name) }
}
