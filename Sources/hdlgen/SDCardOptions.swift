// SDCardOptions: the SD card slot of `hdlgen iss` and `hdlgen sim` (--sd-image, --sd-kind,
// --sd-fault), and the program's command line (--args), which both runners take.
import ArgumentParser
import SDCard

struct SDCardOptions: ParsableArguments {
    @Option(name: .customLong("sd-image"), help: "Put an SD card serving this disk image (a whole number of 512-byte blocks) in the slot; writes go back to the file.")
    var image: String?

    @Option(name: .customLong("sd-kind"), help: "sdhc (block addressing), sdsc (byte addressing) or sdsc-v1 (a version-1 card: CMD8 is illegal).")
    var kind: String = "sdhc"

    @Option(name: .customLong("sd-fault"), help: "Inject a fault: none, no-card, data-crc (reads carry a bad CRC16), write-error or never-ready (ACMD41 never ends).")
    var fault: String = "none"

    @Option(help: "The program's command line, written into its `program_args` array.")
    var args: String?

    static let kinds: [String: SDCardModel.Kind] = ["sdhc": .sdhc, "sdsc": .sdsc, "sdsc-v1": .sdscVersion1]
    static let faults: [String: SDCardModel.Fault] = ["none": .none, "no-card": .noCard, "data-crc": .dataCRCError,
                                                       "write-error": .writeError, "never-ready": .neverReady]

    func validate() throws {
        guard Self.kinds[kind] != nil else { throw ValidationError("--sd-kind must be one of: sdhc, sdsc, sdsc-v1") }
        guard Self.faults[fault] != nil else { throw ValidationError("--sd-fault must be one of: none, no-card, data-crc, write-error, never-ready") }
        if image == nil && (kind != "sdhc" || fault != "none") { throw ValidationError("--sd-kind and --sd-fault describe the card of --sd-image") }
    }

    /// The card in the slot, or nil for an empty slot.
    func card() throws -> SDCardModel? {
        guard let image else { return nil }
        do {
            return SDCardModel(image: try SDImage(path: image), kind: Self.kinds[kind]!, fault: Self.faults[fault]!)
        } catch {
            throw CommandFailure("\(error)")
        }
    }
}
