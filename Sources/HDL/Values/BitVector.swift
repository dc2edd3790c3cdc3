/// An arbitrary-width two's-complement constant, stored as little-endian 64-bit words.
/// Used for constants in the IR and for values wider than 64 bits in the simulators.
public struct BitVector: Hashable, Sendable, CustomStringConvertible {
    public let width: Int
    public private(set) var words: [UInt64]

    public static func wordCount(_ width: Int) -> Int { (width + 63) / 64 }

    /// Zero of the given width.
    public init(width: Int) {
        self.width = width
        self.words = Array(repeating: 0, count: BitVector.wordCount(width))
    }

    /// The low `width` bits of `words` (missing words are zero).
    public init(width: Int, words: [UInt64]) {
        self.width = width
        var w = Array(words.prefix(BitVector.wordCount(width)))
        while w.count < BitVector.wordCount(width) { w.append(0) }
        self.words = w
        maskTop()
    }

    /// `value` in two's complement, truncated or sign-extended to `width` bits.
    public init(width: Int, value: Int) {
        let fill: UInt64 = value < 0 ? ~0 : 0
        var w = Array(repeating: fill, count: BitVector.wordCount(width))
        w[0] = UInt64(bitPattern: Int64(value))
        self.init(width: width, words: w)
    }

    /// `value`, zero-extended or truncated to `width` bits.
    public init(width: Int, unsigned value: UInt64) {
        self.init(width: width, words: [value])
    }

    private mutating func maskTop() {
        let r = width % 64
        if r != 0 { words[words.count - 1] &= (1 << UInt64(r)) &- 1 }
    }

    /// The low 64 bits.
    public var low64: UInt64 { words[0] }

    public subscript(bit i: Int) -> Bool {
        (words[i / 64] >> UInt64(i % 64)) & 1 == 1
    }

    /// Whether the value, read as unsigned, fits in `bits` bits.
    public func fitsUnsigned(in bits: Int) -> Bool {
        if bits >= width { return true }
        for i in bits..<width where self[bit: i] { return false }
        return true
    }

    /// Whether the value, read as signed (two's complement), fits in `bits` bits.
    public func fitsSigned(in bits: Int) -> Bool {
        if bits >= width { return true }
        let sign = self[bit: bits - 1]
        for i in bits..<width where self[bit: i] != sign { return false }
        return true
    }

    /// The same bits at another width: zero- or sign-extended, or truncated.
    public func resized(to newWidth: Int, signExtend: Bool = false) -> BitVector {
        let fill: UInt64 = (signExtend && self[bit: width - 1]) ? ~0 : 0
        var w = Array(repeating: fill, count: BitVector.wordCount(newWidth))
        for i in 0..<min(words.count, w.count) { w[i] = words[i] }
        if signExtend && self[bit: width - 1] && newWidth > width {
            // Fill the bits above `width` inside the top source word.
            let top = (width - 1) / 64, r = width % 64
            if r != 0 && top < w.count { w[top] |= ~((1 << UInt64(r)) &- 1) }
        }
        return BitVector(width: newWidth, words: w)
    }

    public var isZero: Bool { words.allSatisfy { $0 == 0 } }

    /// Hexadecimal digits, most significant first, without prefix (exactly ceil(width/4) digits).
    public var hexDigits: String {
        let digits = (width + 3) / 4
        var s = ""
        for d in stride(from: digits - 1, through: 0, by: -1) {
            let bit = d * 4
            var nibble = (words[bit / 64] >> UInt64(bit % 64)) & 0xF
            if bit % 64 > 60, bit / 64 + 1 < words.count {
                nibble |= (words[bit / 64 + 1] << UInt64(64 - bit % 64)) & 0xF
            }
            s.append(String(nibble, radix: 16))
        }
        return s
    }

    public var description: String { "\(width)'h\(hexDigits)" }
}
