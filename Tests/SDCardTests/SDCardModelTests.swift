import Foundation
import Testing
import SDCard
import TestSupport

// The SD card model against the Physical Layer Simplified Specification's SPI mode: CRC known
// answers, the command and response table, the initialisation sequence of each kind of card,
// block reads and writes (single and multiple) through to the image file, and every injected fault.

/// An image of `blocks` blocks, block i filled with (i + offset) & 0xFF ^ position, in a new file.
func makeImage(blocks: Int) throws -> SDImage {
    var bytes = [UInt8](repeating: 0, count: blocks * 512)
    for i in bytes.indices { bytes[i] = UInt8((i / 512 + i % 512 * 7) & 0xFF) }
    return try SDImage(path: try temporaryFile("sd.img", bytes: Data(bytes)))
}

/// The host side of SPI mode, a byte at a time.
struct Host {
    let card: SDCardModel
    func byte(_ b: UInt8 = 0xFF) -> UInt8 { card.exchange(b) }

    /// Sends CMDn (with a valid CRC7 unless `badCRC`) and returns the response: R1 and `extra` bytes.
    func command(_ index: UInt8, _ argument: UInt32 = 0, extra: Int = 0, badCRC: Bool = false) -> [UInt8] {
        var frame: [UInt8] = [0x40 | index, UInt8(argument >> 24), UInt8(argument >> 16 & 0xFF), UInt8(argument >> 8 & 0xFF), UInt8(argument & 0xFF)]
        frame.append(SDCRC.crc7(frame) << 1 | 1 ^ (badCRC ? 0x02 : 0))
        for b in frame { _ = byte(b) }
        for _ in 0..<8 {
            let r1 = byte()
            if r1 != 0xFF { return [r1] + (0..<extra).map { _ in byte() } }
        }
        return []
    }

    /// The data packet after a read command's R1: the token and, for 0xFE, 512 bytes and the CRC.
    func dataPacket(size: Int = 512) -> (token: UInt8, data: [UInt8], crc: UInt16) {
        var token: UInt8 = 0xFF
        for _ in 0..<100 where token == 0xFF { token = byte() }
        guard token == 0xFE else { return (token, [], 0) }
        let data = (0..<size).map { _ in byte() }
        return (token, data, UInt16(byte()) << 8 | UInt16(byte()))
    }

    /// Power-up, CMD0, CMD8 (version 2 only), ACMD41 until ready; returns the ACMD41 polls.
    @discardableResult
    func initialise(version2: Bool = true, highCapacity: Bool = true) -> Int {
        card.select(false)
        for _ in 0..<10 { _ = byte() }                               // >= 74 clocks with CS high
        card.select(true)
        _ = command(0)
        if version2 { _ = command(8, 0x1AA, extra: 4) }
        for poll in 1...100 {
            _ = command(55)
            if command(41, highCapacity ? 1 << 30 : 0) == [0x00] { return poll }
        }
        return -1
    }
}

@Suite struct SDCardModelTests {
    @Test func crcKnownAnswers() {
        // The fixed CRCs every SPI driver sends: CMD0 0x95, CMD8(0x1AA) 0x87, CMD17(0) 0x55.
        #expect(SDCRC.crc7([0x40, 0, 0, 0, 0]) << 1 | 1 == 0x95)
        #expect(SDCRC.crc7([0x48, 0, 0, 0x01, 0xAA]) << 1 | 1 == 0x87)
        #expect(SDCRC.crc7([0x51, 0, 0, 0, 0]) << 1 | 1 == 0x55)
        // CRC16-CCITT (XMODEM): "123456789" -> 0x31C3; a block of 0xFF -> 0x7FA1 (the spec's example).
        #expect(SDCRC.crc16(Array("123456789".utf8)) == 0x31C3)
        #expect(SDCRC.crc16([UInt8](repeating: 0xFF, count: 512)) == 0x7FA1)
    }

    @Test func commandAndResponseTable() throws {
        let image = try makeImage(blocks: 2048)
        defer { removeTemporaryFile(image.path) }
        let card = SDCardModel(image: image)
        let host = Host(card: card)
        card.select(true)
        #expect(host.command(0) == [0x01], "CMD0: R1 idle")
        #expect(host.command(8, 0x1AA, extra: 4) == [0x01, 0x00, 0x00, 0x01, 0xAA], "CMD8: R7 echoes voltage and pattern")
        #expect(host.command(17, 0) == [0x05], "CMD17 while idle: illegal command")
        #expect(host.command(58, extra: 4) == [0x01, 0x00, 0xFF, 0x80, 0x00], "CMD58 while powering up: OCR without busy/CCS")
        #expect(host.command(41, 1 << 30) == [0x05], "CMD41 without CMD55: illegal")
        #expect(host.command(0, badCRC: true) == [0x09], "CMD0 with a bad CRC: CRC error")
        let polls = host.initialise()
        #expect(polls == card.idlePolls + 1, "ACMD41 answers idle for the power-up time, then ready")
        #expect(host.command(58, extra: 4) == [0x00, 0xC0, 0xFF, 0x80, 0x00], "CMD58: powered up, CCS = 1")
        #expect(host.command(13, extra: 1) == [0x00, 0x00], "CMD13: R2")
        #expect(host.command(16, 512) == [0x00], "CMD16 on SDHC: accepted, ignored")
        #expect(host.command(1) == [0x04], "an unsupported command: illegal")
        #expect(host.command(59, 1) == [0x00], "CMD59: CRC on")
        #expect(host.command(13, badCRC: true) == [0x08], "with CRC on, a bad CRC7 is a CRC error")
        #expect(host.command(9) == [0x00])
        let csd = host.dataPacket(size: 16)
        #expect(csd.token == 0xFE && csd.crc == SDCRC.crc16(csd.data))
        #expect(csd.data[0] >> 6 == 1, "CSD version 2.0")
        let cSize = Int(csd.data[7] & 0x3F) << 16 | Int(csd.data[8]) << 8 | Int(csd.data[9])
        #expect((cSize + 1) * 1024 == 2048, "C_SIZE gives the card's capacity")
        #expect(host.command(10) == [0x00])
        let cid = host.dataPacket(size: 16)
        #expect(cid.token == 0xFE && String(decoding: cid.data[3...7], as: UTF8.self) == "SWHDL")
        #expect(card.commands.contains(0x40 | 41), "ACMD41 is logged as an application command")
    }

    @Test func readsAndWritesReachTheImage() throws {
        let image = try makeImage(blocks: 64)
        defer { removeTemporaryFile(image.path) }
        let card = SDCardModel(image: image)
        let host = Host(card: card)
        host.initialise()
        #expect(host.command(17, 5) == [0x00])
        let single = host.dataPacket()
        #expect(try single.data == image.read(block: 5) && single.crc == SDCRC.crc16(single.data))
        #expect(host.command(18, 10) == [0x00], "CMD18: blocks stream")
        for block in 10..<13 {
            let p = host.dataPacket()
            #expect(try p.token == 0xFE && p.data == image.read(block: block), "block \(block) of the stream")
        }
        let stop = host.command(12, extra: 1)
        #expect(stop.first == 0x00, "CMD12 stops the stream: \(stop)")
        for _ in 0..<8 { _ = host.byte() }                           // the busy time
        let written = (0..<512).map { UInt8(($0 * 13 + 1) & 0xFF) }
        #expect(host.command(24, 7) == [0x00])
        _ = host.byte()
        for b in [0xFE] + written + [UInt8(SDCRC.crc16(written) >> 8), UInt8(SDCRC.crc16(written) & 0xFF)] { _ = host.byte(b) }
        #expect(host.byte() & 0x1F == 0x05, "data accepted")
        var busy = 0
        while host.byte() == 0x00 { busy += 1 }
        #expect(busy >= card.writeBusyBytes - 1, "the card is busy for a while after a write")
        #expect(try image.read(block: 7) == written, "the write is in the image file")
        let reopened = try SDImage(path: image.path)
        #expect(try reopened.read(block: 7) == written, "and on disk, for a new reader")
        #expect(host.command(25, 20) == [0x00], "CMD25: several blocks")
        for block in 0..<2 {
            let data = [UInt8](repeating: UInt8(block + 0xA0), count: 512)
            _ = host.byte()
            for b in [0xFC] + data + [0, 0] { _ = host.byte(b) }
            #expect(host.byte() & 0x1F == 0x05)
            while host.byte() == 0x00 {}
        }
        _ = host.byte(0xFD)
        while host.byte() == 0x00 {}
        #expect(try image.read(block: 20) == [UInt8](repeating: 0xA0, count: 512))
        #expect(try image.read(block: 21) == [UInt8](repeating: 0xA1, count: 512))
        #expect(host.command(17, 64) == [0x00], "a read past the end: R1 ...")
        #expect(host.dataPacket().token == 0x08, "... then the out-of-range error token")
        #expect(host.command(24, 64) == [0x40], "a write past the end: parameter error")
    }

    @Test func standardCapacityAndVersion1Cards() throws {
        let image = try makeImage(blocks: 256)
        defer { removeTemporaryFile(image.path) }
        let sdsc = SDCardModel(image: image, kind: .sdsc)
        let host = Host(card: sdsc)
        #expect(host.initialise(highCapacity: false) > 0)
        #expect(host.command(58, extra: 4)[1] & 0x40 == 0, "SDSC: CCS = 0, byte addressing")
        #expect(host.command(16, 512) == [0x00] && host.command(16, 1024) == [0x40], "CMD16: 512 only")
        #expect(host.command(17, 3 * 512) == [0x00])
        #expect(try host.dataPacket().data == image.read(block: 3), "a byte address")
        #expect(host.command(17, 100) == [0x20], "a byte address inside a block: address error")
        let v1 = SDCardModel(image: image, kind: .sdscVersion1)
        let v1Host = Host(card: v1)
        v1.select(true)
        _ = v1Host.command(0)
        #expect(v1Host.command(8, 0x1AA) == [0x05], "a version-1 card rejects CMD8")
        #expect(v1Host.initialise(version2: false, highCapacity: false) > 0, "and initialises without it")
        let hc = SDCardModel(image: image)
        #expect(Host(card: hc).initialise(highCapacity: false) == -1, "SDHC stays idle without HCS")
    }

    @Test func injectedFaults() throws {
        let image = try makeImage(blocks: 16)
        defer { removeTemporaryFile(image.path) }
        let before = try image.read(block: 2)
        #expect(Host(card: SDCardModel(image: image, fault: .noCard)).initialise() == -1, "no card: nothing answers")
        #expect(Host(card: SDCardModel(image: image, fault: .neverReady)).initialise() == -1, "never ready: a time-out")
        let crc = SDCardModel(image: image, fault: .dataCRCError)
        let crcHost = Host(card: crc)
        crcHost.initialise()
        _ = crcHost.command(17, 2)
        let packet = crcHost.dataPacket()
        #expect(packet.data == before && packet.crc != SDCRC.crc16(packet.data), "a data CRC error")
        let refusing = SDCardModel(image: image, fault: .writeError)
        let host = Host(card: refusing)
        host.initialise()
        #expect(host.command(24, 2) == [0x00])
        _ = host.byte()
        for b in [0xFE] + [UInt8](repeating: 0x55, count: 512) + [0, 0] { _ = host.byte(b) }
        #expect(host.byte() & 0x1F == 0x0D, "a write error")
        #expect(try image.read(block: 2) == before, "and the image is unchanged")
        #expect(throws: SDImageError.self) { try SDImage(path: "/nonexistent/card.img") }
        let odd = try temporaryFile("odd.img", bytes: Data([1, 2, 3]))
        defer { removeTemporaryFile(odd) }
        #expect(throws: SDImageError.self) { try SDImage(path: odd) }
    }
}
