import Foundation
import Synchronization

/// Recovers the Swift name of a local declaration such as `let pc = Reg(.uint(32))` by reading the
/// declaring source line, as Amaranth reads the caller's bytecode and Chisel uses a compiler plugin.
/// With the call's column it is the name right before `= Call(`, so `let a = Wire(x), b = Wire(y)`
/// names both. Without the sources, or for a call that is not directly declared (`f(Wire(x))`),
/// the caller gets nil, falls back to a generated name, and warns with the line.
///
/// (A Swift macro would not need the sources at run time, but it needs swift-syntax, which costs
/// every clean build one to two and a half minutes on two cores; the sources are there wherever
/// designs are elaborated: in this repository, by `hdlgen` and the tests.)
enum DeclarationNames {
    private static let cache = Mutex<[String: [Substring]]>([:])

    static func name(at location: SourceLocation) -> String? {
        guard location.line > 0, !location.filePath.isEmpty else { return nil }
        let lines: [Substring]? = cache.withLock { files in
            if let lines = files[location.filePath] { return lines }
            guard let text = try? String(contentsOfFile: location.filePath, encoding: .utf8) else { return nil }
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            files[location.filePath] = lines
            return lines
        }
        guard let lines, location.line - 1 < lines.count else { return nil }
        let line = lines[location.line - 1]
        if location.column > 0 { return declaredName(in: line, beforeColumn: location.column) }
        return declaredName(in: line)
    }

    /// The identifier declared by `let name = ` or `, name = ` right before the call whose `(` is at
    /// `column` (1-based, as `#column` gives it), or assigned by `name = ` / `self.name = ` as a
    /// statement of its own (a stored property set in an initializer); nil when the call is not the
    /// whole initializer of a declaration.
    static func declaredName(in line: Substring, beforeColumn column: Int) -> String? {
        let chars = Array(line.utf8)
        var i = column - 2                       // the last character of the called name
        guard i >= 0, i < chars.count else { return nil }
        func skipSpaces() { while i >= 0 && chars[i] == 32 { i -= 1 } }
        func isIdent(_ c: UInt8) -> Bool {
            (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95
        }
        while i >= 0 && (isIdent(chars[i]) || chars[i] == UInt8(ascii: ".")) { i -= 1 }   // `Wire`, `HDL.Reg`
        skipSpaces()
        guard i >= 0, chars[i] == UInt8(ascii: "=") else { return nil }
        i -= 1
        guard i < 0 || ![UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "<"), UInt8(ascii: ">")].contains(chars[i]) else { return nil }
        skipSpaces()
        let end = i + 1
        while i >= 0 && isIdent(chars[i]) { i -= 1 }
        let start = i + 1
        guard start < end, !(chars[start] >= 48 && chars[start] <= 57) else { return nil }
        if i >= 4, chars[i] == UInt8(ascii: "."), String(decoding: chars[(i - 4)..<i], as: UTF8.self) == "self" { i -= 5 }
        skipSpaces()
        let before = i >= 2 ? String(decoding: chars[(i - 2)...i], as: UTF8.self) : ""
        let declared = i >= 0 && (chars[i] == UInt8(ascii: ",") || (before == "let" || before == "var") && (i < 3 || !isIdent(chars[i - 3])))
        let statement = i < 0 || chars[i] == UInt8(ascii: ";") || chars[i] == UInt8(ascii: "{")
        guard declared || statement else { return nil }
        return String(decoding: chars[start..<end], as: UTF8.self)
    }

    /// The identifier after the first `let`/`var` keyword of the line, if any.
    static func declaredName(in line: Substring) -> String? {
        let chars = Array(line.utf8)
        var i = 0
        func isIdent(_ c: UInt8) -> Bool {
            (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95
        }
        while i + 4 <= chars.count {
            let isKeyword = (chars[i] == 108 && chars[i + 1] == 101 && chars[i + 2] == 116)   // let
                || (chars[i] == 118 && chars[i + 1] == 97 && chars[i + 2] == 114)               // var
            let boundaryBefore = i == 0 || !isIdent(chars[i - 1])
            if isKeyword && boundaryBefore && chars[i + 3] == 32 {
                var j = i + 4
                while j < chars.count && chars[j] == 32 { j += 1 }
                let start = j
                while j < chars.count && isIdent(chars[j]) { j += 1 }
                if j > start { return String(decoding: chars[start..<j], as: UTF8.self) }
                return nil
            }
            i += 1
        }
        return nil
    }
}

/// Turns a Swift name into the Verilog name: `fetchPC` -> `fetch_pc`, `exMem.rd` -> `ex_mem_rd`.
public func verilogName(_ swiftName: String) -> String {
    var out = ""
    let chars = Array(swiftName)
    for (i, c) in chars.enumerated() {
        if c == "." { out.append("_"); continue }
        if c.isUppercase {
            let prev: Character? = i > 0 ? chars[i - 1] : nil
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            let startsWord = prev.map { $0.isLowercase || $0.isNumber } ?? false
            let endsAcronym = (prev?.isUppercase ?? false) && (next?.isLowercase ?? false)
            if (startsWord || endsAcronym) && !out.hasSuffix("_") { out.append("_") }
            out.append(Character(c.lowercased()))
        } else {
            out.append(c)
        }
    }
    if verilogKeywords.contains(out) { out += "_" }
    return out
}

let verilogKeywords: Set<String> = [
    "always", "and", "assign", "automatic", "begin", "buf", "case", "casex", "casez", "cell", "cmos",
    "config", "deassign", "default", "defparam", "design", "disable", "edge", "else", "end", "endcase",
    "endconfig", "endfunction", "endgenerate", "endmodule", "endprimitive", "endspecify", "endtable",
    "endtask", "event", "for", "force", "forever", "fork", "function", "generate", "genvar", "if",
    "ifnone", "incdir", "include", "initial", "inout", "input", "instance", "integer", "join", "large",
    "liblist", "library", "localparam", "macromodule", "medium", "module", "nand", "negedge", "nmos",
    "nor", "not", "or", "output", "parameter", "pmos", "posedge", "primitive", "pull0", "pull1",
    "pulldown", "pullup", "rcmos", "real", "realtime", "reg", "release", "repeat", "rnmos", "rpmos",
    "rtran", "rtranif0", "rtranif1", "scalared", "signed", "small", "specify", "specparam", "strong0",
    "strong1", "supply0", "supply1", "table", "task", "time", "tran", "tranif0", "tranif1", "tri",
    "tri0", "tri1", "triand", "trior", "trireg", "unsigned", "use", "vectored", "wait", "wand", "weak0",
    "weak1", "while", "wire", "wor", "xnor", "xor", "bit", "logic", "byte", "int", "shortint", "longint",
    "clock", "reset", "do", "break", "continue", "return", "this", "type", "final", "static", "const",
    "string", "struct", "union", "enum", "class", "virtual", "new", "null", "void", "local", "priority",
    "unique", "inside", "dist", "with", "bind", "chandle", "alias", "import", "export", "extern",
    "context", "pure", "ref", "var", "interface", "package", "program", "property", "sequence", "assert",
    "assume", "cover", "expect", "restrict", "tagged", "wildcard", "randc", "rand", "constraint",
    "covergroup", "coverpoint", "cross", "bins", "illegal_bins", "ignore_bins", "first_match",
    "throughout", "within", "matches", "solve", "before", "forkjoin", "join_any", "join_none",
    "timeprecision", "timeunit", "modport", "clocking", "endclocking", "randcase", "randsequence",
]
