import Foundation
import HDL

/// The Verilator backend of `Simulator`: a Verilator model of the design, built into a shared
/// library (see `VerilatorBuild`, `Scripts/verilate.sh`) and driven through its C shim.
///
/// Cycles run inside C++ (`step(n)` is one call). A cycle is: settle the inputs (`eval` with
/// clock 0 if anything was poked), `clock = 1; eval()` (the rising edge), `clock = 0; eval()`,
/// the same observable semantics as `SwiftSimulator`. Port indices come from the in-process
/// `Design` (`clock`, `reset` when clocked, then the top's ports) and are checked against the
/// library's table. Bad names in the non-throwing protocol calls are recorded in `firstError`
/// (and printed once to stderr) instead of crashing; the `checked…` calls throw them.
public final class VerilatorSimulator: Simulator {
    public let design: Design
    public private(set) var cycle: UInt64 = 0
    /// The library loaded, and whether constructing this simulator had to build it.
    public let libraryPath: String
    public let libraryWasBuilt: Bool
    /// The first bad call (unknown port, poke of an output, ...) made through the protocol API.
    public private(set) var firstError: SimulationError?

    let library: VerilatorLibrary
    let model: UnsafeMutableRawPointer
    let ports: [VerilatorShimEmitter.PortInfo]
    let portIndex: [String: Int]
    let state: [String: VerilatorShimEmitter.StateInfo]
    public let registerNames: [String]
    var signalIndex: [String: Int32] = [:]
    var buffer: [UInt64]

    /// Builds the design's library on demand (cached under build/verilator) and loads it.
    public convenience init(design: Design) throws {
        let verilog = VerilogEmitter().emit(design)
        let build = try VerilatorBuild.library(for: design, verilog: verilog)
        try self.init(design: design, verilog: verilog, library: build.library, built: build.built,
                      rebuild: "a new VerilatorSimulator(design:) after deleting \(build.library)")
    }

    /// Loads a library built earlier; refuses it unless it was built from this design's Verilog.
    public convenience init(design: Design, library: String, rebuild: String = "`make verilate`") throws {
        try self.init(design: design, verilog: VerilogEmitter().emit(design), library: library, built: false, rebuild: rebuild)
    }

    /// The library `make verilate` built for the Generated/ design `name` (`build/verilator/lib<name>.so`).
    public static func prebuilt(_ design: Design, name: String? = nil) throws -> VerilatorSimulator {
        let name = name ?? design.top
        let path = VerilatorBuild.prebuiltLibrary(named: name)
        guard FileManager.default.fileExists(atPath: path) else {
            throw SimulationError("no Verilator library for '\(name)' at \(path); run `make verilate DESIGNS=\(name)`")
        }
        let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        return try VerilatorSimulator(design: design, library: real, rebuild: "`make verilate DESIGNS=\(name)`")
    }

    init(design: Design, verilog: String, library path: String, built: Bool, rebuild: String) throws {
        self.design = design
        let lib = try VerilatorLibrary(path: path, expectedHash: VerilatorShimEmitter.designHash(verilog),
                                       top: design.top, rebuild: rebuild)
        let ports = VerilatorShimEmitter.ports(of: design)
        guard lib.ports.map(\.name) == ports.map(\.name), lib.ports.map(\.width) == ports.map(\.width) else {
            throw SimulationError("Verilator library \(path) has other ports than '\(design.top)'; run \(rebuild)")
        }
        guard let model = lib.create() else { throw SimulationError("the Verilator model of '\(design.top)' could not be created") }
        self.library = lib
        self.model = model
        self.libraryPath = path
        self.libraryWasBuilt = built
        self.ports = ports
        self.portIndex = Dictionary(uniqueKeysWithValues: ports.enumerated().map { ($1.name, $0) })
        let state = VerilatorShimEmitter.state(of: design)
        self.state = Dictionary(state.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        self.registerNames = state.filter { $0.depth == 0 }.map(\.path).sorted()
        let widest = max(ports.map(\.width).max() ?? 1, state.map(\.width).max() ?? 1)
        buffer = Array(repeating: 0, count: BitVector.wordCount(widest) + 1)
    }

    deinit { library.free(model) }

    // MARK: - Errors


    func record(_ error: SimulationError) {
        guard firstError == nil else { return }
        firstError = error
        FileHandle.standardError.write(Data("VerilatorSimulator: \(error)\n".utf8))
    }

    func unknown(_ name: String) -> SimulationError {
        let names = ports.map(\.name).joined(separator: ", ")
        return SimulationError("no port or register named '\(name)' in \(design.top); ports: \(names)")
    }

    // MARK: - Ports and registers

    /// Sets an input port; throws for an unknown name, an output, or `clock` (driven by `step`).
    public func checkedPoke(_ port: String, _ value: BitVector) throws {
        guard let i = portIndex[port] else { throw unknown(port) }
        guard ports[i].isInput else { throw SimulationError("'\(port)' is an output of \(design.top); only inputs can be poked") }
        guard port != "clock" else { throw SimulationError("'clock' is driven by step(); poke the other inputs") }
        let v = value.resized(to: ports[i].width)
        v.words.withUnsafeBufferPointer { library.poke(model, Int32(i), $0.baseAddress) }
    }

    /// Reads a port, or a register by dotted path (`core.pc`); throws for an unknown name.
    public func checkedPeek(_ name: String) throws -> BitVector {
        if let i = portIndex[name] {
            let width = ports[i].width
            buffer.withUnsafeMutableBufferPointer { library.peek(model, Int32(i), $0.baseAddress) }
            return BitVector(width: width, words: Array(buffer.prefix(BitVector.wordCount(width))))
        }
        if state[name]?.depth == 0 { return try peekRegister(name) }
        throw unknown(name)
    }

    /// A register by dotted path, read from the model (the `.vlt` keeps registers public).
    public func peekRegister(_ path: String) throws -> BitVector {
        guard let info = state[path], info.depth == 0 else {
            throw SimulationError("no register named '\(path)' in \(design.top)")
        }
        let sig = try signal(path)
        _ = buffer.withUnsafeMutableBufferPointer { library.signalRead(model, sig, 0, $0.baseAddress) }
        return BitVector(width: info.width, words: Array(buffer.prefix(BitVector.wordCount(info.width))))
    }

    func signal(_ path: String) throws -> Int32 {
        if let s = signalIndex[path] { return s }
        let s = library.signal(model, path)
        guard s >= 0 else {
            throw SimulationError("'\(path)' is not accessible in the Verilator model of \(design.top) (not public, or optimised away)")
        }
        signalIndex[path] = s
        return s
    }

    public func poke(_ port: String, _ value: UInt64) { poke(port, BitVector(width: 64, unsigned: value)) }

    public func poke(_ port: String, _ value: BitVector) {
        do { try checkedPoke(port, value) } catch let e as SimulationError { record(e) } catch {}
    }

    public func peek(_ port: String) -> UInt64 {
        // A port of at most 64 bits straight from the model (a harness peeks a few per event).
        guard let i = portIndex[port], ports[i].width <= 64 else { return peekWide(port).low64 }
        return buffer.withUnsafeMutableBufferPointer { words in
            library.peek(model, Int32(i), words.baseAddress)
            return words[0]
        }
    }

    public func peekWide(_ port: String) -> BitVector {
        do { return try checkedPeek(port) } catch let e as SimulationError { record(e) } catch {}
        return BitVector(width: 1)
    }

    // MARK: - Clock

    public func step(_ cycles: Int) {
        guard cycles > 0 else { return }
        library.step(model, UInt64(cycles))
        cycle += UInt64(cycles)
    }

    public func step(_ cycles: Int, untilAnyOf watched: [String]) -> Int {
        guard cycles > 0 else { return 0 }
        var indices: [Int32] = []
        for name in watched {
            guard let i = portIndex[name], ports[i].width == 1 else {
                record(SimulationError("'\(name)' is not a one-bit port of \(design.top); it cannot be watched"))
                return 0
            }
            indices.append(Int32(i))
        }
        let ran = Int(indices.withUnsafeBufferPointer { library.stepUntil(model, UInt64(cycles), $0.baseAddress, Int32($0.count)) })
        cycle += UInt64(ran)
        return ran
    }

    public func reset(cycles: Int) {
        guard portIndex["reset"] != nil else { step(cycles); return }
        poke("reset", 1)
        step(cycles)
        poke("reset", 0)
    }

    // MARK: - Memories

    func memory(_ path: String, _ address: Int, _ count: Int) throws -> (Int32, VerilatorShimEmitter.StateInfo) {
        guard let info = state[path], info.depth > 0 else {
            let names = state.values.filter { $0.depth > 0 }.map(\.path).sorted().joined(separator: ", ")
            throw SimulationError("no memory named '\(path)' in \(design.top); memories: \(names.isEmpty ? "none" : names)")
        }
        guard info.backdoor else { throw SimulationError("memory '\(path)' was declared with backdoor: false") }
        guard address >= 0, count >= 0, address + count <= info.depth else {
            throw SimulationError("\(count) words at \(address) overflow memory '\(path)' of depth \(info.depth)")
        }
        return (try signal(path), info)
    }

    public func loadMemory(_ path: String, at address: Int, words: [UInt64]) throws {
        let (sig, _) = try memory(path, address, words.count)
        for (k, w) in words.enumerated() {
            for i in buffer.indices { buffer[i] = 0 }
            buffer[0] = w
            let rc = buffer.withUnsafeBufferPointer { library.signalWrite(model, sig, UInt64(address + k), $0.baseAddress) }
            guard rc == 0 else { throw SimulationError("memory '\(path)' is not writable in the Verilator model (\(rc))") }
        }
    }

    public func readMemory(_ path: String, at address: Int, count: Int) throws -> [UInt64] {
        let (sig, _) = try memory(path, address, count)
        return (0..<count).map { k in
            _ = buffer.withUnsafeMutableBufferPointer { library.signalRead(model, sig, UInt64(address + k), $0.baseAddress) }
            return buffer[0]
        }
    }

    // MARK: - Waveforms

    /// Starts a VCD of every signal of the model (Verilator's own tracer, all levels).
    public func startWaveform(_ path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw SimulationError("cannot write the waveform file \(path)")
        }
        switch library.traceOpen(model, path) {
        case 0: break
        case -2: throw SimulationError("this Verilator library was built without tracing (VERILATE_TRACE=0); rebuild it with `make verilate`")
        default: throw SimulationError("cannot write the waveform file \(path)")
        }
    }

    public func stopWaveform() { library.traceClose(model) }
}
