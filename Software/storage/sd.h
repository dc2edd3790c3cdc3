/* sd.h: an SD card in SPI mode over the SoC's SD controller (SD_BASE; docs/STORAGE.md, "The driver").
 * sd_init() brings the card from power-up to the transfer state at 25 MHz; sd_read()/sd_write()
 * move 512-byte blocks (CMD17/CMD18 and CMD24/CMD25, CRC16 checked and sent). Every call returns
 * SD_OK or an enum sd_error, named by sd_error_name(). Every wait is bounded by a count of SPI
 * bytes or polls (never by mtime), so a program's output is the same on the ISA model and the RTL. */
#ifndef SD_H
#define SD_H
#include <stdint.h>

/* Time-outs, in SPI bytes (one poll = one byte exchanged) unless said otherwise. */
#define SD_SPI_POLLS      65536    /* STATUS reads while one exchange is BUSY (a stuck controller) */
#define SD_CMD0_TRIES     4        /* CMD0 sent this often before "no card" */
#define SD_RESPONSE_POLLS 16       /* bytes to an R1 after a command (NCR is at most 8) */
#define SD_ACMD41_POLLS   1000     /* CMD55+ACMD41 pairs (~0.4 s at 400 kHz) before "never ready" */
#define SD_TOKEN_POLLS    320000   /* bytes to a data token (~100 ms at 25 MHz) */
#define SD_BUSY_POLLS     1600000  /* bytes while the card is busy after a write (~500 ms at 25 MHz) */
#define SD_READ_TRIES     3        /* attempts at a block whose data CRC is wrong */

enum sd_error {
    SD_OK = 0,
    SD_ERR_NO_CARD,         /* no response to CMD0 */
    SD_ERR_NOT_IDLE,        /* CMD0 answered, but not with "idle" */
    SD_ERR_VOLTAGE,         /* CMD8's echo is wrong: the card does not take 2.7-3.6 V */
    SD_ERR_CRC_ON,          /* CMD59 (CRC on) refused */
    SD_ERR_NEVER_READY,     /* ACMD41 still "idle" after SD_ACMD41_POLLS */
    SD_ERR_NOT_SD,          /* ACMD41 refused */
    SD_ERR_OCR,             /* CMD58 failed or the OCR says the card is not powered up */
    SD_ERR_BLOCK_LENGTH,    /* CMD16 512 refused */
    SD_ERR_TIMEOUT,         /* no R1 within SD_RESPONSE_POLLS */
    SD_ERR_COMMAND_CRC,     /* R1 bit 3 */
    SD_ERR_ILLEGAL,         /* R1 bit 2 */
    SD_ERR_ADDRESS,         /* R1 bit 5 */
    SD_ERR_PARAMETER,       /* R1 bit 6 */
    SD_ERR_IDLE,            /* R1 bit 0 on a data command: the card was reset */
    SD_ERR_R1,              /* another R1 error bit (erase) */
    SD_ERR_TOKEN_TIMEOUT,   /* no data token within SD_TOKEN_POLLS */
    SD_ERR_BAD_TOKEN,       /* neither a start token nor a data error token */
    SD_ERR_OUT_OF_RANGE,    /* data error token, bit 3 */
    SD_ERR_CARD_ECC,        /* data error token, bit 2 */
    SD_ERR_CARD_CONTROLLER, /* data error token, bit 1 */
    SD_ERR_READ,            /* data error token, bit 0 */
    SD_ERR_DATA_CRC,        /* a block's CRC16 was wrong SD_READ_TRIES times */
    SD_ERR_WRITE_CRC,       /* data response 0x0B */
    SD_ERR_WRITE_ERROR,     /* data response 0x0D */
    SD_ERR_DATA_RESPONSE,   /* no data response, or an undefined one */
    SD_ERR_BUSY_TIMEOUT,    /* still busy after SD_BUSY_POLLS */
    SD_ERR_CONTROLLER,      /* STATUS.BUSY stayed set for SD_SPI_POLLS reads */
    SD_ERR_NOT_INITIALISED, /* sd_read/sd_write before a successful sd_init */
    SD_ERROR_COUNT
};

enum sd_kind { SD_KIND_NONE, SD_KIND_SDSC_V1, SD_KIND_SDSC_V2, SD_KIND_SDHC };

struct sd_card {
    enum sd_kind kind;
    int block_addressing;   /* CCS = 1: commands take block numbers, else byte addresses */
    uint32_t blocks;        /* capacity from the CSD, in 512-byte blocks */
};
extern struct sd_card sd_card;

int sd_init(void);
int sd_read(uint32_t block, uint32_t count, void *buffer);
int sd_write(uint32_t block, uint32_t count, const void *buffer);
const char *sd_error_name(int error);
const char *sd_kind_name(int kind);

#endif
