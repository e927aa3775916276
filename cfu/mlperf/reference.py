"""Reference points printed beside a run's latencies (docs/benchmarks.md, "MLPerf Tiny" gives their sources)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ReferencePoint", "REFERENCE_POINTS"]


@dataclass(frozen=True)
class ReferencePoint:
    """Latency of one model on a reference system: in cycles where it was counted, else in milliseconds."""

    label: str
    cycles: dict[str, int] | None = None
    ms: dict[str, float] | None = None


REFERENCE_POINTS: tuple[ReferencePoint, ...] = (
    # docs/benchmarks.md, "Baseline: models on VexRiscv `full+cfu`, no CFU use" (one inference each, simulated).
    ReferencePoint("VexRiscv full, no CFU (baseline, simulated)",
                   cycles={"ad01": 3_364_283, "kws": 60_830_623, "vww": 154_189_857, "ic": 172_475_493}),
    # MLPerf Tiny v1.1 closed results, Krai, NUCLEO_L4R5ZI (Cortex-M4 at 120 MHz), X-CUBE-AI 7.3.0: 1000 / inf/s.
    ReferencePoint("Cortex-M4 120 MHz, X-CUBE-AI (MLPerf Tiny v1.1, published)",
                   ms={"ad01": 7.579, "kws": 74.733, "vww": 224.921, "ic": 226.912}),
)
