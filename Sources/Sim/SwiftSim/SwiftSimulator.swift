import HDL

/// The Swift simulator: runs a `Design` cycle by cycle, 2-state, any width.
///
/// The design is flattened and compiled once into a tape of simple operations over a flat array
/// of 64-bit slots (see `TapeCompiler`). A cycle is: settle the combinational logic with the
/// current inputs, then on the rising edge load every register with its next value (or its reset
/// value while `reset` is 1) and apply memory writes in statement order. Reads settle first.
public final class SwiftSimulator: Simulator {
    public let design: Design
    public private(set) var cycle: UInt64 = 0

    let compiled: CompiledDesign
    let values: UnsafeMutablePointer<UInt64>
    let memory: UnsafeMutablePointer<UInt64>
    let tape: UnsafeMutableBufferPointer<Instruction>
    let wide: WideEvaluator
    /// Next-value staging for registers: (register slot, next slot, words).
    let registerMoves: [(reg: Int, next: Int, words: Int, reset: [UInt64]?)]
    let staging: UnsafeMutablePointer<UInt64>
    var resetActive = false
    var dirty = true
    var portSlots: [String: (slot: Int, width: Int, input: Bool)] = [:]
    var registerSlots: [String: (slot: Int, width: Int)] = [:]
    var waveform: VCDWriter?

    public init(design: Design) throws {
        self.design = design
        let netlist = try FlatNetlist(design)
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
        wide = compiled.wide
        var moves: [(Int, Int, Int, [UInt64]?)] = []
        var stagingWords = 0
        for r in netlist.registers {
            let words = CompiledDesign.words(netlist.nodes[r.node].width)
            moves.append((compiled.slot[r.node]!, compiled.slot[r.next]!, words, r.reset?.words))
            stagingWords += words
            registerSlots[r.name] = (compiled.slot[r.node]!, netlist.nodes[r.node].width)
        }
        registerMoves = moves
        staging = .allocate(capacity: max(stagingWords, 1))
        staging.initialize(repeating: 0, count: max(stagingWords, 1))
        for p in netlist.ports {
            portSlots[p.name] = (compiled.slot[p.node]!, netlist.nodes[p.node].width, p.direction == .input)
        }
    }

    deinit {
        values.deallocate()
        memory.deallocate()
        tape.deallocate()
        staging.deallocate()
    }

    // MARK: - Ports

    func port(_ name: String) -> (slot: Int, width: Int, input: Bool) {
        if let p = portSlots[name] { return p }
        if let r = registerSlots[name] { return (r.slot, r.width, false) }
        let known = (portSlots.keys.sorted() + ["reset"]).joined(separator: ", ")
        fatalError("no port or register named '\(name)' in \(design.top); ports: \(known)")
    }

    /// Whether `name` is a port, a register or `reset` of this design.
    public func hasSignal(_ name: String) -> Bool {
        name == "reset" || name == "clock" || portSlots[name] != nil || registerSlots[name] != nil
    }

    public func poke(_ name: String, _ value: UInt64) {
        if name == "reset" { resetActive = value & 1 == 1; return }
        let p = port(name)
        precondition(p.input, "'\(name)' is not an input of \(design.top)")
        values[p.slot] = value & CompiledDesign.mask(min(p.width, 64))
        for i in 1..<max(CompiledDesign.words(p.width), 1) { values[p.slot + i] = 0 }
        dirty = true
    }

    public func poke(_ name: String, _ value: BitVector) {
        if name == "reset" { resetActive = value.low64 & 1 == 1; return }
        let p = port(name)
        precondition(p.input, "'\(name)' is not an input of \(design.top)")
        let v = value.resized(to: p.width)
        for (i, w) in v.words.enumerated() { values[p.slot + i] = w }
        dirty = true
    }

    public func peek(_ name: String) -> UInt64 {
        if name == "reset" { return resetActive ? 1 : 0 }
        settle()
        return values[port(name).slot]
    }

    public func peekWide(_ name: String) -> BitVector {
        settle()
        let p = port(name)
        return BitVector(width: p.width, words: (0..<CompiledDesign.words(p.width)).map { values[p.slot + $0] })
    }

    public var registerNames: [String] { registerSlots.keys.sorted() }

    // MARK: - Clock

    @inline(__always) func settle() {
        if dirty {
            runTape(UnsafeBufferPointer(tape), values, memory, wide)
            dirty = false
        }
    }

    public func step(_ cycles: Int) {
        for _ in 0..<cycles {
            settle()
            edge()
            runTape(UnsafeBufferPointer(tape), values, memory, wide)
            dirty = false
            cycle += 1
            waveform?.sample(self)
        }
    }

    func edge() {
        var k = 0
        for m in registerMoves {
            for i in 0..<m.words { staging[k + i] = values[m.next + i] }
            k += m.words
        }
        for w in compiled.netlist.writes { write(w) }
        k = 0
        for m in registerMoves {
            if resetActive, let r = m.reset {
                for i in 0..<m.words { values[m.reg + i] = r[i] }
            } else {
                for i in 0..<m.words { values[m.reg + i] = staging[k + i] }
            }
            k += m.words
        }
    }

    func write(_ w: FlatNetlist.MemoryWrite) {
        let slot = compiled.slot
        guard values[slot[w.enable]!] & 1 == 1 else { return }
        let m = compiled.netlist.memories[w.memory]
        let address = values[slot[w.address]!]
        guard address < UInt64(m.depth) else { return }
        let words = CompiledDesign.words(m.type.width)
        let base = compiled.memoryBase[w.memory] + Int(address) * words
        let data = slot[w.data]!
        guard let maskNode = w.mask else {
            for i in 0..<words { memory[base + i] = values[data + i] }
            return
        }
        let lanes = compiled.netlist.nodes[maskNode].width
        let laneWidth = m.type.width / lanes
        let maskSlot = slot[maskNode]!
        for lane in 0..<lanes where (values[maskSlot + lane / 64] >> UInt64(lane % 64)) & 1 == 1 {
            for bit in (lane * laneWidth)..<((lane + 1) * laneWidth) {
                let word = bit / 64, b = UInt64(bit % 64)
                let value = (values[data + word] >> b) & 1
                memory[base + word] = (memory[base + word] & ~(1 << b)) | (value << b)
            }
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
