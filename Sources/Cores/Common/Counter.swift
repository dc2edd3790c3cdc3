import HDL

/// A free-running up-counter with enable and synchronous clear; wraps at 2^width.
public struct Counter: Module {
    public var width: Int
    public init(width: Int = 8) { self.width = width }

    public struct IO: Bundle {
        public var enable = Input(.bit)
        public var clear = Input(.bit)
        public var count: Signal
        init(width: Int) { count = Output(.uint(width)) }
    }
    public var io: IO { IO(width: width) }

    public func body(_ io: IO) -> [Statement] {
        let value = Reg(.uint(width), reset: 0)
        When(io.clear) {
            value.next <== 0
        }.elseWhen(io.enable) {
            value.next <== value + 1
        }
        io.count <== value
    }
}
