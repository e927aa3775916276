"""A CFU brought as hand-written Verilog, verified against Python reference models."""

from pathlib import Path

from ..errors import CfuError
from ..files import write_if_changed
from .instruction import InstructionSpec

__all__ = ["VerilogCfu"]


class VerilogCfu:
    """A CFU whose gateware is a Verilog file defining module ``Cfu``.

    Parameters
    ----------
    path : path-like
        The Verilog file.
    specs : dict of int to InstructionSpec
        funct3 to each instruction's name, reference model factory, funct7 values and latency bound.
    """

    def __init__(self, path, specs: dict[int, InstructionSpec]):
        self.path = Path(path)
        if not self.path.is_file():
            raise CfuError(f"CFU Verilog file {self.path} does not exist")
        for slot in specs:
            if not isinstance(slot, int) or not 0 <= slot <= 7:
                raise CfuError(f"instruction slot {slot!r} is out of range: funct3 slots are 0 to 7")
        self._specs = dict(sorted(specs.items()))

    def specs(self) -> dict[int, InstructionSpec]:
        return dict(self._specs)

    def write_verilog(self, path) -> None:
        """Copy the Verilog to ``path`` (untouched when equal) after checking its ports."""
        from soc.cfu_ports import check_cfu_ports

        check_cfu_ports(self.path)
        write_if_changed(Path(path), self.path.read_bytes())
