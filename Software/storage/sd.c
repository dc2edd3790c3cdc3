/* sd.c: the SD card driver, SPI mode (sd.h; docs/STORAGE.md, "The driver").
 * The controller exchanges one byte per store to DATA; the protocol is all here:
 *   power-up: DIVIDER = 62 (397 kHz), 10 bytes 0xFF with CS high (80 clocks), then CS low;
 *   CMD0 (up to SD_CMD0_TRIES) -> R1 0x01; CMD8 0x1AA -> R7 echo (version 2) or "illegal" (version 1);
 *   CMD59 1 (CRC on: from here every command's CRC7 and every data CRC16 is checked by the card);
 *   CMD55+ACMD41 (HCS on version 2) until R1 0x00, at most SD_ACMD41_POLLS times;
 *   CMD58 -> OCR: CCS = block addressing, else CMD16 512; DIVIDER = 0 (25 MHz); CMD9 -> capacity.
 * Each command selects the card, sends one 0xFF, the six command bytes (CRC7 computed: 0x95 for
 * CMD0, 0x87 for CMD8) and polls for R1; each transaction ends with CS high and one 0xFF byte.
 * Time-outs count bytes or polls, never time (sd.h), so output does not depend on the clock. */
#include "sd.h"
#include "machine_spec.h"

#ifdef SD_HOST
/* Host tests: the harness emulates the controller's registers in front of a card model. */
uint32_t sd_host_read(uint32_t offset);
void sd_host_write(uint32_t offset, uint32_t value);
#define REG(offset)           sd_host_read(offset)
#define SET(offset, value)    sd_host_write(offset, value)
#else
#include "machine.h"
#define REG(offset)           MMIO32(SD_BASE + (offset))
#define SET(offset, value)    (MMIO32(SD_BASE + (offset)) = (value))
#endif

#define STATUS_BUSY 1u
#define CONTROL_SELECT 1u

struct sd_card sd_card;
static int stuck;                        /* STATUS.BUSY did not clear within SD_SPI_POLLS reads */
static uint16_t crc16_table[256];        /* CRC16-CCITT (x^16 + x^12 + x^5 + 1), one byte at a time */

static inline __attribute__((always_inline)) void wait_idle(void)
{
    uint32_t polls = SD_SPI_POLLS;
    while ((REG(SD_STATUS) & STATUS_BUSY) && --polls)
        ;
    if (!polls)
        stuck = 1;
}

/* One SPI byte: sends `out`, returns the byte the card sent meanwhile. */
static inline uint8_t xfer(uint8_t out)
{
    wait_idle();
    SET(SD_DATA, out);
    wait_idle();
    return (uint8_t)REG(SD_DATA);
}

static inline __attribute__((always_inline)) uint32_t crc16_byte(uint32_t crc, uint32_t byte)
{
    return ((crc << 8) & 0xFFFF) ^ crc16_table[(crc >> 8) ^ byte];
}

static void crc16_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t crc = i << 8;
        for (int bit = 0; bit < 8; bit++)
            crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1;
        crc16_table[i] = (uint16_t)crc;
    }
}

/* CRC7, x^7 + x^3 + 1, over a command's first five bytes. */
static uint8_t crc7(const uint8_t *p, int length)
{
    uint8_t crc = 0;
    while (length--) {
        uint8_t byte = *p++;
        for (int bit = 0; bit < 8; bit++, byte <<= 1) {
            crc <<= 1;
            if ((byte ^ crc) & 0x80)
                crc ^= 0x09;
        }
    }
    return crc & 0x7F;
}

static void select_card(void)
{
    wait_idle();
    SET(SD_CONTROL, CONTROL_SELECT);
}

static void release(void)
{
    wait_idle();
    SET(SD_CONTROL, 0);
    xfer(0xFF);                          /* a byte with CS high: the card lets go of MISO */
}

/* Sends a command and returns its R1 (bit 7 set: no response within SD_RESPONSE_POLLS bytes). */
static uint8_t command(uint8_t index, uint32_t argument)
{
    uint8_t frame[6] = { 0x40 | index, (uint8_t)(argument >> 24), (uint8_t)(argument >> 16),
                         (uint8_t)(argument >> 8), (uint8_t)argument, 0 };
    frame[5] = (uint8_t)(crc7(frame, 5) << 1 | 1);
    xfer(0xFF);
    for (int i = 0; i < 6; i++)
        xfer(frame[i]);
    if (index == 12)
        xfer(0xFF);                      /* the stuff byte after CMD12 */
    uint8_t r1 = 0xFF;
    for (int polls = SD_RESPONSE_POLLS; polls && ((r1 = xfer(0xFF)) & 0x80); polls--)
        ;
    return r1;
}

static uint8_t app_command(uint8_t index, uint32_t argument)
{
    uint8_t r1 = command(55, 0);
    return r1 > 1 ? r1 : command(index, argument);
}

/* An R1 that should be `expected`: SD_OK, or what went wrong (`otherwise` for an unexpected R1). */
static int expect(uint8_t r1, uint8_t expected, int otherwise)
{
    if (stuck)
        return SD_ERR_CONTROLLER;
    if (r1 & 0x80)
        return SD_ERR_TIMEOUT;
    return r1 == expected ? SD_OK : otherwise;
}

/* The error an R1 of a data command reports (0x00 is SD_OK). */
static int r1_error(uint8_t r1)
{
    if (stuck)
        return SD_ERR_CONTROLLER;
    if (r1 & 0x80)
        return SD_ERR_TIMEOUT;
    if (r1 & 0x08)
        return SD_ERR_COMMAND_CRC;
    if (r1 & 0x04)
        return SD_ERR_ILLEGAL;
    if (r1 & 0x20)
        return SD_ERR_ADDRESS;
    if (r1 & 0x40)
        return SD_ERR_PARAMETER;
    if (r1 & 0x01)
        return SD_ERR_IDLE;
    return r1 ? SD_ERR_R1 : SD_OK;
}

/* Polls for the 0xFE start token; a data error token 0000xxxx names the failure. */
static int wait_token(void)
{
    for (uint32_t polls = SD_TOKEN_POLLS; polls && !stuck; polls--) {
        uint8_t token = xfer(0xFF);
        if (token == 0xFE)
            return SD_OK;
        if (token == 0xFF)
            continue;
        if (token & 0xF0)
            return SD_ERR_BAD_TOKEN;
        return token & 0x08 ? SD_ERR_OUT_OF_RANGE : token & 0x04 ? SD_ERR_CARD_ECC
             : token & 0x02 ? SD_ERR_CARD_CONTROLLER : SD_ERR_READ;
    }
    return stuck ? SD_ERR_CONTROLLER : SD_ERR_TOKEN_TIMEOUT;
}

/* Polls until the card stops holding MISO low (busy). */
static int wait_ready(void)
{
    for (uint32_t polls = SD_BUSY_POLLS; polls && !stuck; polls--)
        if (xfer(0xFF) == 0xFF)
            return SD_OK;
    return stuck ? SD_ERR_CONTROLLER : SD_ERR_BUSY_TIMEOUT;
}

/* The bytes of a data packet after its start token, and its CRC16. The next exchange is started
 * as soon as a byte has arrived, so storing it and the CRC run while the following one shifts. */
static int receive(uint8_t *p, uint32_t length)
{
    uint32_t crc = 0;
    SET(SD_DATA, 0xFF);                  /* idle: the token's exchange has ended */
    for (uint8_t *end = p + length; p < end; p++) {
        wait_idle();
        uint32_t byte = REG(SD_DATA) & 0xFF;
        SET(SD_DATA, 0xFF);              /* after the last byte: the CRC's high byte */
        *p = (uint8_t)byte;
        crc = crc16_byte(crc, byte);
    }
    wait_idle();
    uint32_t received = (REG(SD_DATA) & 0xFF) << 8;
    received |= xfer(0xFF);
    return stuck ? SD_ERR_CONTROLLER : received == crc ? SD_OK : SD_ERR_DATA_CRC;
}

/* A data packet: start token, 512 bytes (the CRC runs while each one shifts out), CRC16. */
static void send(uint8_t token, const uint8_t *p)
{
    uint32_t crc = 0;
    xfer(token);
    for (const uint8_t *end = p + 512; p < end; p++) {
        uint32_t byte = *p;
        wait_idle();
        SET(SD_DATA, byte);
        crc = crc16_byte(crc, byte);
    }
    xfer((uint8_t)(crc >> 8));
    xfer((uint8_t)crc);
}

/* After a data packet: the data response token xxx0sss1, then the busy bytes. */
static int data_response(void)
{
    uint8_t response = 0xFF;
    for (int polls = SD_RESPONSE_POLLS; polls && ((response = xfer(0xFF)) & 0x11) != 0x01; polls--)
        ;
    int status = response & 0x1F, busy = wait_ready();
    int error = status == 0x05 ? SD_OK : status == 0x0B ? SD_ERR_WRITE_CRC
              : status == 0x0D ? SD_ERR_WRITE_ERROR : SD_ERR_DATA_RESPONSE;
    return error ? error : busy;
}

static int stop_transmission(void)
{
    int error = r1_error(command(12, 0)), busy = wait_ready();
    return error ? error : busy;
}

static uint32_t address(uint32_t block)
{
    return sd_card.block_addressing ? block : block << 9;
}

/* CS low to CMD58: the card's kind and addressing. */
static int identify(void)
{
    uint8_t r1 = 0xFF, reply[4];
    int error;
    for (int i = 0; i < SD_CMD0_TRIES && ((r1 = command(0, 0)) & 0x80); i++)
        ;
    if (r1 & 0x80)
        return stuck ? SD_ERR_CONTROLLER : SD_ERR_NO_CARD;
    if (r1 != 0x01)
        return SD_ERR_NOT_IDLE;
    r1 = command(8, 0x1AA);              /* 2.7-3.6 V, check pattern 0xAA */
    int version2 = !(r1 & 0x04);
    if (version2) {
        if ((error = expect(r1, 0x01, r1_error(r1))))
            return error;
        for (int i = 0; i < 4; i++)
            reply[i] = xfer(0xFF);
        if ((reply[2] & 0x0F) != 0x01 || reply[3] != 0xAA)
            return SD_ERR_VOLTAGE;
    } else if (r1 & 0x80) {
        return stuck ? SD_ERR_CONTROLLER : SD_ERR_TIMEOUT;
    }
    if ((error = expect(command(59, 1), 0x01, SD_ERR_CRC_ON)))
        return error;
    for (uint32_t polls = 0; (r1 = app_command(41, version2 ? 1u << 30 : 0)) != 0x00; )
        if ((error = expect(r1, 0x01, SD_ERR_NOT_SD)) || ++polls == SD_ACMD41_POLLS)
            return error ? error : SD_ERR_NEVER_READY;
    if ((error = expect(command(58, 0), 0x00, SD_ERR_OCR)))
        return error;
    for (int i = 0; i < 4; i++)
        reply[i] = xfer(0xFF);
    if (!(reply[0] & 0x80))              /* power-up status */
        return SD_ERR_OCR;
    sd_card.block_addressing = version2 && (reply[0] & 0x40);
    if (!sd_card.block_addressing && (error = expect(command(16, 512), 0x00, SD_ERR_BLOCK_LENGTH)))
        return error;
    sd_card.kind = !version2 ? SD_KIND_SDSC_V1 : sd_card.block_addressing ? SD_KIND_SDHC : SD_KIND_SDSC_V2;
    return SD_OK;
}

/* Reads `count` blocks (CMD17, or CMD18 and CMD12); *done counts the blocks that arrived intact. */
static int read_blocks(uint8_t index, uint32_t argument, uint32_t count, uint32_t length,
                       uint8_t *p, uint32_t *done)
{
    select_card();
    int error = r1_error(command(index, argument)), streaming = !error && index == 18;
    for (*done = 0; !error && *done < count; ++*done, p += length)
        if ((error = wait_token()) || (error = receive(p, length)))
            break;
    if (streaming) {
        int stop = stop_transmission();
        error = error ? error : stop;
    }
    release();
    return error;
}

/* The CSD's capacity: version 2 counts 512 KiB units, version 1 C_SIZE, C_SIZE_MULT, READ_BL_LEN. */
static int read_capacity(void)
{
    uint8_t csd[16];
    uint32_t done;
    int error = SD_ERR_DATA_CRC;
    for (int tries = 0; tries < SD_READ_TRIES && error == SD_ERR_DATA_CRC; tries++)
        error = read_blocks(9, 0, 1, 16, csd, &done);
    if (error)
        return error;
    if (csd[0] >> 6 == 1) {
        uint32_t size = (uint32_t)(csd[7] & 0x3F) << 16 | (uint32_t)csd[8] << 8 | csd[9];
        sd_card.blocks = (size + 1) << 10;
    } else {
        uint32_t size = (uint32_t)(csd[6] & 0x03) << 10 | (uint32_t)csd[7] << 2 | csd[8] >> 6;
        uint32_t multiplier = (uint32_t)(csd[9] & 0x03) << 1 | csd[10] >> 7;
        sd_card.blocks = (size + 1) << (multiplier + 2) << ((csd[5] & 0x0F) - 9);
    }
    return SD_OK;
}

int sd_init(void)
{
    sd_card.kind = SD_KIND_NONE;
    sd_card.block_addressing = 0;
    sd_card.blocks = 0;
    stuck = 0;
    if (!crc16_table[1])
        crc16_init();
    wait_idle();
    SET(SD_CONTROL, 0);
    wait_idle();
    SET(SD_DIVIDER, SD_RESET_DIVIDER);   /* at most 400 kHz until ACMD41 is done */
    for (int i = 0; i < 10; i++)         /* at least 74 clocks with CS high */
        xfer(0xFF);
    select_card();
    int error = identify();
    release();
    if (error) {
        sd_card.kind = SD_KIND_NONE;
        return error;
    }
    wait_idle();
    SET(SD_DIVIDER, 0);                  /* 25 MHz */
    if ((error = read_capacity()))
        sd_card.kind = SD_KIND_NONE;
    return error;
}

int sd_read(uint32_t block, uint32_t count, void *buffer)
{
    uint8_t *p = buffer;
    int tries = SD_READ_TRIES;
    if (sd_card.kind == SD_KIND_NONE)
        return SD_ERR_NOT_INITIALISED;
    while (count) {
        uint32_t done;
        int error = read_blocks(count > 1 ? 18 : 17, address(block), count, 512, p, &done);
        block += done;
        count -= done;
        p += done * 512;
        if (!error)
            break;
        if (error != SD_ERR_DATA_CRC)
            return error;
        if (done)
            tries = SD_READ_TRIES;
        if (--tries == 0)
            return error;
    }
    return SD_OK;
}

int sd_write(uint32_t block, uint32_t count, const void *buffer)
{
    const uint8_t *p = buffer;
    int multiple = count > 1;
    if (sd_card.kind == SD_KIND_NONE)
        return SD_ERR_NOT_INITIALISED;
    select_card();
    int error = r1_error(command(multiple ? 25 : 24, address(block))), accepted = !error;
    for (uint32_t i = 0; !error && i < count; i++, p += 512) {
        xfer(0xFF);                      /* at least one byte before the token */
        send(multiple ? 0xFC : 0xFE, p);
        error = data_response();
    }
    if (multiple && accepted) {
        int stop;
        if (error) {
            stop = stop_transmission();  /* after a rejected block: CMD12 */
        } else {
            xfer(0xFD);                  /* stop token, a byte, then busy */
            xfer(0xFF);
            stop = wait_ready();
        }
        error = error ? error : stop;
    }
    release();
    return error;
}

const char *sd_error_name(int error)
{
    static const char *const names[SD_ERROR_COUNT] = {
        [SD_OK]                  = "no error",
        [SD_ERR_NO_CARD]         = "no card (no response to CMD0)",
        [SD_ERR_NOT_IDLE]        = "card did not enter the idle state (CMD0)",
        [SD_ERR_VOLTAGE]         = "card does not accept 2.7-3.6 V (CMD8 echo)",
        [SD_ERR_CRC_ON]          = "card refused CRC checking (CMD59)",
        [SD_ERR_NEVER_READY]     = "card never became ready (ACMD41 time-out)",
        [SD_ERR_NOT_SD]          = "not an SD card (ACMD41 rejected)",
        [SD_ERR_OCR]             = "cannot read the OCR (CMD58)",
        [SD_ERR_BLOCK_LENGTH]    = "card refused 512-byte blocks (CMD16)",
        [SD_ERR_TIMEOUT]         = "no response to a command (time-out)",
        [SD_ERR_COMMAND_CRC]     = "command CRC error",
        [SD_ERR_ILLEGAL]         = "illegal command",
        [SD_ERR_ADDRESS]         = "address error (misaligned address)",
        [SD_ERR_PARAMETER]       = "parameter error (address out of range)",
        [SD_ERR_IDLE]            = "card fell back to the idle state",
        [SD_ERR_R1]              = "command failed (erase error)",
        [SD_ERR_TOKEN_TIMEOUT]   = "no data token (time-out)",
        [SD_ERR_BAD_TOKEN]       = "bad data token",
        [SD_ERR_OUT_OF_RANGE]    = "read past the end of the card (out of range)",
        [SD_ERR_CARD_ECC]        = "card ECC failed",
        [SD_ERR_CARD_CONTROLLER] = "card controller error",
        [SD_ERR_READ]            = "read error (data error token)",
        [SD_ERR_DATA_CRC]        = "data CRC error",
        [SD_ERR_WRITE_CRC]       = "write rejected (CRC error)",
        [SD_ERR_WRITE_ERROR]     = "write rejected (write error)",
        [SD_ERR_DATA_RESPONSE]   = "no data response after a write",
        [SD_ERR_BUSY_TIMEOUT]    = "card stayed busy (time-out)",
        [SD_ERR_CONTROLLER]      = "SD controller stuck busy",
        [SD_ERR_NOT_INITIALISED] = "card not initialised",
    };
    return error >= 0 && error < SD_ERROR_COUNT ? names[error] : "unknown error";
}

const char *sd_kind_name(int kind)
{
    return kind == SD_KIND_SDHC ? "SDHC" : kind == SD_KIND_SDSC_V2 ? "SDSC v2"
         : kind == SD_KIND_SDSC_V1 ? "SDSC v1" : "none";
}
