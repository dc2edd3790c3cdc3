import HDL

/// Guarded evaluation: the logic that only one side of a mux reads need not run when the mux
/// selects the other side. A `When` lowers to exactly that (a register's next value is
/// `condition ? new : old`), so the divider's step, a CSR write or a device's register update
/// cost nothing in the cycles they do not happen, as in Verilator's `if` blocks.
///
/// Each live node belongs to a region: region 0 always runs; each guarding mux owns two regions
/// (one per side) nested in its own. A node's region is the innermost one that holds all its
/// uses. The tape runs a region's nodes in order, and a side's region just before its mux,
/// behind a `skipUnless`/`skipIf` on the mux's condition.
struct GuardedRegions {
    /// Region -> enclosing region (region 0 is its own parent), and its nesting depth.
    private(set) var parent: [Int] = [0]
    private(set) var depth: [Int] = [0]
    /// Guarding mux -> its regions for the true and the false side.
    private(set) var sides: [Int: (whenTrue: Int, whenFalse: Int)] = [:]
    /// Region -> its nodes, in the order given.
    private(set) var members: [[Int]] = [[]]

    /// `order`: the live nodes, operands first. `isGuard`: whether a node is a mux whose sides may
    /// be skipped. `operands`: what a node reads (for a guard: condition, true side, false side).
    init(order: [Int], roots: [Int], isGuard: (Int) -> Bool, operands: (Int) -> [Int]) {
        var region: [Int: Int] = [:]
        for r in roots { region[r] = 0 }
        for id in order.reversed() {
            let mine = region[id] ?? 0          // every use has been seen: users come later in `order`
            region[id] = mine
            var reads = operands(id)
            if isGuard(id) {
                let t = newRegion(in: mine), f = newRegion(in: mine)
                sides[id] = (t, f)
                reach(reads[1], from: t, &region)
                reach(reads[2], from: f, &region)
                reads = [reads[0]]
            }
            for o in reads { reach(o, from: mine, &region) }
        }
        members = Array(repeating: [], count: parent.count)
        for id in order { members[region[id]!].append(id) }
    }

    private mutating func newRegion(in enclosing: Int) -> Int {
        parent.append(enclosing)
        depth.append(depth[enclosing] + 1)
        return parent.count - 1
    }

    /// Records a use of `node` from `region`: the node's region becomes the innermost one that
    /// holds this use and the uses seen before.
    private func reach(_ node: Int, from region: Int, _ regions: inout [Int: Int]) {
        guard let seen = regions[node] else { regions[node] = region; return }
        var a = seen, b = region
        while depth[a] > depth[b] { a = parent[a] }
        while depth[b] > depth[a] { b = parent[b] }
        while a != b { a = parent[a]; b = parent[b] }
        regions[node] = a
    }
}
