// Machine+ProgressLine: the ISA model's run with a progress line (`hdlgen iss` on a terminal): the
// same run in slices (about 1/20 s each), the line updated between them; and the program's output
// sinks, which erase the line before their bytes reach the terminal.
import ISA

extension Machine {
    /// `run(maxInstructions:)`, showing the instructions retired on `progress` (which it finishes).
    /// When the line is not shown the run is one call, as without it; when it is, the slices change
    /// nothing either: each call re-checks the hart's events (stop requests, interrupts, the timer),
    /// which the hart already re-checks after anything that could change them.
    public func run(maxInstructions limit: UInt64, progress: ProgressLine) -> StopReason {
        defer { progress.finish() }
        guard progress.isActive else { return run(maxInstructions: limit) }
        // The limit counts traps too, as `run(maxInstructions:)` does.
        func executed() -> UInt64 { let s = architecturalState; return s.instret &+ s.trapCount }
        let first = executed()
        while true {
            let done = executed() &- first
            let reason = run(maxInstructions: min(limit - done, 1 << 20, progress.countBeforeNextCheck(from: instructionsRetired)))
            guard reason == .instructionLimit, executed() &- first < limit else { return reason }
            progress.update(instructionsRetired)
        }
    }
}

/// A file-descriptor sink (the program's stdout or stderr) that erases `progress` before writing.
public final class ProgressAwareSink: OutputSink {
    let sink: FileDescriptorSink
    let fd: Int32
    let progress: ProgressLine

    public init(fd: Int32, progress: ProgressLine) {
        self.sink = FileDescriptorSink(fd: fd)
        self.fd = fd
        self.progress = progress
    }

    public func write(_ bytes: UnsafeRawBufferPointer) {
        progress.makeRoom(forOutputTo: fd)     // the bytes may reach the terminal now (a whole line)
        sink.write(bytes)
    }

    public func flush() {
        progress.makeRoom(forOutputTo: fd)
        sink.flush()
    }
}
