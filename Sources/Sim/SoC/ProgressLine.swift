// ProgressLine: one line on a terminal's stderr, redrawn while a long run goes on ("sim: 12,345,678
// cycles  1.23 M cycles/s  0:07") and erased when it ends; when stderr is not a terminal it writes
// nothing at all. `hdlgen sim`, `hdlgen iss` and `hdlgen bench` show one.
import Foundation

/// A progress line on stderr, shown only when stderr is a terminal, after the first half second,
/// redrawn at most five times a second, with `\r` and an erase to the end of the line.
///
/// The owner calls `update` with its count as often as it likes: between clock reads it costs one
/// comparison (it reads the clock about 20 times a second, the next read placed by the rate so far).
/// A run without a count (a benchmark's steps) shows `step` and the elapsed time, redrawn by `tick`
/// or by a thread `startTicking` starts.
public final class ProgressLine: @unchecked Sendable {
    /// Whether anything will ever be drawn: stderr is a terminal (and TERM is not `dumb`).
    public let isActive: Bool
    let label: String
    let unit: String?
    let stdoutIsTerminal: Bool
    let clock: () -> Double
    let write: (String) -> Void
    /// `update` reads the clock once the count reaches this (only the owner's thread touches it).
    var nextCheck: UInt64
    // The rest is shared with the ticking thread, under `lock`.
    let lock = NSLock()
    let start: Double
    var count: UInt64?
    var stepText: String?
    var lastDraw: Double?
    var drawn = false
    var finished = false

    /// - Parameters:
    ///   - label: what runs, first on the line ("sim", "iss", "bench gemm").
    ///   - unit: what `update` counts ("cycles", "instructions"); nil for a run without a count.
    ///   - isTerminal: whether stderr is a terminal (tests say so; by default `isatty` and TERM).
    ///   - stdoutIsTerminal: whether stdout is one too: `makeRoom` then erases the line.
    ///   - clock: seconds, monotonic (tests inject theirs).
    ///   - write: where the line goes (by default straight to file descriptor 2).
    public init(_ label: String, unit: String? = nil,
                isTerminal: Bool = ProgressLine.isTerminal(STDERR_FILENO),
                stdoutIsTerminal: Bool = ProgressLine.isTerminal(STDOUT_FILENO),
                clock: @escaping () -> Double = ProgressLine.monotonicSeconds,
                write: @escaping (String) -> Void = ProgressLine.writeToStderr) {
        self.label = label
        self.unit = unit
        self.isActive = isTerminal
        self.stdoutIsTerminal = stdoutIsTerminal
        self.clock = clock
        self.write = write
        self.start = isTerminal ? clock() : 0
        self.nextCheck = isTerminal ? 0 : .max
    }

    /// The run has counted `count` so far (cycles, instructions): redraws the line if it is time.
    @inline(__always)
    public func update(_ count: UInt64) {
        if count >= nextCheck { check(count) }
    }

    /// How far the owner may count from `count` before `update` next reads the clock: a loop that
    /// runs in chunks keeps them this short, so the line moves on time (unbounded when not shown).
    public func countBeforeNextCheck(from count: UInt64) -> UInt64 {
        nextCheck > count ? nextCheck - count : 1
    }

    @inline(never)
    func check(_ count: UInt64) {
        lock.lock()
        self.count = count
        let elapsed = redrawIfDue()
        lock.unlock()
        // The next clock read after about 1/20 s at the rate so far (at once while it is unknown).
        let rate = elapsed > 0.01 ? Double(count) / elapsed : 0
        nextCheck = count &+ UInt64(min(max(rate / 20, 1), 1e15))
    }

    /// What a run without a count is doing now ("dp4a at 64x64x64 on verilator"): shown at the next redraw.
    public var step: String? {
        get { lock.lock(); defer { lock.unlock() }; return stepText }
        set { lock.lock(); stepText = newValue; lock.unlock() }
    }

    /// Redraws the line if it is due (the elapsed time moves on without a count).
    public func tick() {
        guard isActive else { return }
        lock.lock()
        _ = redrawIfDue()
        lock.unlock()
    }

    /// Calls `tick` five times a second on a thread of its own, until `finish`.
    public func startTicking() {
        guard isActive else { return }
        Thread.detachNewThread { [self] in
            while true {
                Thread.sleep(forTimeInterval: 0.2)
                lock.lock()
                let done = finished
                lock.unlock()
                if done { return }
                tick()
            }
        }
    }

    /// Runs `body` with a ticking line saying `step` (on a terminal), erased when it returns or throws.
    public static func during<T>(_ label: String, step: String, _ body: () throws -> T) rethrows -> T {
        let line = ProgressLine(label)
        line.step = step
        line.startTicking()
        defer { line.finish() }
        return try body()
    }

    /// Before the program writes to `fd` (stdout or stderr): erases the line if `fd` is the same
    /// terminal (the next redraw brings it back below the output).
    public func makeRoom(forOutputTo fd: Int32 = STDOUT_FILENO) {
        guard isActive && (fd == STDERR_FILENO || stdoutIsTerminal) else { return }
        lock.lock()
        erase()
        lock.unlock()
    }

    /// Writes `text` (whole lines) to stderr above the line, which comes back at the next redraw;
    /// without a terminal, just writes it. (The ticking thread draws only between such writes.)
    public func writeAbove(_ text: String) {
        lock.lock()
        erase()
        write(text)
        lock.unlock()
    }

    /// The run is over: erases the line, so what follows on stderr and stdout is as without it.
    public func finish() {
        guard isActive else { return }
        lock.lock()
        finished = true
        erase()
        lock.unlock()
        nextCheck = .max
    }

    /// Under `lock`. Returns the seconds since the start.
    func redrawIfDue() -> Double {
        let now = clock()
        let elapsed = now - start
        guard !finished, elapsed >= 0.5, lastDraw.map({ now - $0 >= 0.2 }) ?? true else { return elapsed }
        write("\r" + Self.text(label: label, step: stepText, count: count, unit: unit, seconds: elapsed) + "\u{1B}[K")
        lastDraw = now
        drawn = true
        return elapsed
    }

    /// Under `lock`.
    func erase() {
        guard drawn else { return }
        write("\r\u{1B}[K")
        drawn = false
    }

    /// The line: "sim: 12,345,678 cycles  1.23 M cycles/s  0:07", "bench gemm: dp4a on verilator  1:02:03".
    static func text(label: String, step: String?, count: UInt64?, unit: String?, seconds: Double) -> String {
        var parts: [String] = []
        if let step { parts.append(step) }
        if let count, let unit {
            parts.append("\(grouped(count)) \(unit)")
            if seconds > 0 { parts.append("\(scaled(Double(count) / seconds)) \(unit)/s") }
        }
        parts.append(clockTime(seconds))
        return label + ": " + parts.joined(separator: "  ")
    }

    /// 12345678 -> "12,345,678".
    static func grouped(_ n: UInt64) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return out
    }

    /// Three significant digits with k, M or G: 1234567 -> "1.23 M", 950 -> "950".
    static func scaled(_ v: Double) -> String {
        for (factor, prefix) in [(1e9, " G"), (1e6, " M"), (1e3, " k")] where v >= factor * 0.9995 {
            return significant(v / factor) + prefix
        }
        return String(Int(v.rounded()))
    }

    static func significant(_ v: Double) -> String {
        String(format: v >= 99.95 ? "%.0f" : v >= 9.995 ? "%.1f" : "%.2f", v)
    }

    /// Seconds as "m:ss", or "h:mm:ss" from an hour on.
    static func clockTime(_ seconds: Double) -> String {
        let s = Int(max(seconds, 0))
        let two = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
        return s >= 3600 ? "\(s / 3600):\(two(s / 60 % 60)):\(two(s % 60))" : "\(s / 60):\(two(s % 60))"
    }

    /// Whether `fd` is a terminal that can redraw a line (TERM is not `dumb`).
    public static func isTerminal(_ fd: Int32) -> Bool {
        isatty(fd) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    public static func monotonicSeconds() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }

    public static func writeToStderr(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
