"""Cycles per operator type of a ``cfu sim`` profile, as a row of the step table in README.md.

    .venv/bin/python proj/mnv2_first/profile_summary.py [proj/mnv2_first/build/sim/profile.json]

The first conv (layer 0, the 3x3 on the image) is counted apart from the other CONV_2D layers.
"""

import json
import sys
from collections import defaultdict
from pathlib import Path

BASELINE_CYCLES = 781_931_127  # docs/benchmarks.md, the reference kernels
COLUMNS = ("CONV_2D 1x1", "CONV_2D 3x3 (first)", "DEPTHWISE_CONV_2D", "ADD", "MEAN", "other")


def kind(layer: dict) -> str:
    if layer["op"] == "CONV_2D":
        return "CONV_2D 3x3 (first)" if layer["index"] == 0 else "CONV_2D 1x1"
    return layer["op"] if layer["op"] in COLUMNS else "other"


def summary(profile: dict) -> str:
    per_kind = defaultdict(int)
    for layer in profile["layers"]:
        per_kind[kind(layer)] += layer["cycles"]
    total = profile["total_cycles"]
    cells = [f"{total / 1e6:.2f} M", *(f"{per_kind[c] / 1e6:.2f} M" for c in COLUMNS),
             f"{BASELINE_CYCLES / total:.1f}x", str(profile["golden"])]
    return "| " + " | ".join(cells) + " |"


def main(argv: list[str]) -> None:
    path = Path(argv[0] if argv else Path(__file__).parent / "build" / "sim" / "profile.json")
    print("| total | " + " | ".join(COLUMNS) + " | vs baseline | golden |")
    print(summary(json.loads(path.read_text())))


if __name__ == "__main__":
    main(sys.argv[1:])
