import HDL
import Sim

/// Makes the Verilator backend for a design (a separate file so the bridge can evolve alone).
func makeVerilatorSimulator(_ design: Design) throws -> Simulator {
    throw SimulationError("the Verilator backend is not built yet")
}
