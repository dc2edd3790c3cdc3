// vexriscv_top.v: a pythondata-cpu-vexriscv core (VexRiscv_Full.v, VexRiscv_Linux.v: the same ports)
// with its Wishbone buses passed through, plus `retire`: the core's own lastStageIsFiring (an
// instruction leaves write-back), read by hierarchical reference for vexriscv_tb.cpp.
module vexriscv_top (
    input         clk, reset,
    input  [31:0] externalResetVector,
    input         timerInterrupt, softwareInterrupt,
    input  [31:0] externalInterruptArray,
    output        iBusWishbone_CYC, iBusWishbone_STB, iBusWishbone_WE,
    input         iBusWishbone_ACK, iBusWishbone_ERR,
    output [29:0] iBusWishbone_ADR,
    input  [31:0] iBusWishbone_DAT_MISO,
    output [31:0] iBusWishbone_DAT_MOSI,
    output [ 3:0] iBusWishbone_SEL,
    output [ 2:0] iBusWishbone_CTI,
    output [ 1:0] iBusWishbone_BTE,
    output        dBusWishbone_CYC, dBusWishbone_STB, dBusWishbone_WE,
    input         dBusWishbone_ACK, dBusWishbone_ERR,
    output [29:0] dBusWishbone_ADR,
    input  [31:0] dBusWishbone_DAT_MISO,
    output [31:0] dBusWishbone_DAT_MOSI,
    output [ 3:0] dBusWishbone_SEL,
    output [ 2:0] dBusWishbone_CTI,
    output [ 1:0] dBusWishbone_BTE,
    output        retire
);
    VexRiscv cpu (.*);
    assign retire = cpu.lastStageIsFiring;
endmodule
