import HDL

/// UART receiver, 8N1, `divisor` clock cycles per bit. The line goes through two flip-flops (it comes
/// from another clock domain); a falling edge starts a frame, which is sampled in the middle of each
/// bit. A byte is delivered on `data` for one cycle; a stop bit read as 0 gives a `frameError` pulse,
/// and the receiver then waits for the line to go high again, so a break is one error, not many.
public struct UARTReceiver: Module {
    public enum State: Int, HardwareEnum { case idle, start, data, stop, recover }

    public var divisor: Int

    public init(divisor: Int) {
        precondition(divisor >= 2, "the receiver needs at least two clock cycles per bit to find the middle")
        self.divisor = divisor
    }

    public struct IO: Bundle {
        public var rxd = Input(.bit)
        public var data = Valid(Signal(.uint(8)))
        public var frameError = Output(.bit)
    }
    public var io: IO { IO() }

    public func body(_ io: IO) -> [Statement] {
        let synchronizer = Reg(.uint(2), reset: 3)                           // the idle line is high
        let rx = Wire(synchronizer[1])
        let state = Reg(State.self, reset: .idle)
        let ticks = Reg(.uint(bitsToRepresent(count: divisor)), reset: 0)   // cycles since the last sample
        let bitIndex = Reg(.uint(3), reset: 0)
        let shifter = Reg(.uint(8), reset: 0)
        let received = Reg(.bit, reset: 0)
        let badStop = Reg(.bit, reset: 0)
        let halfBit = Wire(ticks == Const(divisor / 2 - 1, ticks.type))    // middle of the start bit
        let fullBit = Wire(ticks == Const(divisor - 1, ticks.type))         // middle of the next bit

        synchronizer.next <== Cat(synchronizer[0], io.rxd)
        ticks.next <== ticks + 1
        received.next <== 0
        badStop.next <== 0
        Switch(state) {
            Is(.idle) {
                ticks.next <== 0
                When(!rx) { state.next <== .start }
            }
            Is(.start) {
                When(halfBit) {
                    ticks.next <== 0
                    When(rx) {
                        state.next <== .idle        // a glitch, not a start bit
                    }.otherwise {
                        state.next <== .data
                    }
                }
            }
            Is(.data) {
                When(fullBit) {
                    ticks.next <== 0
                    shifter.next <== Cat(rx, shifter[7, 1])
                    bitIndex.next <== bitIndex + 1
                    When(bitIndex == 7) { state.next <== .stop }
                }
            }
            Is(.stop) {
                When(fullBit) {
                    state.next <== Mux(rx, .idle, .recover)
                    received.next <== rx
                    badStop.next <== !rx
                }
            }
            Is(.recover) {
                When(rx) { state.next <== .idle }
            }
        }
        io.data.valid <== received
        io.data.bits <== shifter
        io.frameError <== badStop
    }
}
