import Foundation

/// A memory of `depth` words: asynchronous reads (`read`), synchronous reads (`readSync`, a
/// registered output, reading the old value on a simultaneous write) and writes with an optional
/// byte/lane mask. Initial contents come from an array or a `$readmemh`-style hex file.
public final class Memory {
    public let type: HWType
    public let depth: Int
    let index: Int
    let builder: ModuleBuilder
    let name: String

    /// The number of address bits.
    public var addressWidth: Int { bitsToRepresent(count: depth) }

    public init(_ type: HWType, depth: Int, initial: [Int]? = nil, named name: String? = nil, backdoor: Bool = true,
                file: String = #fileID, path: String = #filePath, line: Int = #line, column: Int = #column) {
        let location = SourceLocation(fileID: file, filePath: path, line: line, column: column)
        let builder = ModuleBuilder.active
        self.type = type
        self.depth = depth
        self.builder = builder
        self.name = builder.uniqueName(declarationName(name, location, fallback: "mem"))
        self.index = builder.memories.count
        var contents: [BitVector]? = initial.map { $0.map { BitVector(width: type.width, value: $0) } }
        if let c = contents, c.count > depth {
            builder.error(.invalid, at: location, "\(c.count) initial words for a memory of depth \(depth)", fix: "give at most \(depth) words")
            contents = Array(c.prefix(depth))
        }
        builder.memories.append(MemoryIR(name: self.name, type: type, depth: depth, initial: contents, location: location, backdoor: backdoor))
    }

    /// A memory whose initial contents are read from a hex file (one word per line, `//` comments
    /// and `@address` lines as in `$readmemh`). An unreadable file is an elaboration error.
    public convenience init(_ type: HWType, depth: Int, hexFile: String, named name: String? = nil,
                            file: String = #fileID, path: String = #filePath, line: Int = #line, column: Int = #column) {
        let location = SourceLocation(fileID: file, filePath: path, line: line)
        var words: [Int] = []
        var problem: String?
        if let text = try? String(contentsOfFile: hexFile, encoding: .utf8) {
            var address = 0
            for raw in text.split(whereSeparator: \.isNewline) {
                let code = raw.range(of: "//").map { raw[..<$0.lowerBound] } ?? raw[...]
                let line = code.trimmingCharacters(in: .whitespaces)
                for token in line.split(separator: " ") {
                    if token.hasPrefix("@") {
                        address = Int(token.dropFirst(), radix: 16) ?? address
                    } else if let v = UInt64(token.replacingOccurrences(of: "_", with: ""), radix: 16) {
                        while words.count <= address { words.append(0) }
                        words[address] = Int(truncatingIfNeeded: v)
                        address += 1
                    } else {
                        problem = "'\(token)' in \(hexFile) is not a hex number"
                    }
                }
            }
        } else {
            problem = "cannot read the hex file \(hexFile)"
        }
        self.init(type, depth: depth, initial: words, named: name, file: file, path: path, line: line, column: column)
        if let problem {
            builder.error(.invalid, at: location, problem, fix: "check the path (relative to the working directory) and its contents")
        }
    }

    func addressNode(_ address: Signal) -> NodeID {
        if !address.isLiteral && address.width != addressWidth {
            builder.error(.widthMismatch, "the address of memory '\(name)' is \(address.width) bits but it needs \(addressWidth)",
                          fix: "slice or extend the address to \(addressWidth) bits")
        }
        return address.node(width: address.isLiteral ? addressWidth : nil)
    }

    /// The word at `address`, combinationally.
    public func read(_ address: Signal) -> Signal {
        let id = builder.add(Node(kind: .memoryRead(memory: index, address: addressNode(address)), width: type.width, location: .unknown))
        return Signal.wrap(id, type, in: builder)
    }

    /// The word at `address` one clock later (a synchronous read port, as block RAMs have).
    public func readSync(_ address: Signal, enable: Signal = true, named name: String? = nil,
                         file: String = #fileID, path: String = #filePath, line: Int = #line) -> Signal {
        let location = SourceLocation(fileID: file, filePath: path, line: line)
        let data = makeRegister(type, name: declarationName(name, location, fallback: self.name + "_rdata", warn: false), reset: nil, enable: nil, at: location)
        let value = read(address)
        let connect = Statement(.connect(target: data.node(), value: value.node()), at: location)
        if enable.isLiteral && enable.literalValue == 1 {
            builder.implicitStatements.append(connect)
        } else {
            builder.implicitStatements.append(Statement(.when(condition: enable.node(width: 1), then: [connect], otherwise: []), at: location))
        }
        return data
    }

    /// Writes `data` at `address` on the next clock edge (under the enclosing `When`s). With a
    /// mask of k bits, lane i (bits i*w/k ..< (i+1)*w/k) is written only when mask bit i is 1.
    public func write(_ address: Signal, _ data: Signal, mask: Signal? = nil) -> Statement {
        let a = addressNode(address)
        let d = data.isLiteral ? data.node(width: type.width) : data.node()
        if builder.nodes[d].width != type.width {
            builder.error(.widthMismatch, "data written to memory '\(name)' is \(builder.nodes[d].width) bits, the memory holds \(type.width)",
                          fix: "resize the data to \(type.width) bits")
        }
        var m: NodeID? = nil
        if let mask {
            if mask.isLiteral || type.width % mask.width != 0 {
                builder.error(.widthMismatch, "a write mask of \(mask.width) bits does not divide the \(type.width)-bit words of '\(name)'",
                              fix: "use one mask bit per lane, e.g. \(type.width / 8) bits for bytes")
            }
            m = mask.node()
        }
        return Statement(.memoryWrite(memory: index, address: a, data: d, mask: m), at: .unknown)
    }
}
