import HDL

/// Compiles a flat netlist into a tape: value slots for every live node, the combinational
/// nodes in dependency order, and the tables the clock edge needs. Done once per simulator.
struct CompiledDesign {
    var tape: [TapeOp] = []
    var wide = WideEvaluator()
    /// First slot of each node that has a value.
    var slot: [Int: Int] = [:]
    var slotCount = 0
    var initialValues: [UInt64] = []
    var memoryBase: [Int] = []
    /// Operand tables of `priority` instructions.
    var tables: [Int32] = []
    /// Mux chains run as one `priority` instruction: head -> conditions and values, then default.
    var chains: [Int: [Int]] = [:]
    /// Chains that are a `Switch` (their table holds the constants in place of the conditions):
    /// head -> the subject compared.
    var switchSubjects: [Int: Int] = [:]
    /// How many nodes (and roots) read each node.
    var uses: [Int] = []
    /// `slice(x) == constant` as one `fieldEqual`: the compare -> its slice, which is not emitted.
    var fieldCompares: [Int: Int] = [:]
    /// Nodes computed inside another operation (those slices), so never emitted on their own.
    var absorbed = Set<Int>()
    /// Registers that hold their value unless a condition is true (`next = c ? x : register`),
    /// by their next-value mux: the tape writes x into the next slot only when c is 1, since the
    /// next slot already holds the register's value (see `SwiftSimulator.edge` and `settle`).
    var heldRegisters = Set<Int>()
    var memoryWords = 0
    /// Register values take one run of slots and their next values the run after it, in the same
    /// order, so the clock edge is one block copy: `registerWords` slots from `nextBlock` to
    /// `registerBlock`.
    var registerBlock = 0, nextBlock = 0, registerWords = 0
    let netlist: FlatNetlist

    static func mask(_ width: Int) -> UInt64 { width >= 64 ? ~0 : (1 << UInt64(width)) &- 1 }
    static func words(_ width: Int) -> Int { (width + 63) / 64 }

    init(_ netlist: FlatNetlist) {
        self.netlist = netlist
        var base = 0
        for m in netlist.memories {
            memoryBase.append(base)
            base += m.depth * CompiledDesign.words(m.type.width)
        }
        memoryWords = base
        compile()
    }

    mutating func allocate(_ id: Int) -> Int {
        if let s = slot[id] { return s }
        let s = slotCount
        slotCount += CompiledDesign.words(netlist.nodes[id].width)
        slot[id] = s
        return s
    }

    mutating func compile() {
        let nodes = netlist.nodes
        let roots = netlist.roots
        uses = [Int](repeating: 0, count: netlist.nodes.count)
        for n in netlist.nodes { for o in n.operands { uses[o] += 1 } }
        for r in roots { uses[r] += 1 }
        findMuxChains()
        var order = netlist.liveNodes(roots: roots, operands)
        findFieldCompares(order)
        defer { wide.freeze() }
        order = groupedByLevel(order)
        let copies = allocateRegisterBlocks()
        for id in order {
            // A zero extension within one word changes no bits: it shares its operand's slot.
            if case .extend(let a, false) = nodes[id].kind, nodes[id].width <= 64, let s = slot[a] {
                slot[id] = s
                continue
            }
            _ = allocate(id)
        }
        initialValues = Array(repeating: 0, count: slotCount + 1)
        for id in order {
            if case .constant(let v) = nodes[id].kind {
                for (i, w) in v.words.enumerated() { initialValues[slot[id]! + i] = w }
            }
        }
        let regions = GuardedRegions(order: order, roots: roots, isGuard: { id in
            guard nodes[id].width <= 64, chains[id] == nil, case .mux = nodes[id].kind else { return false }
            return true
        }, operands: operands)
        emitRegion(0, regions)
        for c in copies {
            for k in 0..<c.words {
                tape.append(.copy(from: slot[c.from]! + k, to: c.to + k))
            }
        }
    }

    /// Emits the nodes of `region` in order, each guarding mux preceded by the nodes of its two
    /// sides, each side behind a skip on the mux's condition when it has enough operations to be
    /// worth a test.
    mutating func emitRegion(_ region: Int, _ regions: GuardedRegions) {
        for id in regions.members[region] {
            if let sides = regions.sides[id], case .mux(let c, let x, _) = netlist.nodes[id].kind {
                if heldRegisters.contains(id) {
                    // A held register: its new value is computed and written only when c is 1.
                    let at = tape.count
                    tape.append(TapeOp(op: .skipUnless, width: 0, dst: 0, a: Int32(slot[c]!), b: 0, c: 0, mask: 0))
                    emitRegion(sides.whenTrue, regions)
                    tape.append(.copy(from: slot[x]!, to: slot[id]!))
                    tape[at].c = Int32(tape.count - at - 1)
                    continue
                }
                emitGuarded(sides.whenTrue, regions, skip: .skipUnless, condition: c)
                emitGuarded(sides.whenFalse, regions, skip: .skipIf, condition: c)
            }
            if computedOnTape(id) && !absorbed.contains(id) { emit(id, netlist.nodes[id]) }
        }
    }

    mutating func emitGuarded(_ region: Int, _ regions: GuardedRegions, skip: TapeOp.Op, condition: Int) {
        let at = tape.count
        tape.append(TapeOp(op: skip, width: 0, dst: 0, a: Int32(slot[condition]!), b: 0, c: 0, mask: 0))
        emitRegion(region, regions)
        let length = tape.count - at - 1
        // A test costs about what an operation does: short sides just run. A lookup in a chain
        // costs about one operation per entry.
        let cost = tape[(at + 1)...].reduce(0) { $0 + ($1.op == .priority || $1.op == .switchLookup ? Int($1.c) : 1) }
        if cost < CompiledDesign.shortestGuardedSide { tape.remove(at: at) } else { tape[at].c = Int32(length) }
    }

    static let shortestGuardedSide = 3

    /// Whether the tape computes `id` into its own slot (rather than the slot being an input, a
    /// register, a constant or shared with the operand of a zero extension).
    func computedOnTape(_ id: Int) -> Bool {
        switch netlist.nodes[id].kind {
        case .constant, .input, .register, .wire, .instanceOutput: return false
        case .extend(_, false): return netlist.nodes[id].width > 64
        default: return true
        }
    }

    /// Allocates the register block and the next-value block. A next value the tape computes is
    /// computed straight into its place in the next block; any other (another register, an
    /// input, a constant, a next value two registers share) is copied there at the end of the
    /// tape. Returns those copies.
    mutating func allocateRegisterBlocks() -> [(from: Int, to: Int, words: Int)] {
        registerBlock = slotCount
        for r in netlist.registers { _ = allocate(r.node) }
        registerWords = slotCount - registerBlock
        nextBlock = slotCount
        slotCount += registerWords
        var copies: [(from: Int, to: Int, words: Int)] = []
        for r in netlist.registers {
            let at = nextBlock + slot[r.node]! - registerBlock
            if slot[r.next] == nil && computedOnTape(r.next) {
                slot[r.next] = at
                if case .mux(_, _, let f) = netlist.nodes[r.next].kind, f == r.node, chains[r.next] == nil,
                   uses[r.next] == 1, width(r.node) <= 64 {
                    heldRegisters.insert(r.next)
                }
            } else {
                copies.append((r.next, at, CompiledDesign.words(width(r.node))))
            }
        }
        return copies
    }

    func width(_ id: Int) -> Int { netlist.nodes[id].width }

    /// What a node reads: a chain head reads its conditions, values and default.
    func operands(_ id: Int) -> [Int] {
        guard let parts = chains[id] else { return netlist.nodes[id].operands }
        return switchSubjects[id].map { [$0] + parts } ?? parts
    }

    /// Compares of a field with a constant (decoders are made of them) whose slice nothing else
    /// reads: one operation instead of two.
    mutating func findFieldCompares(_ order: [Int]) {
        let nodes = netlist.nodes
        for id in order {
            guard let (field, _) = comparedWithConstant(id), case .slice(let source, _) = nodes[field].kind,
                  uses[field] == 1, width(source) <= 64, !absorbed.contains(field) else { continue }
            fieldCompares[id] = field
            absorbed.insert(field)
        }
    }

    /// Finds chains `c1 ? v1 : (c2 ? v2 : ... d)` of narrow muxes whose inner muxes only the chain
    /// reads, as sequences of `When`s on one target leave after lowering (a table-driven decoder
    /// makes chains as long as the table). Shorter ones stay muxes.
    mutating func findMuxChains() {
        let nodes = netlist.nodes
        for (id, n) in nodes.enumerated() {
            guard n.width <= 64, case .mux(let c, let t, var f) = n.kind else { continue }
            var parts = [c, t]
            while uses[f] == 1, nodes[f].width == n.width, case .mux(let c2, let t2, let f2) = nodes[f].kind {
                parts += [c2, t2]
                f = f2
            }
            guard parts.count >= 6 else { continue }
            chains[id] = parts + [f]
            if let (subject, constants) = switchForm(parts) {
                switchSubjects[id] = subject
                for (k, constant) in constants.enumerated() { chains[id]![2 * k] = constant }
            }
        }
    }

    /// For `value == constant` (either way round): the value and the constant.
    func comparedWithConstant(_ id: Int) -> (value: Int, constant: Int)? {
        guard case .binary(.equal, let a, let b) = netlist.nodes[id].kind else { return nil }
        if case .constant = netlist.nodes[b].kind { return (a, b) }
        if case .constant = netlist.nodes[a].kind { return (b, a) }
        return nil
    }

    /// For a chain whose conditions all compare one subject with constants (a `Switch`): the
    /// subject and the constants, in order.
    func switchForm(_ parts: [Int]) -> (subject: Int, constants: [Int])? {
        var subject: Int?
        var constants: [Int] = []
        for k in stride(from: 0, to: parts.count, by: 2) {
            guard let (x, constant) = comparedWithConstant(parts[k]),
                  subject == nil || subject == x, width(x) <= 64 else { return nil }
            subject = x
            constants.append(constant)
        }
        return subject.map { ($0, constants) }
    }

    /// The same nodes, ordered by level (longest path from a source) and, within a level, by kind
    /// of operation. Nodes of one level are independent, so this keeps every dependency, and runs
    /// of the same operation make the interpreter's dispatch branch predictable: on a CPU-sized
    /// design that is most of the cost of an operation.
    static let binaryOrder: [BinaryOp] = [.add, .sub, .and, .or, .xor, .mulUU, .mulSS, .mulSU, .shiftLeft,
        .shiftRightLogical, .shiftRightArithmetic, .equal, .notEqual, .lessThan, .lessOrEqual, .signedLessThan, .signedLessOrEqual]

    func groupedByLevel(_ order: [Int]) -> [Int] {
        var level = [Int: Int]()
        for id in order {
            level[id] = (operands(id).compactMap { level[$0] }.max() ?? -1) + 1
        }
        func kindKey(_ id: Int) -> Int {
            switch netlist.nodes[id].kind {
            case .constant, .input, .register, .wire, .instanceOutput: return 0
            case .unary(let op, _): return 1 + ["not", "negate", "reduceAnd", "reduceOr", "reduceXor"].firstIndex(of: op.rawValue)!
            case .binary(let op, _, _): return 10 + CompiledDesign.binaryOrder.firstIndex(of: op)!
            case .mux: return 40
            case .concat: return 41
            case .slice: return 42
            case .extend: return 43
            case .memoryRead: return 44
            }
        }
        return order.enumerated().sorted { x, y in
            let (lx, ly) = (level[x.element]!, level[y.element]!)
            if lx != ly { return lx < ly }
            let (kx, ky) = (kindKey(x.element), kindKey(y.element))
            return kx != ky ? kx < ky : x.offset < y.offset
        }.map(\.element)
    }

    mutating func emit(_ id: Int, _ n: Node) {
        let dst = Int32(slot[id]!)
        let isWide = n.width > 64 || n.operands.contains { width($0) > 64 }
            || { if case .binary(let op, let a, let b) = n.kind, [.mulUU, .mulSS, .mulSU].contains(op) { return width(a) + width(b) > 64 }; return false }()
        if isWide {
            var memBase = 0, depth = 0
            if case .memoryRead(let m, _) = n.kind { memBase = memoryBase[m]; depth = netlist.memories[m].depth }
            let index = wide.add(kind: remapOperands(n.kind) { slot[$0]! }, dst: Int(dst), width: n.width,
                                 operandWidths: n.operands.map { width($0) }, memoryBase: memBase, memoryDepth: depth)
            tape.append(TapeOp(op: .wide, width: 0, dst: dst, a: Int32(index), b: 0, c: 0, mask: 0))
            return
        }
        let mask = CompiledDesign.mask(n.width)
        func s(_ x: Int) -> Int32 { Int32(slot[x]!) }
        func ins(_ op: TapeOp.Op, _ a: Int, _ b: Int = 0, _ c: Int = 0, width: Int = 0) {
            tape.append(TapeOp(op: op, width: Int32(width), dst: dst, a: s(a), b: b == 0 && op != .mux ? s(a) : s(b),
                                    c: op == .mux ? s(c) : 0, mask: mask))
        }
        switch n.kind {
        case .unary(let op, let a):
            switch op {
            case .not: ins(.not, a)
            case .negate: ins(.negate, a)
            case .reduceAnd: tape.append(TapeOp(op: .reduceAnd, width: 0, dst: dst, a: s(a), b: s(a), c: 0, mask: CompiledDesign.mask(width(a))))
            case .reduceOr: ins(.reduceOr, a)
            case .reduceXor: ins(.reduceXor, a)
            }
        case .binary(.equal, _, _) where fieldCompares[id] != nil:
            guard let (field, constant) = comparedWithConstant(id), case .slice(let source, let low) = netlist.nodes[field].kind else { return }
            tape.append(TapeOp(op: .fieldEqual, width: Int32(low), dst: dst, a: s(source), b: s(constant), c: 0,
                                    mask: CompiledDesign.mask(width(field))))
        case .binary(let op, let a, let b):
            let wa = width(a)
            let map: [BinaryOp: TapeOp.Op] = [.add: .add, .sub: .sub, .and: .and, .or: .or, .xor: .xor,
                .mulUU: .mul, .mulSS: .mulSS, .mulSU: .mulSU, .shiftLeft: .shiftLeft, .shiftRightLogical: .shiftRight,
                .shiftRightArithmetic: .shiftRightArithmetic, .equal: .equal, .notEqual: .notEqual, .lessThan: .lessThan,
                .lessOrEqual: .lessOrEqual, .signedLessThan: .signedLessThan, .signedLessOrEqual: .signedLessOrEqual]
            let w = (op == .mulSS || op == .mulSU) ? (wa | (width(b) << 8)) : wa
            tape.append(TapeOp(op: map[op]!, width: Int32(w), dst: dst, a: s(a), b: s(b), c: 0, mask: mask))
        case .mux(let c, let t, let f):
            if let parts = chains[id] {
                let base = tables.count
                tables += parts.map { Int32(slot[$0]!) }
                if let subject = switchSubjects[id] {
                    tape.append(TapeOp(op: .switchLookup, width: 0, dst: dst, a: s(subject), b: Int32(base), c: Int32(parts.count / 2), mask: mask))
                } else {
                    tape.append(TapeOp(op: .priority, width: 0, dst: dst, a: s(c), b: Int32(base), c: Int32(parts.count / 2), mask: mask))
                }
            } else {
                tape.append(TapeOp(op: .mux, width: 0, dst: dst, a: s(c), b: s(t), c: s(f), mask: mask))
            }
        case .concat(let parts) where width(parts[0]) == 1 && parts.allSatisfy({ $0 == parts[0] }):
            tape.append(TapeOp(op: .replicateBit, width: 0, dst: dst, a: s(parts[0]), b: 0, c: 0, mask: mask))
        case .concat(let parts):
            // dst = ((p0 << w1) | p1) << w2 | p2 ...: accumulate in dst.
            tape.append(TapeOp(op: .slice, width: 0, dst: dst, a: s(parts[0]), b: 0, c: 0, mask: ~0))
            for p in parts.dropFirst() {
                tape.append(TapeOp(op: .concat, width: Int32(width(p)), dst: dst, a: dst, b: s(p), c: 0, mask: 0))
            }
        case .slice(let a, let low):
            tape.append(TapeOp(op: .slice, width: Int32(low), dst: dst, a: s(a), b: 0, c: 0, mask: mask))
        case .extend(let a, let signed):
            if signed {
                tape.append(TapeOp(op: .signExtend, width: Int32(width(a)), dst: dst, a: s(a), b: 0, c: 0, mask: mask))
            } else {
                tape.append(TapeOp(op: .slice, width: 0, dst: dst, a: s(a), b: 0, c: 0, mask: ~0))
            }
        case .memoryRead(let m, let address):
            tape.append(TapeOp(op: .memoryRead, width: 0, dst: dst, a: s(address), b: Int32(memoryBase[m]),
                                    c: Int32(netlist.memories[m].depth), mask: mask))
        default:
            break
        }
    }
}
