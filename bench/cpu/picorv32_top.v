// picorv32_top.v: PicoRV32 (pythondata-cpu-picorv32) as the race runs it: fast multiplier, divider,
// barrel shifter, no compressed ISA, reset at 0x8000_0000; native memory interface, served by
// picorv32_tb.cpp with zero wait states (mem_ready in the same cycle as mem_valid).
module picorv32_top (
    input             clk,
    input             resetn,
    output            trap,
    output            mem_valid,
    output            mem_instr,
    input             mem_ready,
    output     [31:0] mem_addr,
    output     [31:0] mem_wdata,
    output     [ 3:0] mem_wstrb,
    input      [31:0] mem_rdata,
    output     [63:0] instret      // the core's own instret counter (rdinstret), for the CPI
);
    picorv32 #(
        .ENABLE_COUNTERS(1), .ENABLE_COUNTERS64(1), .ENABLE_REGS_16_31(1), .ENABLE_REGS_DUALPORT(1),
        .BARREL_SHIFTER(1), .COMPRESSED_ISA(0), .ENABLE_MUL(0), .ENABLE_FAST_MUL(1), .ENABLE_DIV(1),
        .ENABLE_IRQ(0), .ENABLE_TRACE(0), .PROGADDR_RESET(32'h8000_0000), .STACKADDR(32'h8100_0000)
    ) cpu (
        .clk(clk), .resetn(resetn), .trap(trap),
        .mem_valid(mem_valid), .mem_instr(mem_instr), .mem_ready(mem_ready), .mem_addr(mem_addr),
        .mem_wdata(mem_wdata), .mem_wstrb(mem_wstrb), .mem_rdata(mem_rdata),
        .mem_la_read(), .mem_la_write(), .mem_la_addr(), .mem_la_wdata(), .mem_la_wstrb(),
        .pcpi_valid(), .pcpi_insn(), .pcpi_rs1(), .pcpi_rs2(), .pcpi_wr(1'b0), .pcpi_rd(32'b0),
        .pcpi_wait(1'b0), .pcpi_ready(1'b0), .irq(32'b0), .eoi(), .trace_valid(), .trace_data()
    );
    assign instret = cpu.count_instr;
endmodule
