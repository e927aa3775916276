"""A CFU brought as hand-written Verilog, verified against Python reference models."""

import shutil
from pathlib import Path

from ..errors import CfuError
from .instruction import InstructionSpec, ReferenceModel

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

    def reference_models(self) -> dict[int, "callable[[], ReferenceModel]"]:
        return {slot: spec.model for slot, spec in self._specs.items()}

    def write_verilog(self, path) -> None:
        """Copy the Verilog to ``path`` (untouched when equal) after checking its ports."""
        from soc.cfu_ports import check_cfu_ports

        check_cfu_ports(self.path)
        path = Path(path)
        if not path.exists() or path.read_bytes() != self.path.read_bytes():
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.path, path)
