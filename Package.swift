// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "SwiftHDL",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "HDL", targets: ["HDL"]),
        .library(name: "Cores", targets: ["Cores"]),
        .library(name: "Sim", targets: ["Sim"]),
        .library(name: "ISA", targets: ["ISA"]),
        .library(name: "GPU", targets: ["GPU"]),
        .executable(name: "hdlgen", targets: ["hdlgen"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The DSL: signals, modules, result builders, elaboration checks, Verilog and C-shim emitters.
        .target(name: "HDL", path: "Sources/HDL"),
        // Hardware written in the DSL: reusable blocks, later the CPU, GPU, MMU, SD controller, SoC.
        .target(name: "Cores", dependencies: ["HDL"], path: "Sources/Cores"),
        // The RISC-V ISA model, ELF loader, assembler and disassembler. Independent of the DSL.
        .target(name: "ISA", path: "Sources/Sim/ISA"),
        // The SIMT GPU's functional and timed model; its lanes reuse the ISA model's decoder and ALU.
        .target(name: "GPU", dependencies: ["ISA"], path: "Sources/Sim/GPU"),
        // Simulators of the DSL's IR: the Swift simulator and the Verilator bridge.
        .target(name: "Sim", dependencies: ["HDL", "ISA"], path: "Sources/Sim", exclude: ["ISA", "GPU"]),
        .executableTarget(
            name: "hdlgen",
            dependencies: ["HDL", "Cores", "Sim", "ISA", "GPU",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Sources/hdlgen"),
        // Helpers every test target shares: the seeded generator, running external tools.
        .target(name: "TestSupport", path: "Tests/Support"),
        .testTarget(name: "HDLTests", dependencies: ["HDL", "Sim", "Cores", "ISA", "TestSupport"], path: "Tests/HDLTests"),
        .testTarget(name: "ISATests", dependencies: ["ISA", "TestSupport"], path: "Tests/ISATests"),
        .testTarget(name: "GPUTests", dependencies: ["ISA", "GPU"], path: "Tests/GPUTests"),
        .testTarget(name: "CoresTests", dependencies: ["HDL", "Sim", "Cores", "ISA", "TestSupport"], path: "Tests/CoresTests", exclude: ["Programs"]),
    ]
)
