import HDL
import Spec

// The records that flow between the stages and across the core's ports. Each inter-stage register
// is one of these held with `Reg(bundle)`, so the Verilog keeps names such as `ex_mem_rd`.

/// Fetch to decode: the instruction and where the predictor sent fetch next.
public struct IFtoID: Bundle {
    public var valid = Signal(.bit)
    public var pc: Signal
    public var instruction = Signal(.uint(32))
    public var predictedNext: Signal
    public var fetchFault = Signal(FetchFault.hwType)   // translating pc faulted: no instruction
    public init(xlen: Int) { pc = Signal(.uint(xlen)); predictedNext = Signal(.uint(xlen)) }
}

/// Why fetch has no instruction for a pc: the MMU faulted translating it.
public enum FetchFault: Int, HardwareEnum, Sendable { case none, pageFault, accessFault }

/// Decode to execute: the decoded control bundle, the operands read from the register file.
/// The control bundle travels packed, as one register (`control` unpacks it).
public struct IDtoEX: Bundle {
    public var valid = Signal(.bit)
    public var pc: Signal
    public var instruction = Signal(.uint(32))
    public var predictedNext: Signal
    public var fetchFault = Signal(FetchFault.hwType)
    public var controlBits = Signal(.uint(Control.width))
    public var control: Control { unpacked(controlBits, as: Control()) }
    public var imm: Signal
    public var rs1Value: Signal
    public var rs2Value: Signal
    public init(xlen: Int) {
        pc = Signal(.uint(xlen)); predictedNext = Signal(.uint(xlen)); imm = Signal(.uint(xlen))
        rs1Value = Signal(.uint(xlen)); rs2Value = Signal(.uint(xlen))
    }
}

/// Execute to memory: the result (or address), the store data, and any exception found so far.
public struct EXtoMEM: Bundle {
    public var valid = Signal(.bit)
    public var pc: Signal
    public var instruction = Signal(.uint(32))
    public var nextPC: Signal
    public var controlBits = Signal(.uint(Control.width))
    public var control: Control { unpacked(controlBits, as: Control()) }
    public var result: Signal          // ALU result, link address or memory address
    public var storeData: Signal
    public var csrOperand: Signal      // rs1 or the 5-bit immediate of a CSR instruction
    public var exception = Signal(.bit)
    public var cause = Signal(ExceptionCause.hwType)
    public var tval: Signal
    public init(xlen: Int) {
        pc = Signal(.uint(xlen)); nextPC = Signal(.uint(xlen)); result = Signal(.uint(xlen))
        storeData = Signal(.uint(xlen)); csrOperand = Signal(.uint(xlen)); tval = Signal(.uint(xlen))
    }
}

/// Memory to write-back: what to write to rd, and the rest of the retirement record.
public struct MEMtoWB: Bundle {
    public var valid = Signal(.bit)
    public var writesRd = Signal(.bit)
    public var rd = Signal(.uint(5))
    public var rdValue: Signal
    public var retire: RetirementBundle
    public init(xlen: Int) { rdValue = Signal(.uint(xlen)); retire = RetirementBundle(xlen: xlen) }
}

/// One retired instruction or trap, in the style of RVFI.
public struct RetirementBundle: Bundle {
    public var order = Signal(.uint(64))
    public var pc: Signal
    public var nextPC: Signal
    public var instruction = Signal(.uint(32))
    public var trap = Signal(.bit)
    public var cause: Signal
    public var tval: Signal                         // what the trap wrote to mtval/stval
    public var mode = Signal(.uint(2))
    public var rd = Signal(.uint(5))
    public var rdValue: Signal
    public var memAddress: Signal
    public var memReadMask: Signal
    public var memWriteMask: Signal
    public var memReadData: Signal
    public var memWriteData: Signal
    public init(xlen: Int) {
        pc = Signal(.uint(xlen)); nextPC = Signal(.uint(xlen)); cause = Signal(.uint(xlen)); rdValue = Signal(.uint(xlen))
        tval = Signal(.uint(xlen))
        memAddress = Signal(.uint(xlen)); memReadMask = Signal(.uint(xlen / 8)); memWriteMask = Signal(.uint(xlen / 8))
        memReadData = Signal(.uint(xlen)); memWriteData = Signal(.uint(xlen))
    }
}

/// The core's performance counters, read by `hdlgen sim --stats` when a run ends (software does
/// not see them: the hpmcounters read zero). Every cycle that retires nothing is charged to at
/// most one of the stall causes; the rest refilled the pipeline after a redirect.
public struct PerformanceCounterBundle: Bundle {
    public var left = Signal(.uint(64))             // instructions and traps that left the pipeline
    public var retired = Signal(.uint(64))          // instructions that retired (minstret)
    public var mispredictions = Signal(.uint(64))   // execute redirected fetch
    public var memoryWaitCycles = Signal(.uint(64)) // a load or store waits for the data port
    public var dividerCycles = Signal(.uint(64))    // execute holds a divide
    public var loadUseCycles = Signal(.uint(64))    // decode waits for a load's value
    public var itlbMisses = Signal(.uint(64))       // page walks for fetch
    public var dtlbMisses = Signal(.uint(64))       // page walks for loads and stores
    public var walkCycles = Signal(.uint(64))       // cycles the walker owns the data port
    public init() {}
}

/// A request on a memory port: a read, or a write of the bytes selected by `mask`.
public struct MemoryRequest: Bundle {
    public var address: Signal
    public var write = Signal(.bit)
    public var writeData: Signal
    public var mask: Signal
    public init(xlen: Int, dataWidth: Int) {
        address = Signal(.uint(xlen)); writeData = Signal(.uint(dataWidth)); mask = Signal(.uint(dataWidth / 8))
    }
}

/// A memory port as the core sees it: requests out (valid/ready), responses in `latency` cycles later.
public struct MemoryPort: Bundle {
    public var request: Decoupled<MemoryRequest>
    public var response: Valid<Signal>
    public init(xlen: Int, dataWidth: Int) {
        request = Decoupled(MemoryRequest(xlen: xlen, dataWidth: dataWidth))
        response = Input(Valid(Signal(.uint(dataWidth))))
    }
}

/// What the MMU needs from the CSRs: whether satp turns paging on, its root, and mstatus's
/// MPRV/MPP (the data side's privilege in M mode), SUM and MXR.
public struct PagingControl: Bundle {
    public var on = Signal(.bit)
    public var rootPPN: Signal
    public var mprv = Signal(.bit)
    public var mpp = Signal(.uint(2))
    public var sum = Signal(.bit)
    public var mxr = Signal(.bit)
    public init(xlen: Int) { rootPPN = Signal(.uint(PagingScheme.forXLEN(xlen).ppnBits)) }
}
