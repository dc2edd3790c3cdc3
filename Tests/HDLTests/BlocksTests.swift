import Testing
import HDL
import Cores
@testable import RTLSim

// Every reference block against a plain Swift model, 10,000 random cycles on each backend.

let blockCycles = 10_000

/// The design registered as `name` in `Designs.all`, and the ports of `top`, the module it is
/// built from: the testbench simulates the registered design and addresses its ports through
/// `top`'s bundle. The two must have the same ports.
func registered<M: Module>(_ name: String, _ top: M) throws -> (design: Design, io: M.IO) {
    let design = try #require(Designs.named(name), "design '\(name)' is not in Designs.all").elaborate()
    let elaborated = try Elaborator.elaborateWithPorts(top)
    func signature(_ d: Design) -> [String] { d.topModule.ports.map { "\($0.direction) \($0.name): \($0.type)" } }
    #expect(signature(design) == signature(elaborated.design), "'\(name)' has the ports of \(top.name)")
    return (design, elaborated.ports)
}

/// A design that is not registered, and its ports.
func withPorts<M: Module>(_ top: M) throws -> (design: Design, io: M.IO) {
    let elaborated = try Elaborator.elaborateWithPorts(top)
    return (elaborated.design, elaborated.ports)
}

@Suite struct BlocksTests {
    @Test func counter() throws {
        let (design, io) = try registered("counter", Counter(width: 8))
        try onEachBackend(design) { sim, check in
            var rng = SeededGenerator(seed: 1)
            var count: UInt64 = 0
            sim.reset()
            for cycle in 0..<blockCycles {
                let enable = rng.bool(), clear = rng.bool(0.05)
                sim.poke(io.enable, enable)
                sim.poke(io.clear, clear)
                sim.step()
                count = clear ? 0 : enable ? (count + 1) & 0xFF : count
                check.equal(sim.peek(io.count), count, "count after cycle \(cycle)")
            }
        }
    }

    @Test func fifo() throws {
        let depth = 16
        let (design, io) = try registered("fifo", FIFO(width: 8, depth: depth))
        try onEachBackend(design) { sim, check in
            var rng = SeededGenerator(seed: 2)
            var queue: [UInt64] = []
            var pushes = 0, pops = 0, pushWhileFull = 0
            sim.reset()
            for cycle in 0..<blockCycles {
                // Phases that mostly fill, mostly drain, or balance the queue.
                let phase = (cycle / 400) % 3
                let push = rng.bool([0.8, 0.2, 0.5][phase]), pop = rng.bool([0.2, 0.8, 0.5][phase])
                let data = rng.value(bits: 8)
                sim.poke(io.enq.valid, push)
                sim.poke(io.enq.bits, data)
                sim.poke(io.deq.ready, pop)
                check.equal(sim.peek(io.count), UInt64(queue.count), "count at cycle \(cycle)")
                check.equal(sim.peek(io.enq.ready), queue.count < depth ? 1 : 0, "enq.ready at cycle \(cycle)")
                check.equal(sim.peek(io.deq.valid), queue.isEmpty ? 0 : 1, "deq.valid at cycle \(cycle)")
                if let head = queue.first { check.equal(sim.peek(io.deq.bits), head, "deq.bits at cycle \(cycle)") }
                sim.step()
                let popped = pop && !queue.isEmpty
                let pushed = push && queue.count < depth
                if push && queue.count == depth && pop { pushWhileFull += 1 }
                if popped { queue.removeFirst(); pops += 1 }
                if pushed { queue.append(data); pushes += 1 }
            }
            #expect(pushes > 2000 && pops > 2000 && pushWhileFull > 10, "the stimulus reaches full and empty")
        }
    }

    @Test func uartTransmitter() throws {
        let divisor = 3
        let elaborated = try Elaborator.elaborateWithPorts(UARTTransmitter(divisor: divisor))
        let io = elaborated.ports
        try onEachBackend(elaborated.design) { sim, check in
            var rng = SeededGenerator(seed: 3)
            var model = UARTTransmitterModel(divisor: divisor)
            var line: [UInt64] = []
            var accepted: [UInt64] = []
            sim.reset()
            for cycle in 0..<blockCycles {
                let valid = rng.bool(0.3), byte = rng.value(bits: 8)
                sim.poke(io.data.valid, valid)
                sim.poke(io.data.bits, byte)
                check.equal(sim.peek(io.data.ready), model.ready ? 1 : 0, "data.ready at cycle \(cycle)")
                check.equal(sim.peek(io.txd), model.txd, "txd at cycle \(cycle)")
                line.append(sim.peek(io.txd))
                if valid && model.ready { accepted.append(byte) }
                model.step(valid: valid, byte: byte)
                sim.step()
            }
            // Independently of the model: the line carries the accepted bytes, framed 8N1.
            let decoded = decodeUART(line, divisor: divisor)
            check.equal(Array(accepted.prefix(decoded.count)), decoded.map(\.byte), "bytes on the line")
            check.equal(decoded.allSatisfy { $0.stopBit == 1 }, true, "every stop bit is 1")
            #expect(decoded.count > 200 && accepted.count - decoded.count <= 1)
        }
    }

    @Test func uartReceiver() throws {
        let divisor = 5
        let elaborated = try Elaborator.elaborateWithPorts(UARTReceiver(divisor: divisor))
        let io = elaborated.ports
        // The line: frames with random gaps, one in eight with a bad stop bit, some one-cycle glitches
        // (too short to be a start bit).
        var rng = SeededGenerator(seed: 4)
        var line: [UInt64] = []
        var sent: [(byte: UInt64, good: Bool)] = []
        var lastGood = true
        while line.count < blockCycles - 20 * divisor {
            // After a bad stop bit the line must go high (one cycle is enough) before the next start bit.
        let gap = Int(rng.next() % UInt64(3 * divisor)) + (lastGood ? 0 : 1)
            if lastGood && gap >= 2 * divisor && rng.bool(0.3) {
                line += [0] + Array(repeating: 1, count: gap - 1)
            } else {
                line += Array(repeating: 1, count: gap)
            }
            let byte = rng.value(bits: 8), good = !rng.bool(0.125)
            let bits: [UInt64] = [0] + (0..<8).map { (byte >> UInt64($0)) & 1 } + [good ? 1 : 0]
            for bit in bits { line += Array(repeating: bit, count: divisor) }
            sent.append((byte, good))
            lastGood = good
        }
        line += Array(repeating: 1, count: blockCycles - line.count)

        try onEachBackend(elaborated.design) { sim, check in
            var model = UARTReceiverModel(divisor: divisor)
            var received: [(byte: UInt64, good: Bool)] = []
            sim.reset()
            for (cycle, rxd) in line.enumerated() {
                sim.poke(io.rxd, rxd)
                check.equal(sim.peek(io.data.valid), model.valid, "data.valid at cycle \(cycle)")
                check.equal(sim.peek(io.data.bits), model.shifter, "data.bits at cycle \(cycle)")
                check.equal(sim.peek(io.frameError), model.frameError, "frame_error at cycle \(cycle)")
                if sim.peek(io.data.valid) == 1 { received.append((sim.peek(io.data.bits), true)) }
                if sim.peek(io.frameError) == 1 { received.append((sim.peek(io.data.bits), false)) }
                model.step(rxd: rxd)
                sim.step()
            }
            check.equal(received.map(\.good), sent.map(\.good), "good and bad frames")
            check.equal(received.filter(\.good).map(\.byte), sent.filter(\.good).map(\.byte), "received bytes")
            #expect(sent.count > 150)
        }
    }

    @Test func uartLoopback() throws {
        let elaborated = try Elaborator.elaborateWithPorts(UARTLoopback(divisor: 4))
        let io = elaborated.ports
        try onEachBackend(elaborated.design) { sim, check in
            var rng = SeededGenerator(seed: 8)
            var sent: [UInt64] = [], received: [UInt64] = []
            sim.reset()
            for cycle in 0..<blockCycles {
                let valid = rng.bool(0.5), byte = rng.value(bits: 8)
                sim.poke(io.send.valid, valid)
                sim.poke(io.send.bits, byte)
                if valid && sim.peek(io.send.ready) == 1 { sent.append(byte) }
                if sim.peek(io.received.valid) == 1 { received.append(sim.peek(io.received.bits)) }
                check.equal(sim.peek(io.frameError), 0, "frame_error at cycle \(cycle)")
                sim.step()
            }
            check.equal(received, Array(sent.prefix(received.count)), "bytes through the loop")
            #expect(received.count > 200 && sent.count - received.count <= 1)
        }
    }

    @Test(arguments: ["regfile32", "regfile64", "regfile32_no_zero"])
    func registerFile(_ name: String) throws {
        let xlen = name.contains("64") ? 64 : 32, zero = !name.hasSuffix("no_zero")
        let (design, io) = name == "regfile32_no_zero"
            ? try withPorts(RegisterFile(xlen: 32, zeroRegister: false)) : try registered(name, RegisterFile(xlen: xlen))
        try onEachBackend(design) { sim, check in
            var rng = SeededGenerator(seed: 5)
            var registers = [UInt64](repeating: 0, count: 32)
            sim.reset()
            for cycle in 0..<blockCycles {
                // The first 32 cycles write every register, so nothing depends on power-up contents.
                let enable = cycle < 32 || rng.bool(0.6)
                let address = cycle < 32 ? UInt64(cycle) : rng.next() % 32
                let data = rng.value(bits: xlen)
                let read1 = rng.next() % 32, read2 = rng.bool(0.2) ? address : rng.next() % 32
                sim.poke(io.write.enable, enable)
                sim.poke(io.write.address, address)
                sim.poke(io.write.data, data)
                sim.poke(io.read1.address, read1)
                sim.poke(io.read2.address, read2)
                if cycle >= 32 {
                    check.equal(sim.peek(io.read1.data), registers[Int(read1)], "x\(read1) on port 1 at cycle \(cycle)")
                    check.equal(sim.peek(io.read2.data), registers[Int(read2)], "x\(read2) on port 2 at cycle \(cycle)")
                }
                sim.step()
                if enable && !(zero && address == 0) { registers[Int(address)] = data }
            }
        }
    }

    @Test(arguments: [32, 64])
    func alu(_ xlen: Int) throws {
        let operations = ALUOp.allCases.filter { xlen == 64 || $0.rawValue < 16 }
        let (design, io) = try registered("alu\(xlen)", ALU(xlen: xlen))
        try onEachBackend(design) { sim, check in
            var rng = SeededGenerator(seed: 6)
            for cycle in 0..<blockCycles {
                let a = rng.value(bits: xlen), b = rng.bool(0.1) ? a : rng.value(bits: xlen)
                let op = operations[Int(rng.next() % UInt64(operations.count))]
                let branch = BranchOp.allCases[Int(rng.next() % UInt64(BranchOp.allCases.count))]
                sim.poke(io.a, a)
                sim.poke(io.b, b)
                sim.poke(io.op, UInt64(op.rawValue))
                sim.poke(io.branch, UInt64(branch.rawValue))
                check.equal(sim.peek(io.result), aluReference(op, a, b, xlen: xlen), "\(op) 0x\(String(a, radix: 16)) 0x\(String(b, radix: 16)) at cycle \(cycle)")
                check.equal(sim.peek(io.taken), branchReference(branch, a, b, xlen: xlen) ? 1 : 0, "\(branch) at cycle \(cycle)")
                sim.step()
            }
        }
    }

    @Test(arguments: [(32, 1), (32, 2), (64, 1), (64, 2)])
    func multiplier(_ xlen: Int, _ latency: Int) throws {
        let (design, io) = try withPorts(Multiplier(xlen: xlen, latency: latency))
        let operations = MulOp.allCases.filter { xlen == 64 || $0 != .mulw }
        try onEachBackend(design) { sim, check in
            var rng = SeededGenerator(seed: 7)
            // Requests on their way through the stages; the first is the one due after this edge.
            var inFlight: [(valid: Bool, result: UInt64)] = Array(repeating: (false, 0), count: latency - 1)
            sim.reset()
            for cycle in 0..<blockCycles {
                let valid = rng.bool(0.7), a = rng.value(bits: xlen), b = rng.value(bits: xlen)
                let op = operations[Int(rng.next() % UInt64(operations.count))]
                sim.poke(io.request.valid, valid)
                sim.poke(io.request.bits.a, a)
                sim.poke(io.request.bits.b, b)
                sim.poke(io.request.bits.op, UInt64(op.rawValue))
                sim.step()
                inFlight.append((valid, multiplyReference(op, a, b, xlen: xlen)))
                let due = inFlight.removeFirst()
                check.equal(sim.peek(io.result.valid), due.valid ? 1 : 0, "result.valid after cycle \(cycle)")
                if due.valid { check.equal(sim.peek(io.result.bits), due.result, "result after cycle \(cycle)") }
            }
        }
    }
}

/// The transmitter's line wired to the receiver: what goes in must come out.
struct UARTLoopback: Module {
    let divisor: Int
    struct IO: Bundle {
        var send = Flipped(Decoupled(Signal(.uint(8))))
        var received = Output(Valid(Signal(.uint(8))))
        var frameError = Output(.bit)
    }
    var io: IO { IO() }

    func body(_ io: IO) -> [Statement] {
        let transmitter = Instance(UARTTransmitter(divisor: divisor))
        let receiver = Instance(UARTReceiver(divisor: divisor))
        transmitter.data.valid <== io.send.valid
        transmitter.data.bits <== io.send.bits
        io.send.ready <== transmitter.data.ready
        receiver.rxd <== transmitter.txd
        io.received <== receiver.data
        io.frameError <== receiver.frameError
    }
}

// MARK: - Reference models, in plain Swift

/// The transmitter, cycle by cycle: outputs from the state, then the clock edge.
struct UARTTransmitterModel {
    enum State { case idle, start, data, stop }
    let divisor: Int
    var state = State.idle, ticks = 0, bitIndex = 0, shifter: UInt64 = 0

    var ready: Bool { state == .idle }
    var txd: UInt64 {
        switch state {
        case .start: return 0
        case .data: return shifter & 1
        default: return 1
        }
    }

    mutating func step(valid: Bool, byte: UInt64) {
        let bitDone = ticks == divisor - 1
        ticks = bitDone ? 0 : ticks + 1
        switch state {
        case .idle:
            ticks = 0
            if valid { shifter = byte; state = .start }
        case .start:
            if bitDone { state = .data }
        case .data:
            if bitDone {
                shifter >>= 1
                if bitIndex == 7 { state = .stop }
                bitIndex = (bitIndex + 1) % 8
            }
        case .stop:
            if bitDone { state = .idle }
        }
    }
}

/// The receiver, cycle by cycle: a two-stage synchronizer, then sampling in the middle of each bit.
struct UARTReceiverModel {
    enum State { case idle, start, data, stop, recover }
    let divisor: Int
    var synchronizer: [UInt64] = [1, 1]
    var state = State.idle, ticks = 0, bitIndex = 0
    var shifter: UInt64 = 0, valid: UInt64 = 0, frameError: UInt64 = 0

    mutating func step(rxd: UInt64) {
        let rx = synchronizer[1]
        synchronizer = [rxd, synchronizer[0]]
        let halfBit = ticks == divisor / 2 - 1, fullBit = ticks == divisor - 1
        ticks += 1
        valid = 0
        frameError = 0
        switch state {
        case .idle:
            ticks = 0
            if rx == 0 { state = .start }
        case .start:
            if halfBit { ticks = 0; state = rx == 1 ? .idle : .data }
        case .data:
            if fullBit {
                ticks = 0
                shifter = (rx << 7) | (shifter >> 1)
                if bitIndex == 7 { state = .stop }
                bitIndex = (bitIndex + 1) % 8
            }
        case .stop:
            if fullBit { state = rx == 1 ? .idle : .recover; valid = rx; frameError = 1 - rx }
        case .recover:
            if rx == 1 { state = .idle }
        }
        ticks %= 1 << 8
    }
}

/// Reads 8N1 frames off a sampled line (one sample per clock), sampling each bit in its middle.
func decodeUART(_ line: [UInt64], divisor: Int) -> [(byte: UInt64, stopBit: UInt64)] {
    var frames: [(UInt64, UInt64)] = []
    var i = 1
    while i + 10 * divisor <= line.count {
        guard line[i - 1] == 1, line[i] == 0 else { i += 1; continue }
        let middle = i + divisor / 2
        var byte: UInt64 = 0
        for bit in 0..<8 { byte |= line[middle + (bit + 1) * divisor] << UInt64(bit) }
        frames.append((byte, line[middle + 9 * divisor]))
        i = middle + 9 * divisor + 1
    }
    return frames
}

func aluReference(_ op: ALUOp, _ a: UInt64, _ b: UInt64, xlen: Int) -> UInt64 {
    let signedA = Int64(bitPattern: signExtend(a, from: xlen)), signedB = Int64(bitPattern: signExtend(b, from: xlen))
    let shamt = b & UInt64(xlen - 1)
    let a32 = a & 0xFFFF_FFFF, b32 = b & 0xFFFF_FFFF, shamt32 = b & 31
    let value: UInt64
    switch op {
    case .add: value = a &+ b
    case .sub: value = a &- b
    case .sll: value = a << shamt
    case .slt: value = signedA < signedB ? 1 : 0
    case .sltu: value = a < b ? 1 : 0
    case .xor: value = a ^ b
    case .srl: value = a >> shamt
    case .sra: value = UInt64(bitPattern: signedA >> Int64(shamt))
    case .or: value = a | b
    case .and: value = a & b
    case .addw: value = signExtend((a32 &+ b32) & 0xFFFF_FFFF, from: 32)
    case .subw: value = signExtend((a32 &- b32) & 0xFFFF_FFFF, from: 32)
    case .sllw: value = signExtend((a32 << shamt32) & 0xFFFF_FFFF, from: 32)
    case .srlw: value = signExtend(a32 >> shamt32, from: 32)
    case .sraw: value = UInt64(bitPattern: Int64(Int32(bitPattern: UInt32(a32)) >> Int32(shamt32)))
    }
    return masked(value, xlen)
}

func branchReference(_ op: BranchOp, _ a: UInt64, _ b: UInt64, xlen: Int) -> Bool {
    let signedA = Int64(bitPattern: signExtend(a, from: xlen)), signedB = Int64(bitPattern: signExtend(b, from: xlen))
    switch op {
    case .eq: return a == b
    case .ne: return a != b
    case .lt: return signedA < signedB
    case .ge: return signedA >= signedB
    case .ltu: return a < b
    case .geu: return a >= b
    }
}

func multiplyReference(_ op: MulOp, _ a: UInt64, _ b: UInt64, xlen: Int) -> UInt64 {
    if xlen == 32 {
        let sa = Int64(Int32(truncatingIfNeeded: a)), sb = Int64(Int32(truncatingIfNeeded: b))
        switch op {
        case .mul, .mulw: return (a &* b) & 0xFFFF_FFFF
        case .mulh: return UInt64(bitPattern: (sa * sb) >> 32) & 0xFFFF_FFFF
        case .mulhsu: return UInt64(bitPattern: (sa * Int64(b)) >> 32) & 0xFFFF_FFFF
        case .mulhu: return (a * b) >> 32
        }
    }
    let unsigned = a.multipliedFullWidth(by: b)
    switch op {
    case .mul: return unsigned.low
    case .mulw: return signExtend((a &* b) & 0xFFFF_FFFF, from: 32)
    case .mulhu: return unsigned.high
    case .mulh: return UInt64(bitPattern: Int64(bitPattern: a).multipliedFullWidth(by: Int64(bitPattern: b)).high)
    case .mulhsu:
        // a signed, b unsigned: the unsigned product, minus b << 64 when a is negative.
        return Int64(bitPattern: a) < 0 ? unsigned.high &- b : unsigned.high
    }
}
