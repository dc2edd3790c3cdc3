import HDL
import Spec

// The CPU core: a 5-stage in-order RV32IM/RV64IM pipeline (fetch, decode, execute, memory,
// write-back) with M/S/U modes. This file declares the ports and the inter-stage registers and
// wires the stages together; each stage, the hazard unit and the traps live in their own file.

public struct Core: Module {
    public var xlen: Int
    public var resetPC: Int
    public var btbEntries: Int
    /// The RAM the page-table walker may read (a PTE elsewhere is an access fault).
    public var ramBytes: Int
    public var tlbEntries: Int
    /// Test only: flips bit 0 of the value written back by the instruction with this retirement
    /// order, so tests can check that co-simulation catches a wrong result where it happens.
    public var faultAtOrder: Int?
    /// The device windows loads and stores may reach (any other non-RAM address is an access fault).
    public var devices: [Region]
    public init(xlen: Int = 32, resetPC: Int = Int(MemoryMap.resetPC), btbEntries: Int = 128,
                ramBytes: Int = Int(MemoryMap.defaultRAMSize), tlbEntries: Int = 16, faultAtOrder: Int? = nil,
                devices: [Region] = MemoryMap.socDevices()) {
        precondition(xlen == 32 || xlen == 64, "XLEN is 32 or 64")
        self.xlen = xlen; self.resetPC = resetPC; self.btbEntries = btbEntries
        self.ramBytes = ramBytes; self.tlbEntries = tlbEntries; self.faultAtOrder = faultAtOrder; self.devices = devices
    }
    public var name: String {
        "Core_xlen\(xlen)" + (btbEntries == 128 ? "" : "_btb\(btbEntries)")
            + (ramBytes == Int(MemoryMap.defaultRAMSize) ? "" : "_ram\(ramBytes >> 10)k") + (tlbEntries == 16 ? "" : "_tlb\(tlbEntries)")
            + (resetPC == Int(MemoryMap.resetPC) ? "" : "_reset\(String(resetPC, radix: 16))")
            + (faultAtOrder.map { "_fault\($0)" } ?? "") + MMU.devicesTag(devices)
    }

    public struct IO: Bundle {
        public var imem: MemoryPort                // instruction fetch: 32-bit responses
        public var dmem: MemoryPort                // loads and stores: XLEN-bit words with byte masks
        public var mtip = Input(.bit)              // CLINT timer interrupt (mtime >= mtimecmp)
        public var msip = Input(.bit)              // CLINT software interrupt
        public var time = Input(.uint(64))         // CLINT mtime, read by the time CSR
        public var retire: Valid<RetirementBundle>       // one record per retired instruction or trap
        public var counters = Output(PerformanceCounterBundle())
        init(xlen: Int) {
            imem = MemoryPort(xlen: xlen, dataWidth: 32); dmem = MemoryPort(xlen: xlen, dataWidth: xlen)
            retire = Valid(RetirementBundle(xlen: xlen))
        }
    }
    public var io: IO { IO(xlen: xlen) }

    /// What the stages share. Each pipeline register and each wire is driven in one file, named
    /// beside it; the others only read it.
    struct Pipeline {
        let ifId: IFtoID                        // Fetch.swift
        let idEx: IDtoEX                        // Decode.swift
        let exMem: EXtoMEM                      // Execute.swift
        let memWb: MEMtoWB                      // MemoryStage.swift
        let control: PipelineControl            // Hazards.swift: which registers hold, which flush
        let stall: StallReasons                 // why a stage waits: each set by the stage that waits
        let redirect: Redirects                 // trap: MemoryStage.swift, branch: Execute.swift
        let operands: Operands                  // Execute.swift: rs1 and rs2 after forwarding
        let memValue: Signal                    // MemoryStage.swift: its result, for forwarding
        let branchUpdate: Valid<BranchUpdate>   // Execute.swift: trains the predictor in fetch
        let multiplierResult: Signal            // Execute.swift issues the multiply, the memory stage reads it
        let order: Signal                       // MemoryStage.swift: records that left the pipeline

        init(xlen: Int) {
            ifId = Reg(IFtoID(xlen: xlen))
            idEx = Reg(IDtoEX(xlen: xlen))
            exMem = Reg(EXtoMEM(xlen: xlen))
            memWb = Reg(MEMtoWB(xlen: xlen))
            control = Wire(PipelineControl())
            stall = Wire(StallReasons())
            redirect = Wire(Redirects(xlen: xlen))
            operands = Wire(Operands(xlen: xlen))
            memValue = Wire(.uint(xlen))
            branchUpdate = Wire(Valid(BranchUpdate(xlen: xlen)))
            multiplierResult = Wire(.uint(xlen))
            order = Reg(.uint(64))
        }
    }

    public func body(_ io: IO) -> [Statement] {
        let p = Pipeline(xlen: xlen)
        let registerFile = Instance(RegisterFile(xlen: xlen))
        let csr = Instance(CSRFile(xlen: xlen))
        csr.mtip <== io.mtip
        csr.msip <== io.msip
        csr.time <== io.time

        // The MMU's walker reads PTEs on the data port; while it walks, the memory stage waits.
        let mmu = Instance(MMU(xlen: xlen, ramBytes: ramBytes, tlbEntries: tlbEntries, devices: devices))
        let data = Wire(MemoryPort(xlen: xlen, dataWidth: xlen), named: "data")
        io.dmem.request.valid <== Mux(mmu.walking, mmu.walk.request.valid, data.request.valid)
        let (walk, access) = (mmu.walk.request.bits, data.request.bits)
        io.dmem.request.bits.address <== Mux(mmu.walking, walk.address, access.address)
        io.dmem.request.bits.write <== Mux(mmu.walking, walk.write, access.write)
        io.dmem.request.bits.writeData <== Mux(mmu.walking, walk.writeData, access.writeData)
        io.dmem.request.bits.mask <== Mux(mmu.walking, walk.mask, access.mask)
        mmu.walk.request.ready <== io.dmem.request.ready && mmu.walking
        data.request.ready <== io.dmem.request.ready && !mmu.walking
        mmu.walk.response <== io.dmem.response
        data.response <== io.dmem.response
        mmu.rootPPN <== csr.paging.rootPPN
        mmu.sum <== csr.paging.sum
        mmu.mxr <== csr.paging.mxr
        mmu.pmp <== csr.pmp

        fetch(p, io.imem, mmu.fetch, csr)
        let decoder = Instance(Decoder(xlen: xlen))
        decode(p, decoder, registerFile)
        hazards(p, unpacked(decoder.control, as: Control()))
        execute(p)
        memoryStage(p, data, csr, mmu)
        writeBack(p, registerFile, io.retire)
        performanceCounters(p, io.counters, instret: csr.instret, mmu: mmu)
    }

    /// The destination and source register fields of an instruction.
    func rd(_ inst: Signal) -> Signal { inst[11, 7] }
    func rs1(_ inst: Signal) -> Signal { inst[19, 15] }
    func rs2(_ inst: Signal) -> Signal { inst[24, 20] }
}
