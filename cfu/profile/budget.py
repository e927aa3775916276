"""The default cycle budget of a profiled run, from the model's work.

The budget only has to stop a firmware that never finishes, so it is generous: two to three times the slowest
kernels measured (docs/benchmarks.md: at most 26.4 cycles per MAC for a whole model, 170 cycles per element for a
layer without MACs), plus room for start-up and the CFU self-test. docs/simulation.md shows the formula.
"""

from __future__ import annotations

import sys

from ..model.importer import ImportedModel, import_model

__all__ = ["default_cycle_budget"]

CYCLES_PER_MAC = 64
CYCLES_PER_OUTPUT_ELEMENT = 512
CYCLES_PER_LAYER = 200_000
#: Start-up, the CFU self-test and printing the outputs.
STARTUP_CYCLES = 100_000_000


def default_cycle_budget(model: ImportedModel) -> int:
    """Cycles after which a run of ``model`` is stopped unless the user gives another budget."""
    elements = sum(op.outputs[0].size for op in model.graph.operators)
    return (CYCLES_PER_MAC * model.macs + CYCLES_PER_OUTPUT_ELEMENT * elements
            + CYCLES_PER_LAYER * len(model.graph.operators) + STARTUP_CYCLES)


def main(argv: list[str]) -> int:
    """``python -m cfu.profile.budget MODEL.tflite...``: print each model's MACs and default cycle budget."""
    for path in argv:
        model = import_model(path)
        print(f"{path}: {model.macs:,} MACs, {len(model.graph.operators)} layers, "
              f"default budget {default_cycle_budget(model):,} cycles")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
