import HDL

/// Simplifies the flat netlist before the Swift simulator compiles it, so each cycle runs fewer
/// operations: equal nodes merged into one (flattening copies a module's logic once per
/// instance, and many blocks slice the same fields out of the same word), slices of slices and
/// of concatenations taken straight from their source, identity slices, extensions and muxes
/// dropped. Every rewrite keeps each node's width and value, so names, ports and registers read
/// as before.
extension FlatNetlist {
    /// A node's operation and operands, for finding equal nodes.
    private struct Key: Hashable {
        var tag: Int
        var width: Int
        var operands: [Int]
        var extra: Int
        var op = ""
        var constant: BitVector?
    }

    private func key(_ id: Int) -> Key? {
        let n = nodes[id]
        switch n.kind {
        case .input, .wire, .register, .instanceOutput: return nil
        case .constant(let v): return Key(tag: 0, width: n.width, operands: [], extra: 0, constant: v)
        case .unary(let op, let a): return Key(tag: 1, width: n.width, operands: [a], extra: 0, op: op.rawValue)
        case .binary(let op, var a, var b):
            if [.add, .and, .or, .xor, .mulUU, .mulSS, .equal, .notEqual].contains(op), b < a { swap(&a, &b) }
            return Key(tag: 2, width: n.width, operands: [a, b], extra: 0, op: op.rawValue)
        case .mux(let c, let t, let f): return Key(tag: 3, width: n.width, operands: [c, t, f], extra: 0)
        case .concat(let parts): return Key(tag: 4, width: n.width, operands: parts, extra: 0)
        case .slice(let a, let low): return Key(tag: 5, width: n.width, operands: [a], extra: low)
        case .extend(let a, let signed): return Key(tag: 6, width: n.width, operands: [a], extra: signed ? 1 : 0)
        case .memoryRead(let m, let a): return Key(tag: 7, width: n.width, operands: [a], extra: m)
        }
    }

    mutating func simplify() {
        var same = Array(nodes.indices)        // node -> the node that computes the same value
        var seen: [Key: Int] = [:]
        for id in liveNodes(roots: roots, { nodes[$0].operands }) {
            nodes[id].kind = remapOperands(nodes[id].kind) { same[$0] }
            if let other = rewritten(id) {
                same[id] = other
                continue
            }
            guard let k = key(id) else { continue }
            if let other = seen[k] { same[id] = other } else { seen[k] = id }
        }
        for i in registers.indices { registers[i].next = same[registers[i].next] }
        writes = writes.map { MemoryWrite(memory: $0.memory, enable: same[$0.enable], address: same[$0.address],
                                          data: same[$0.data], mask: $0.mask.map { same[$0] }) }
        for (i, p) in ports.enumerated() { ports[i].node = same[p.node] }
    }

    /// Rewrites node `id` in place into a cheaper form, or returns an existing node equal to it.
    private mutating func rewritten(_ id: Int) -> Int? {
        let width = nodes[id].width
        switch nodes[id].kind {
        case .slice(let a, 0) where nodes[a].width == width:
            return a
        case .slice(let a, let low):
            switch nodes[a].kind {
            case .slice(let source, let inner):
                nodes[id].kind = .slice(source, low: low + inner)
                return rewritten(id)
            case .concat(let parts):
                // Parts are most significant first: walk from the least significant one.
                var at = 0
                for p in parts.reversed() {
                    let w = nodes[p].width
                    if low >= at && low + width <= at + w {
                        nodes[id].kind = .slice(p, low: low - at)
                        return rewritten(id)
                    }
                    at += w
                }
            case .extend(let source, false) where low + width <= nodes[source].width:
                nodes[id].kind = .slice(source, low: low)
                return rewritten(id)
            default: break
            }
        case .extend(let a, _) where nodes[a].width == width:
            return a
        case .mux(_, let t, let f) where t == f:
            return t
        case .mux(let c, let t, let f):
            if case .constant(let v) = nodes[c].kind { return v.words[0] & 1 == 1 ? t : f }
        case .binary(.and, let a, let b) where a == b, .binary(.or, let a, let b) where a == b:
            return a
        case .unary(.not, let a):
            if case .unary(.not, let source) = nodes[a].kind { return source }
        default: break
        }
        return nil
    }
}
