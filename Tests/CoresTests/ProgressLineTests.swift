// ProgressLine (`hdlgen sim`/`iss`/`bench` on a terminal): its exact text, its throttle and its erasing
// on an injected clock and a captured terminal; nothing at all when stderr is not a terminal; and the
// ISA model's sliced run with a line shown against the same run in one call.
import Foundation
import ISA
import SoCSim
import Testing
import TestSupport

/// A clock the test moves by hand and a terminal that keeps what is written to it.
final class FakeTerminal {
    var now = 1000.0
    var clockReads = 0
    var written: [String] = []

    func line(_ label: String, unit: String? = nil, isTerminal: Bool = true, stdoutIsTerminal: Bool = false) -> ProgressLine {
        ProgressLine(label, unit: unit, isTerminal: isTerminal, stdoutIsTerminal: stdoutIsTerminal,
                     clock: { self.clockReads += 1; return self.now }, write: { self.written.append($0) })
    }
}

@Suite struct ProgressLineTests {
    @Test func drawsAfterHalfASecondAtMostFiveTimesASecondThenErases() {
        let t = FakeTerminal()
        let p = t.line("sim", unit: "cycles")
        p.update(0)
        t.now += 0.25; p.update(250_000)
        #expect(t.written.isEmpty, "nothing in the first half second")
        t.now += 0.25; p.update(500_000)
        #expect(t.written == ["\rsim: 500,000 cycles  1.00 M cycles/s  0:00\u{1B}[K"])
        t.now += 0.125; p.update(625_000)
        #expect(t.written.count == 1, "1/8 s after the last redraw: not yet")
        t.now += 0.125; p.update(750_000)
        #expect(t.written.last == "\rsim: 750,000 cycles  1.00 M cycles/s  0:00\u{1B}[K")
        p.finish()
        #expect(t.written.last == "\r\u{1B}[K" && t.written.count == 3, "finish erases the line")
        t.now += 10; p.update(20_000_000); p.tick()
        #expect(t.written.count == 3, "nothing after finish")
    }

    /// Between clock reads an update is a comparison: the next read waits for about 1/20 s of counting
    /// at the rate so far (here 1 M/s: 50,000 more).
    @Test func readsTheClockAboutTwentyTimesASecondOfCounting() {
        let t = FakeTerminal()
        let p = t.line("iss", unit: "instructions")
        t.now += 1; p.update(1_000_000)
        let reads = t.clockReads
        for n in stride(from: UInt64(1_000_001), to: 1_050_000, by: 1000) { p.update(n) }
        #expect(t.clockReads == reads)
        p.update(1_050_000)
        #expect(t.clockReads == reads + 1)
    }

    @Test func formatsCountsRatesAndTimes() {
        let cases: [(UInt64, Double, String)] = [
            (950, 1, "iss: 950 instructions  950 instructions/s  0:01"),
            (46_800_000, 1.5, "iss: 46,800,000 instructions  31.2 M instructions/s  0:01"),
            (12_345, 1, "iss: 12,345 instructions  12.3 k instructions/s  0:01"),
            (999_700, 1, "iss: 999,700 instructions  1.00 M instructions/s  0:01"),
            (4_500_000_000, 2, "iss: 4,500,000,000 instructions  2.25 G instructions/s  0:02"),
            (123_456_789, 3725, "iss: 123,456,789 instructions  33.1 k instructions/s  1:02:05"),
        ]
        for (count, seconds, text) in cases {
            let t = FakeTerminal()
            let p = t.line("iss", unit: "instructions")
            t.now += seconds
            p.update(count)
            #expect(t.written == ["\r" + text + "\u{1B}[K"])
        }
    }

    /// A benchmark's steps: no count, the step and the elapsed time, redrawn by `tick`.
    @Test func showsAStepAndTheElapsedTime() {
        let t = FakeTerminal()
        let p = t.line("bench gemm")
        p.step = "dp4a at 64x64x64 on verilator"
        t.now += 65; p.tick()
        #expect(t.written == ["\rbench gemm: dp4a at 64x64x64 on verilator  1:05\u{1B}[K"])
        p.step = "CPU baseline at 64x64x64"
        t.now += 0.125; p.tick()
        t.now += 0.125; p.tick()
        #expect(t.written.last == "\rbench gemm: CPU baseline at 64x64x64  1:05\u{1B}[K" && t.written.count == 2, "\(t.written)")
    }

    /// Before the program's output: the line goes if that output shares its terminal (stderr always;
    /// stdout when it is a terminal too), and comes back at the next redraw.
    @Test func makesRoomForTheProgramsOutput() {
        let t = FakeTerminal()
        let p = t.line("sim", unit: "cycles")
        t.now += 1; p.update(10)
        p.makeRoom(forOutputTo: 1)
        #expect(t.written.count == 1, "stdout is not the terminal: the line stays")
        p.makeRoom(forOutputTo: 2)
        #expect(t.written.last == "\r\u{1B}[K")
        p.makeRoom(forOutputTo: 2)
        p.finish()
        #expect(t.written.count == 2, "nothing to erase any more")

        let u = FakeTerminal()
        let q = u.line("sim", unit: "cycles", stdoutIsTerminal: true)
        u.now += 1; q.update(10)
        q.makeRoom(forOutputTo: 1)
        u.now += 0.25; q.update(20)
        #expect(u.written == ["\rsim: 10 cycles  10 cycles/s  0:01\u{1B}[K", "\r\u{1B}[K", "\rsim: 20 cycles  16 cycles/s  0:01\u{1B}[K"],
                "erased for stdout, and back 1/4 s later")
    }

    /// A benchmark's log lines go above the line, erasing it first; without a terminal, alone.
    @Test func writesLinesAboveIt() {
        for isTerminal in [true, false] {
            let t = FakeTerminal()
            let p = t.line("bench gemm", isTerminal: isTerminal)
            p.step = "model at 64x64x64"
            t.now += 1; p.tick()
            p.writeAbove("bench gemm: model at 64x64x64\n")
            #expect(t.written == (isTerminal ? ["\rbench gemm: model at 64x64x64  0:01\u{1B}[K", "\r\u{1B}[K", "bench gemm: model at 64x64x64\n"]
                                             : ["bench gemm: model at 64x64x64\n"]))
        }
    }

    @Test func writesNothingWhenStderrIsNotATerminal() {
        let t = FakeTerminal()
        let p = t.line("sim", unit: "cycles", isTerminal: false, stdoutIsTerminal: true)
        p.step = "step"
        for i in 1...100 { t.now += 0.3; p.update(UInt64(i) << 20); p.tick() }
        p.makeRoom(forOutputTo: 1); p.makeRoom(forOutputTo: 2)
        p.finish()
        #expect(!p.isActive)
        #expect(t.written.isEmpty && t.clockReads == 0)
    }

    /// `hdlgen iss` on a terminal runs the model in slices: the same outcome, instruction for
    /// instruction, as one call (the kernel: traps, timer interrupts, user mode), to the end and to a limit.
    @Test(arguments: ["dhrystone", "kernel"]) func slicedRunsMatchOneRun(program: String) throws {
        let path = repositoryRoot.appendingPathComponent("Software/build/rv32/\(program).elf").path
        guard requireAvailable(FileManager.default.fileExists(atPath: path), "Software/build (make -C Software)") else { return }
        let elf = try ELFFile(path: path)
        for limit in [UInt64.max, 300_001] {
            func run(sliced: Bool) throws -> (StopReason, HartState, String) {
                let console = BufferSink()
                let machine = try Machine.bareMetal(elf, console: console)
                let t = FakeTerminal()
                let reason = sliced ? machine.run(maxInstructions: limit, progress: t.line("iss", unit: "instructions"))
                                    : machine.run(maxInstructions: limit)
                return (reason, machine.architecturalState, console.string)
            }
            let (oneReason, one, oneOutput) = try run(sliced: false)
            let (slicedReason, sliced, slicedOutput) = try run(sliced: true)
            #expect(slicedReason == oneReason && slicedOutput == oneOutput, "\(program), limit \(limit)")
            #expect(sliced.instret == one.instret && sliced.trapCount == one.trapCount && sliced.pc == one.pc
                    && sliced.mtime == one.mtime, "\(program), limit \(limit)")
            #expect(one.instret + one.trapCount > 1 << 18, "\(program): more than one slice")
        }
    }
}
