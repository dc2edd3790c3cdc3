import Foundation
import HDL

/// Writes a Value Change Dump: a header naming every signal (dots become scopes), then, once per
/// clock edge, the signals whose value changed. Readable by GTKWave and Surfer.
final class VCDWriter {
    let handle: FileHandle
    let signals: [(name: String, width: Int, code: String)]
    var last: [BitVector?]
    var time: UInt64 = 0

    init(path: String, top: String, signals: [(String, Int)]) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let h = FileHandle(forWritingAtPath: path) else {
            throw SimulationError("cannot write the waveform file \(path)")
        }
        handle = h
        self.signals = signals.enumerated().map { i, s in (s.0, s.1, VCDWriter.code(i)) }
        last = Array(repeating: nil, count: signals.count)
        var header = "$timescale 1ns $end\n$scope module \(top) $end\n"
        header += "$var wire 1 ! clock $end\n"
        for s in self.signals {
            header += "$var wire \(s.width) \(s.code) \(s.name.replacingOccurrences(of: ".", with: "_")) $end\n"
        }
        header += "$upscope $end\n$enddefinitions $end\n"
        handle.write(Data(header.utf8))
    }

    static func code(_ i: Int) -> String {
        var i = i + 1, s = ""
        repeat { s.append(Character(UnicodeScalar(UInt8(34 + i % 93)))); i /= 93 } while i > 0
        return s
    }

    func sample(_ sim: SwiftSimulator) {
        var text = "#\(time * 10)\n1!\n"
        for (i, s) in signals.enumerated() {
            let v = sim.currentValue(s.name)
            if last[i] == v { continue }
            last[i] = v
            if s.width == 1 {
                text += "\(v.low64 & 1)\(s.code)\n"
            } else {
                var bits = ""
                for b in stride(from: s.width - 1, through: 0, by: -1) { bits.append(v[bit: b] ? "1" : "0") }
                if let first = bits.firstIndex(of: "1") { bits = String(bits[first...]) } else { bits = "0" }
                text += "b\(bits) \(s.code)\n"
            }
        }
        text += "#\(time * 10 + 5)\n0!\n"
        handle.write(Data(text.utf8))
        time += 1
    }

    func close() {
        try? handle.close()
    }
}
