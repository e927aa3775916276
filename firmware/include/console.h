// UART console: byte I/O on the LiteX UART, and stdio (printf, getchar) on it.
#ifndef FIRMWARE_INCLUDE_CONSOLE_H_
#define FIRMWARE_INCLUDE_CONSOLE_H_

#include <stdbool.h>

// Writes one byte, waiting while the UART's transmit FIFO is full.
void console_putc(char c);

// Writes a string; "\n" is sent as "\r\n" so terminals start a new line.
void console_puts(const char* s);

// Returns true when a received byte is waiting.
bool console_has_input(void);

// Waits for and returns one received byte.
char console_getc(void);

// Returns once the transmit FIFO has drained (before ending a simulation,
// so the last line is not lost).
void console_flush(void);

#endif  // FIRMWARE_INCLUDE_CONSOLE_H_
