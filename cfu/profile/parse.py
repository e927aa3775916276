"""Parse the profile lines the firmware prints (firmware/app/model_profile.c)."""

import re
from dataclasses import dataclass, field

__all__ = ["LayerCycles", "FirmwareProfile", "parse_profile", "parse_runs", "progress_line"]

_MODEL = re.compile(r"^~~model (\S+) (\d+)~~$", re.M)
_LAYER = re.compile(r"^~~layer (\d+) (\w+) (\d+) (\d+)~~$", re.M)
_OUTPUT = re.compile(r"^~~output (\d+) ([0-9a-f]*)~~$", re.M)
_DONE = re.compile(r"^~~model_done (\d+)~~$", re.M)


@dataclass(frozen=True)
class LayerCycles:
    """One operator invocation: ``cycles`` is the mcycle difference around its kernel."""

    index: int
    op: str
    cycles: int
    macs: int


@dataclass
class FirmwareProfile:
    model: str
    num_layers: int
    layers: list[LayerCycles] = field(default_factory=list)
    outputs: dict[int, bytes] = field(default_factory=dict)
    total_cycles: int | None = None

    @property
    def complete(self) -> bool:
        return self.total_cycles is not None and len(self.layers) == self.num_layers


def parse_profile(output: str) -> FirmwareProfile | None:
    """The profile in a run's UART output, or None if the firmware never started the model."""
    output = output.replace("\r", "")
    header = _MODEL.search(output)
    if header is None:
        return None
    profile = FirmwareProfile(header.group(1), int(header.group(2)))
    profile.layers = [LayerCycles(int(i), op, int(c), int(m)) for i, op, c, m in _LAYER.findall(output)]
    profile.outputs = {int(i): bytes.fromhex(data) for i, data in _OUTPUT.findall(output)}
    done = _DONE.search(output)
    profile.total_cycles = int(done.group(1)) if done else None
    return profile


def parse_runs(output: str) -> list[FirmwareProfile]:
    """Every inference in a run's UART output (a firmware built with MODEL_REPEATS prints one block each)."""
    output = output.replace("\r", "")
    starts = [match.start() for match in _MODEL.finditer(output)]
    return [parse_profile(output[start:end]) for start, end in zip(starts, starts[1:] + [len(output)])]


def progress_line(line: str, num_layers: int | None) -> str | None:
    """A profile line as a person wants to see it while the model runs; None to hide it."""
    layer = _LAYER.match(line.strip())
    if layer:
        index, op, cycles, _ = layer.groups()
        of = f"/{num_layers}" if num_layers else ""
        return f"  layer {int(index) + 1}{of} {op:<18} {int(cycles):>14,} cycles\n"
    if _OUTPUT.match(line.strip()) or _MODEL.match(line.strip()) or _DONE.match(line.strip()):
        return None
    return line
