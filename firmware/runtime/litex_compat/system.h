// Stands in for LiteX libbase's system.h, which generated/csr.h includes.
// Nothing from it is needed: our runtime provides cache and IRQ helpers
// itself (irq.h), so this header is deliberately empty.
#ifndef FIRMWARE_RUNTIME_LITEX_COMPAT_SYSTEM_H_
#define FIRMWARE_RUNTIME_LITEX_COMPAT_SYSTEM_H_
#endif  // FIRMWARE_RUNTIME_LITEX_COMPAT_SYSTEM_H_
