// UART console on LiteX's UART core, and picolibc's stdio bound to it.

#include "console.h"

#include <stdio.h>

#include "soc_csr.h"

#ifndef CSR_UART_BASE
#error "the SoC has no UART (CSR_UART_BASE undefined); the console needs one"
#endif

// LiteX's UART raises "pending" for a received byte until it is acknowledged
// through ev_pending; this is the RX event bit.
#define UART_EV_RX 0x2u

void console_putc(char c) {
  while (uart_txfull_read()) {
  }
  uart_rxtx_write((uint32_t)(unsigned char)c);
}

void console_puts(const char* s) {
  for (; *s != '\0'; ++s) {
    if (*s == '\n') console_putc('\r');
    console_putc(*s);
  }
}

bool console_has_input(void) { return uart_rxempty_read() == 0; }

char console_getc(void) {
  while (!console_has_input()) {
  }
  char c = (char)uart_rxtx_read();
  uart_ev_pending_write(UART_EV_RX);
  return c;
}

void console_flush(void) {
#ifdef CSR_UART_TXEMPTY_ADDR
  while (!uart_txempty_read()) {
  }
#endif
}

static int stdio_put(char c, FILE* stream) {
  (void)stream;
  if (c == '\n') console_putc('\r');
  console_putc(c);
  return (unsigned char)c;
}

static int stdio_get(FILE* stream) {
  (void)stream;
  return (unsigned char)console_getc();
}

// picolibc's stdio has no buffering of its own for this stream: every
// character goes straight to the UART, so nothing is lost on a trap.
static FILE console_stream =
    FDEV_SETUP_STREAM(stdio_put, stdio_get, NULL, _FDEV_SETUP_RW);

FILE* const stdin = &console_stream;
FILE* const stdout = &console_stream;
FILE* const stderr = &console_stream;
