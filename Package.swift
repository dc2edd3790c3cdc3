// swift-tools-version: 6.0
import PackageDescription

// One target per folder. Sources/HDL is the DSL, Sources/Cores the hardware written in it,
// Sources/Spec the facts about the machine that the hardware, the models and the runners share;
// Sources/Sim holds the software side: the ISA and GPU models, the SD card model, the RTL
// simulators, the SoC runner;
// Sources/Bench the benchmark drivers behind `hdlgen bench`.
let package = Package(
    name: "SwiftHDL",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "HDL", targets: ["HDL"]),
        .library(name: "Spec", targets: ["Spec"]),
        .library(name: "Cores", targets: ["Cores"]),
        .library(name: "ISA", targets: ["ISA"]),
        .library(name: "GPU", targets: ["GPU"]),
        .library(name: "RTLSim", targets: ["RTLSim"]),
        .library(name: "SoCSim", targets: ["SoCSim"]),
        .library(name: "SDCard", targets: ["SDCard"]),
        .executable(name: "hdlgen", targets: ["hdlgen"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The DSL: signals, modules, result builders, elaboration checks, the Verilog emitter.
        .target(name: "HDL", path: "Sources/HDL"),
        // The machine's contracts, written once: CSR numbers, trap causes, the memory map, the GPU ABI
        // and the GPU's configuration (shape, latencies), shared by its model and its RTL.
        .target(name: "Spec", path: "Sources/Spec"),
        // Hardware written in the DSL: reusable blocks, the CPU, the SoC.
        .target(name: "Cores", dependencies: ["HDL", "Spec"], path: "Sources/Cores"),
        // The RISC-V ISA model, ELF loader, assembler and disassembler. Independent of the DSL.
        .target(name: "ISA", dependencies: ["Spec"], path: "Sources/Sim/ISA"),
        // The SIMT GPU's functional and timed model; its lanes reuse the ISA model's decoder and ALU.
        .target(name: "GPU", dependencies: ["ISA", "Spec"], path: "Sources/Sim/GPU"),
        // An SD card in SPI mode serving a disk-image file, for the SD controller's harnesses (RTL pins),
        // and the controller's register-level model for the ISA model.
        .target(name: "SDCard", dependencies: ["ISA", "Spec"], path: "Sources/Sim/SDCard"),
        // Benchmark drivers behind `hdlgen bench` (GEMM on the GPU model and RTL, its SVG picture).
        .target(name: "Bench", dependencies: ["ISA", "GPU", "Spec", "HDL", "Cores", "RTLSim", "SoCSim"], path: "Sources/Bench"),
        // Simulators of the DSL's IR: the Swift simulator and the Verilator bridge (with its C++ shim).
        .target(name: "RTLSim", dependencies: ["HDL"], path: "Sources/Sim/RTL",
                resources: [.copy("Verilator/hdl_shim.h")]),
        // Programs on the SoC: the ELF runner, the retirement port, co-simulation with the ISA model;
        // the GPU harness in lock-step with the GPU model.
        .target(name: "SoCSim", dependencies: ["HDL", "Spec", "Cores", "ISA", "GPU", "RTLSim", "SDCard"], path: "Sources/Sim/SoC"),
        .executableTarget(
            name: "hdlgen",
            dependencies: ["HDL", "Spec", "Cores", "RTLSim", "SoCSim", "ISA", "GPU", "Bench", "SDCard",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Sources/hdlgen"),
        // Helpers every test target shares: the seeded generator, running external tools.
        .target(name: "TestSupport", path: "Tests/Support"),
        .testTarget(name: "HDLTests", dependencies: ["HDL", "Spec", "RTLSim", "Cores", "ISA", "SDCard", "TestSupport"], path: "Tests/HDLTests"),
        .testTarget(name: "ISATests", dependencies: ["ISA", "Spec", "TestSupport"], path: "Tests/ISATests"),
        .testTarget(name: "SDCardTests", dependencies: ["SDCard", "ISA", "Spec", "TestSupport"], path: "Tests/SDCardTests"),
        .testTarget(name: "StorageTests", dependencies: ["SDCard", "SoCSim", "Cores", "RTLSim", "ISA", "Spec", "TestSupport"],
                    path: "Tests/StorageTests"),
        .testTarget(name: "GPUTests", dependencies: ["ISA", "GPU", "Bench", "Spec", "HDL", "Cores", "RTLSim", "SoCSim", "TestSupport"],
                    path: "Tests/GPUTests"),
        .testTarget(name: "CoresTests", dependencies: ["HDL", "Spec", "RTLSim", "SoCSim", "Cores", "ISA", "SDCard", "TestSupport"],
                    path: "Tests/CoresTests", exclude: ["Programs"]),
        .testTarget(name: "DemoTests", dependencies: ["Cores", "RTLSim", "SoCSim", "TestSupport"], path: "Tests/DemoTests"),
    ]
)
