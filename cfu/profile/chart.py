"""Per-layer cycle chart (PNG), with the previous run beside it when there is one."""

import io
from pathlib import Path

from ..files import write_atomic
from .report import ProfileReport

__all__ = ["draw_chart"]


def draw_chart(report: ProfileReport, path: Path, previous: ProfileReport | None = None,
               behind_label: str = "previous") -> Path:
    """Bars of cycles per layer; ``previous`` (same model: an earlier run, or another simulator's run named by
    ``behind_label``) is drawn behind for a before/after view."""
    import logging

    import matplotlib
    matplotlib.use("Agg")
    logging.getLogger("matplotlib").setLevel(logging.WARNING)
    import matplotlib.pyplot as plt

    count = len(report.layers)
    figure, axes = plt.subplots(figsize=(max(8, 0.22 * count + 3), 5))
    positions = range(count)
    labels = [f"{row.index} {row.op}" for row in report.layers]
    if previous is not None:
        axes.bar(positions, [row.cycles for row in previous.layers], width=0.8, color="#c8c8c8",
                 label=f"{behind_label}: {previous.total_cycles:,} cycles")
    axes.bar(positions, [row.cycles for row in report.layers], width=0.5 if previous else 0.8, color="#2f6db5",
             label=f"this run: {report.total_cycles:,} cycles")
    axes.set_xticks(list(positions), labels, rotation=90, fontsize=7)
    axes.set_ylabel("cycles (mcycle)")
    axes.set_title(f"{report.model} on {report.simulator}: cycles per layer (golden: {report.golden})")
    axes.legend()
    figure.tight_layout()
    image = io.BytesIO()
    figure.savefig(image, format="png", dpi=110)
    plt.close(figure)
    write_atomic(path, image.getvalue())
    return path
