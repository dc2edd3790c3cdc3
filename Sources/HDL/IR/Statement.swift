/// A procedural statement in a module body. Statements keep the shape the user wrote
/// (`When`, `Switch`), so the Verilog reads like the Swift; lowering turns them into one
/// driver expression per net for the simulators and the checks. Last assignment wins.
public struct Statement: Sendable {
    public indirect enum Kind: Sendable {
        /// `target <== value`; the target is a wire, output, register or instance input.
        case connect(target: NodeID, value: NodeID)
        case when(condition: NodeID, then: [Statement], otherwise: [Statement])
        case `switch`(subject: NodeID, cases: [SwitchCase], default: [Statement]?)
        /// Write `data` to memory number `memory` at `address` on the next clock edge;
        /// `mask` (if any) has one bit per lane of `data.width / mask.width` bits.
        case memoryWrite(memory: Int, address: NodeID, data: NodeID, mask: NodeID?)
        case block([Statement])
    }

    public struct SwitchCase: Sendable {
        public let values: [NodeID]     // constant nodes
        public let body: [Statement]
        public let location: SourceLocation
    }

    public var kind: Kind
    public var location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}
