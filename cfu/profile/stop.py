"""Why a run ended early, in the user's terms: the function a trap or a stuck CFU instruction was in, the layer
the cycle budget stopped."""

from __future__ import annotations

from pathlib import Path

from ..fwbuild import describe_trap, symbolize
from ..model.importer import ImportedModel
from .parse import parse_profile

__all__ = ["explain_stop", "running_layer"]


def explain_stop(exit_code: int, output: str, elf: Path, model: ImportedModel | None) -> str | None:
    """One line on where the firmware (``elf``) was when the run ended with ``exit_code``; None if unknown."""
    from sim.runner import CFU_TIMEOUT, CYCLE_BUDGET_EXCEEDED, cfu_watchdog_pc

    if exit_code == CFU_TIMEOUT:
        pc = cfu_watchdog_pc(output)
        return None if pc is None else f"the CFU instruction at 0x{pc:08x} in {symbolize(elf, pc)}"
    if exit_code == CYCLE_BUDGET_EXCEEDED and model is not None:
        return f"stopped {running_layer(model, output)}"
    return describe_trap(elf, output)


def running_layer(model: ImportedModel, output: str) -> str:
    """Where the firmware was when a run stopped, from its console ``output``: a layer, or before/after the model."""
    profile = parse_profile(output)
    if profile is None:
        return "before the model started (start-up or CFU self-test)"
    operators = model.graph.operators
    done = len(profile.layers)
    if done >= len(operators):
        return "after the last layer"
    return f"in layer {done} ({operators[done].name}), after {done} of {len(operators)} layers"
