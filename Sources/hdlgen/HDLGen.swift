import ArgumentParser
@main
struct HDLGen: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "hdlgen", abstract: "Emit, simulate and benchmark the Swift HDL designs.", subcommands: [EmitCommand.self, ISSCommand.self, SimCommand.self, BenchCommand.self])
}
