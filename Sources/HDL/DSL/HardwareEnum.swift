/// A Swift enum used as hardware, typically FSM states:
/// `enum State: Int, HardwareEnum { case idle, start, data, stop }`.
/// Its width is the bits needed to number its cases; constants appear by name in the Verilog.
/// Any integer raw type works, so a table of numbers such as the CSR addresses is one too.
public protocol HardwareEnum: CaseIterable, RawRepresentable where RawValue: BinaryInteger {}

extension HardwareEnum {
    public static var hwType: HWType {
        .uint(bitsToRepresent(count: max(allCases.map { Int($0.rawValue) }.max().map { $0 + 1 } ?? 1, 2)))
    }

    /// This case as a constant signal.
    public var hw: Signal {
        let builder = ModuleBuilder.active
        // Named as a whole, so a case such as `xor` is not escaped as a Verilog keyword (`ALU_OP_XOR`).
        let label = verilogName("\(Self.self).\(self)")
        let id = builder.constant(BitVector(width: Self.hwType.width, value: Int(rawValue)), location: .unknown,
                                  label: label.uppercased())
        return Signal.wrap(id, Self.hwType, in: builder)
    }
}

extension Signal {
    public static func == <E: HardwareEnum>(a: Signal, b: E) -> Signal { a == b.hw }
    public static func != <E: HardwareEnum>(a: Signal, b: E) -> Signal { a != b.hw }
}

/// Drives a signal with a hardware enum case: `state <== State.idle`.
public func <== <E: HardwareEnum>(target: Signal, value: E) -> Statement { target <== value.hw }
