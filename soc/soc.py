"""The toolkit's SoC: LiteX's ``SoCCore`` with VexRiscv ``full+cfu`` and the project's CFU."""

from __future__ import annotations

from pathlib import Path

from litex.soc.integration.soc_core import SoCCore

from soc.cfu_ports import check_cfu_ports
from soc.simctrl import SimCtrl

#: Where firmware is linked and entered (docs/contracts.md).
MAIN_RAM_BASE = 0x4000_0000
CPU_VARIANT = "full+cfu"


class CfuSoC(SoCCore):
    """VexRiscv ``full+cfu`` + ``Cfu`` Verilog, ROM, SRAM, UART and timer, composed with LiteX ``add_*`` steps.

    Main RAM is left to the target (integrated in simulation, SDRAM or block RAM on boards):
    call :meth:`add_integrated_main_ram` or LiteX's ``add_sdram``.

    Parameters
    ----------
    platform : litex.build.generic_platform.GenericPlatform
        The target's platform.
    sys_clk_freq : int
        CPU clock in Hz.
    cfu_verilog : Path
        Verilog file holding module ``Cfu``; its ports are checked first.
    rom_size : int
        Integrated ROM (for the LiteX BIOS) in bytes; 0 for none.
    reset_address : int
        Where the CPU starts: ``MAIN_RAM_BASE`` (firmware preloaded) or the ROM (BIOS, serial boot).
    uart_name : str
        LiteX UART kind: ``"serial"`` on boards, ``"sim"`` in simulation.
    """

    def __init__(self, platform, sys_clk_freq: int, cfu_verilog: Path, *, rom_size: int,
                 reset_address: int = MAIN_RAM_BASE, uart_name: str = "serial",
                 sram_size: int = 0x2000, rom_init: list[int] | None = None) -> None:
        cfu_verilog = Path(cfu_verilog).resolve()
        check_cfu_ports(cfu_verilog)
        SoCCore.__init__(
            self, platform, sys_clk_freq,
            ident="CFU toolkit SoC",
            cpu_type="vexriscv",
            cpu_variant=CPU_VARIANT,
            cpu_cfu=str(cfu_verilog),
            cpu_reset_address=reset_address,
            integrated_sram_size=sram_size,
            uart_name=uart_name,
            with_timer=True,
        )
        if rom_size:
            self.add_rom("rom", origin=self.mem_map["rom"], size=rom_size, contents=rom_init or [])

    def add_integrated_main_ram(self, size: int, init: list[int] | None = None) -> None:
        """Add block-RAM main RAM at ``MAIN_RAM_BASE``, optionally with initial contents (32-bit words)."""
        self.add_ram("main_ram", origin=MAIN_RAM_BASE, size=size, contents=init or [])

    def add_simctrl(self) -> SimCtrl:
        """Add the ``simctrl`` CSR peripheral (simulation only) and return it."""
        self.simctrl = SimCtrl()
        return self.simctrl
