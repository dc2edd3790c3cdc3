// An SD card in SPI mode, byte by byte, as the Physical Layer Simplified Specification describes
// it: commands with CRC7 (checked on CMD0 and CMD8, and on every command after CMD59 turns CRC on),
// R1/R2/R3/R7 responses, data tokens with CRC16, data error tokens, the write busy time, and the
// idle time ACMD41 needs. SDHC/SDXC cards address blocks, SDSC cards bytes (CMD16 sets the block
// length); a version-1 card rejects CMD8. It serves an `SDImage`; faults can be injected.

public final class SDCardModel {
    public enum Kind: Sendable { case sdhc, sdsc, sdscVersion1 }
    public enum Fault: Sendable, Equatable {
        case none
        case noCard            // MISO stays high: nothing answers
        case dataCRCError      // blocks are read with a wrong CRC16
        case writeError        // writes are refused with the "write error" data response
        case neverReady        // ACMD41 never leaves the idle state
    }

    public let kind: Kind
    public var fault: Fault
    public let image: SDImage
    /// ACMD41 polls answered "idle" before the card is ready (its power-up time).
    public var idlePolls = 3
    /// Busy bytes (0x00) after a block is written, before the card reads ready again.
    public var writeBusyBytes = 4
    /// The commands received (CMDn as n; an ACMDn as 0x40 | n), for tests and traces.
    public private(set) var commands: [UInt8] = []
    /// Every block the card has acknowledged a write of ("data accepted"), with its last data: a run
    /// stopped at any point must find each of them in the image file.
    public private(set) var acknowledged: [Int: [UInt8]] = [:]

    enum Mode: Equatable {
        case command
        case reading(next: Int)            // CMD18: blocks stream until CMD12
        case writing(block: Int, multiple: Bool)
    }
    var selected = false
    var mode = Mode.command
    var incoming: [UInt8] = []             // a command, or a data packet, being received
    var outgoing: [UInt8] = []             // bytes queued for MISO (0xFF when all are sent)
    var sent = 0                           // how many of them have gone (no removeFirst per byte)
    var idle = true, appCommand = false, crcOn = false, polls = 0, highCapacityRequested = false

    public init(image: SDImage, kind: Kind = .sdhc, fault: Fault = .none) {
        self.image = image
        self.kind = kind
        self.fault = fault
    }

    /// Chip select: a card answers only while selected; deselecting drops a half-received command.
    public func select(_ on: Bool) {
        if !on { incoming = [] }
        selected = on
    }

    /// One SPI byte: the byte the card sends (decided before this one arrives) for the byte it gets.
    public func exchange(_ byte: UInt8) -> UInt8 {
        let out = transmit()
        receive(byte)
        return out
    }

    /// The byte the card shifts out next (0xFF, MISO high, when it is not selected or has nothing
    /// to say). Each call is one byte time: call `receive` with the byte that came in meanwhile.
    public func transmit() -> UInt8 {
        guard selected, fault != .noCard else { return 0xFF }
        if sent == outgoing.count, case .reading(let next) = mode { queueBlock(next, then: .reading(next: next + 1)) }
        guard sent < outgoing.count else { return 0xFF }
        let out = outgoing[sent]
        sent += 1
        if sent == outgoing.count { outgoing.removeAll(keepingCapacity: true); sent = 0 }
        return out
    }

    // MARK: - Receiving

    /// The byte the card read from MOSI during the byte time `transmit` began.
    public func receive(_ byte: UInt8) {
        guard selected, fault != .noCard else { return }
        switch mode {
        case .writing(let block, let multiple):
            receiveData(byte, block: block, multiple: multiple)
        case .command, .reading:
            if incoming.isEmpty && byte & 0xC0 != 0x40 { return }    // waiting for a start bit
            incoming.append(byte)
            if incoming.count == 6 {
                let command = incoming
                incoming = []
                execute(command)
            }
        }
    }

    /// A data packet of a write: a start token, 512 bytes, CRC16; then the data response and busy.
    func receiveData(_ byte: UInt8, block: Int, multiple: Bool) {
        if incoming.isEmpty {
            if multiple && byte == 0xFD {                            // stop transmission token
                outgoing += [0xFF] + Array(repeating: 0x00, count: writeBusyBytes)
                mode = .command
                return
            }
            guard byte == (multiple ? 0xFC : 0xFE) else { return }
        }
        incoming.append(byte)
        guard incoming.count == 1 + SDImage.blockSize + 2 else { return }
        let data = Array(incoming[1...SDImage.blockSize])
        let crc = UInt16(incoming[SDImage.blockSize + 1]) << 8 | UInt16(incoming[SDImage.blockSize + 2])
        incoming = []
        var response: UInt8 = 0x05                                  // data accepted
        if crcOn && crc != SDCRC.crc16(data) {
            response = 0x0B                                          // CRC error
        } else if fault == .writeError || (try? image.write(block: block, data)) == nil {
            response = 0x0D                                          // write error
        }
        if response == 0x05 { acknowledged[block] = data }
        outgoing += [response] + Array(repeating: 0x00, count: writeBusyBytes)
        mode = multiple && response == 0x05 ? .writing(block: block + 1, multiple: true) : .command
        if multiple && response == 0x05 && block + 1 >= image.blocks { mode = .command }
    }

    // MARK: - Commands

    /// R1 flags.
    static let illegal: UInt8 = 0x04, crcError: UInt8 = 0x08, addressError: UInt8 = 0x20, parameterError: UInt8 = 0x40

    func r1(_ flags: UInt8 = 0) -> UInt8 { (idle ? 0x01 : 0x00) | flags }

    func execute(_ bytes: [UInt8]) {
        let index = bytes[0] & 0x3F
        let argument = bytes[1...4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let app = appCommand
        appCommand = false
        commands.append(app ? 0x40 | index : index)
        let crcValid = bytes[5] == SDCRC.crc7(bytes[0...4]) << 1 | 1
        if (crcOn || index == 0 || index == 8) && !crcValid { return respond([r1(Self.crcError)]) }
        if case .reading = mode, index != 12 { return }             // only CMD12 stops a read stream
        let allowedWhileIdle: Set<UInt8> = [0, 8, 55, 41, 58, 59]
        if idle && !allowedWhileIdle.contains(index) { return respond([r1(Self.illegal)]) }
        switch (app, index) {
        case (_, 0): idle = true; polls = 0; respond([r1()])
        case (_, 8):
            guard kind != .sdscVersion1 else { return respond([r1(Self.illegal)]) }
            respond([r1(), 0x00, 0x00, UInt8(argument >> 8 & 0x0F), UInt8(argument & 0xFF)])
        case (_, 9): respond([r1()]); queueData(csd())
        case (_, 10): respond([r1()]); queueData(cid())
        case (_, 12):
            mode = .command
            outgoing = [0xFF, r1()] + Array(repeating: 0x00, count: 2)  // a stuff byte, R1b
            sent = 0
        case (_, 13): respond([r1(), 0x00])
        case (_, 16):
            respond([r1(kind != .sdhc && argument != UInt32(SDImage.blockSize) ? Self.parameterError : 0)])
        case (_, 17), (_, 18):
            guard let block = address(argument) else { return respond([r1(Self.addressError)]) }
            respond([r1()])
            if block >= image.blocks { return outgoing += [0xFF, 0x08] }  // error token: out of range
            if index == 17 { queueBlock(block, then: .command) } else { mode = .reading(next: block) }
        case (_, 24), (_, 25):
            guard let block = address(argument) else { return respond([r1(Self.addressError)]) }
            guard block < image.blocks else { return respond([r1(Self.parameterError)]) }
            respond([r1()])
            mode = .writing(block: block, multiple: index == 25)
        case (_, 55): appCommand = true; respond([r1()])
        case (true, 41):
            highCapacityRequested = argument & 1 << 30 != 0
            polls += 1
            let canLeave = fault != .neverReady && (kind != .sdhc || highCapacityRequested)
            if canLeave && polls > idlePolls { idle = false }
            respond([r1()])
        case (_, 58):
            var ocr: UInt32 = 0x00FF_8000                            // 2.7-3.6 V
            if !idle { ocr |= 1 << 31 }                              // powered up
            if !idle && kind == .sdhc { ocr |= 1 << 30 }             // CCS: block addressing
            respond([r1(), UInt8(ocr >> 24), UInt8(ocr >> 16 & 0xFF), UInt8(ocr >> 8 & 0xFF), UInt8(ocr & 0xFF)])
        case (_, 59): crcOn = argument & 1 == 1; respond([r1()])
        default: respond([r1(Self.illegal)])
        }
    }

    /// A response after one byte of delay (NCR).
    func respond(_ bytes: [UInt8]) { outgoing += [0xFF] + bytes }

    /// The block a data command addresses: its argument on SDHC, the byte address / 512 on SDSC
    /// (which must be a whole block); nil for a misaligned byte address.
    func address(_ argument: UInt32) -> Int? {
        if kind == .sdhc { return Int(argument) }
        return argument % UInt32(SDImage.blockSize) == 0 ? Int(argument) / SDImage.blockSize : nil
    }

    func queueBlock(_ block: Int, then next: Mode) {
        guard block < image.blocks, let data = try? image.read(block: block) else {
            outgoing += [0xFF, 0x08]                                 // error token: out of range
            mode = .command
            return
        }
        queueData(data)
        mode = next
    }

    /// A data packet after one byte of access time: the start token, the data, its CRC16.
    func queueData(_ data: [UInt8]) {
        var crc = SDCRC.crc16(data)
        if fault == .dataCRCError { crc ^= 0xFFFF }
        outgoing += [0xFF, 0xFE] + data + [UInt8(crc >> 8), UInt8(crc & 0xFF)]
    }

    /// The CSD register: version 2.0 (C_SIZE in 512 KiB units) for SDHC, version 1.0 for SDSC.
    func csd() -> [UInt8] {
        var bits = [UInt8](repeating: 0, count: 16)
        func set(_ value: Int, at low: Int, width: Int) {           // CSD bits [low + width - 1 : low]
            for i in 0..<width where value >> i & 1 == 1 {
                let bit = low + i
                bits[15 - bit / 8] |= 1 << UInt8(bit % 8)
            }
        }
        set(0x32, at: 96, width: 8)                                  // TRAN_SPEED: 25 MHz
        set(0x5B5, at: 84, width: 12)                                // CCC
        if kind == .sdhc {
            set(1, at: 126, width: 2)                                // CSD_STRUCTURE 1
            set(9, at: 80, width: 4)                                 // READ_BL_LEN: 512
            set(max(image.blocks / 1024, 1) - 1, at: 48, width: 22)  // C_SIZE
        } else {
            // capacity = (C_SIZE + 1) * 2^(C_SIZE_MULT + 2) * 512: the smallest multiplier that fits.
            var multiplier = 0
            while multiplier < 7 && image.blocks >> (multiplier + 2) > 4096 { multiplier += 1 }
            set(9, at: 80, width: 4)
            set(max(image.blocks >> (multiplier + 2), 1) - 1, at: 62, width: 12)
            set(multiplier, at: 47, width: 3)
        }
        set(Int(SDCRC.crc7(bits[0...14])), at: 1, width: 7)
        set(1, at: 0, width: 1)
        return bits
    }

    /// The CID register: this project as the manufacturer of a card named "SWHDL".
    func cid() -> [UInt8] {
        var bytes: [UInt8] = [0x00, 0x53, 0x48] + Array("SWHDL".utf8) + [0x10, 0x00, 0x00, 0x00, 0x01, 0x01, 0x6A]
        bytes.append(SDCRC.crc7(bytes) << 1 | 1)
        return bytes
    }
}
