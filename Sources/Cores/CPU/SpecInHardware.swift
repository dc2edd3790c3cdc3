import HDL
import Spec

// The machine's numbers from Spec as hardware constants: `Is(CSR.mstatus)`,
// `cause <== ExceptionCause.breakpoint`.
// They show by name in the Verilog (`CSR_MSTATUS`, `EXCEPTION_CAUSE_BREAKPOINT`).

extension CSR: HardwareEnum {}
extension ExceptionCause: HardwareEnum {}
