/// Pure integer (I + M) semantics: decoded instruction + operand values -> result value.
///
/// Shared by the CPU hart (which inlines it into its interpreter loop) and by the GPU model's
/// RV32IM lanes. Register values are 64-bit; RV32 values are kept sign-extended (the decoder has
/// already mapped RV32 operations onto their 32-bit-result forms).
public enum IntegerExecute {
    /// Result of a register/immediate ALU or M-extension operation, or nil when `d.op` is not one
    /// (loads, stores, branches, jumps, system instructions are handled by the caller).
    @inline(__always)
    public static func alu(_ d: DecodedInstruction, _ a: UInt64, _ b: UInt64) -> UInt64? {
        isALU(d.op) ? value(d.op, a, b, d.imm) : nil
    }

    /// True for the operations `value` computes.
    @inline(__always)
    public static func isALU(_ op: Op) -> Bool {
        op == .lui || (op.rawValue >= Op.addi.rawValue && op.rawValue <= Op.mulhu32.rawValue)
    }

    /// Result of ALU/M operation `op` on `a` (rs1), `b` (rs2) and `imm`; 0 for other operations.
    /// Callers that pass a constant `op` get the switch folded away after inlining (the hart's
    /// interpreter does this for every case).
    @inline(__always)
    public static func value(_ op: Op, _ a: UInt64, _ b: UInt64, _ immediate: Int32) -> UInt64 {
        let imm = UInt64(bitPattern: Int64(immediate))
        let sh = UInt64(UInt32(bitPattern: immediate))
        switch op {
        case .lui: return imm
        case .addi: return a &+ imm
        case .slti: return Int64(bitPattern: a) < Int64(immediate) ? 1 : 0
        case .sltiu: return a < imm ? 1 : 0
        case .xori: return a ^ imm
        case .ori: return a | imm
        case .andi: return a & imm
        case .slli: return a << (sh & 63)
        case .srli: return a >> (sh & 63)
        case .srai: return UInt64(bitPattern: Int64(bitPattern: a) >> (sh & 63))
        case .add: return a &+ b
        case .sub: return a &- b
        case .sll: return a << (b & 63)
        case .slt: return Int64(bitPattern: a) < Int64(bitPattern: b) ? 1 : 0
        case .sltu: return a < b ? 1 : 0
        case .xor: return a ^ b
        case .srl: return a >> (b & 63)
        case .sra: return UInt64(bitPattern: Int64(bitPattern: a) >> (b & 63))
        case .or: return a | b
        case .and: return a & b
        case .addiw: return MulDiv.sext32(a &+ imm)
        case .slliw: return MulDiv.sext32(a << (sh & 31))
        case .srliw: return MulDiv.sext32(UInt64(UInt32(truncatingIfNeeded: a) >> UInt32(sh & 31)))
        case .sraiw: return UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: a) >> Int32(sh & 31)))
        case .addw: return MulDiv.sext32(a &+ b)
        case .subw: return MulDiv.sext32(a &- b)
        case .sllw: return MulDiv.sext32(a << (b & 31))
        case .srlw: return MulDiv.sext32(UInt64(UInt32(truncatingIfNeeded: a) >> UInt32(b & 31)))
        case .sraw: return UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: a) >> Int32(b & 31)))
        case .mul: return MulDiv.mul(a, b)
        case .mulh: return MulDiv.mulh(a, b)
        case .mulhsu: return MulDiv.mulhsu(a, b)
        case .mulhu: return MulDiv.mulhu(a, b)
        case .div: return MulDiv.div(a, b)
        case .divu: return MulDiv.divu(a, b)
        case .rem: return MulDiv.rem(a, b)
        case .remu: return MulDiv.remu(a, b)
        case .mulw: return MulDiv.mulw(a, b)
        case .divw: return MulDiv.divw(a, b)
        case .divuw: return MulDiv.divuw(a, b)
        case .remw: return MulDiv.remw(a, b)
        case .remuw: return MulDiv.remuw(a, b)
        case .mulh32: return MulDiv.mulh32(a, b)
        case .mulhsu32: return MulDiv.mulhsu32(a, b)
        case .mulhu32: return MulDiv.mulhu32(a, b)
        default: return 0
        }
    }

    /// Whether a conditional branch is taken (nil when `op` is not a branch).
    @inline(__always)
    public static func branchTaken(_ op: Op, _ a: UInt64, _ b: UInt64) -> Bool? {
        switch op {
        case .beq: return a == b
        case .bne: return a != b
        case .blt: return Int64(bitPattern: a) < Int64(bitPattern: b)
        case .bge: return Int64(bitPattern: a) >= Int64(bitPattern: b)
        case .bltu: return a < b
        case .bgeu: return a >= b
        default: return nil
        }
    }
}
