import HDL

/// UART transmitter, 8N1: a start bit (0), eight data bits least significant first and a stop bit
/// (1), each held on `txd` for `divisor` clock cycles. It takes a byte from `data` while the line is
/// idle (high), so a producer can hand it the next byte as soon as the stop bit ends.
public struct UARTTransmitter: Module {
    public enum State: Int, HardwareEnum { case idle, start, data, stop }

    public var divisor: Int

    public init(divisor: Int) {
        precondition(divisor >= 1, "a UART bit lasts at least one clock cycle")
        self.divisor = divisor
    }

    public struct IO: Bundle {
        public var data = Flipped(Decoupled(Signal(.uint(8))))   // bytes come in
        public var txd = Output(.bit)
    }
    public var io: IO { IO() }

    public func body(_ io: IO) -> [Statement] {
        let state = Reg(State.self, reset: .idle)
        let ticks = Reg(.uint(bitsToRepresent(count: divisor)), reset: 0)   // cycles spent in this bit
        let bitIndex = Reg(.uint(3), reset: 0)
        let shifter = Reg(.uint(8), reset: 0)                                // the bits still to send
        let bitDone = Wire(ticks == Const(divisor - 1, ticks.type))

        io.data.ready <== state == .idle
        io.txd <== 1
        ticks.next <== Mux(bitDone, 0, ticks + 1)
        Switch(state) {
            Is(.idle) {
                ticks.next <== 0
                When(io.data.valid) {
                    shifter.next <== io.data.bits
                    state.next <== .start
                }
            }
            Is(.start) {
                io.txd <== 0
                When(bitDone) { state.next <== .data }
            }
            Is(.data) {
                io.txd <== shifter[0]
                When(bitDone) {
                    shifter.next <== shifter >> 1
                    bitIndex.next <== bitIndex + 1
                    When(bitIndex == 7) { state.next <== .stop }
                }
            }
            Is(.stop) {
                When(bitDone) { state.next <== .idle }
            }
        }
    }
}
