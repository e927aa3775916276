"""Profile-guided optimisation (gcc) of the Verilated SoC simulator: ``Vsim`` about 12 % faster on model images
(docs/benchmarks.md, "Profile-guided build and a newer Verilator").

:func:`make_profile_guided` replaces the one ``make`` of ``Vsim``: a build instrumented with ``-fprofile-generate``
runs a short fixed training (:data:`TRAINING_CYCLES` cycles of the toolkit's BENCH firmware from ``sim/testfw``:
int8 dot products over more memory than the data cache holds, with multiplies and CFU instructions), then ``Vsim``
is compiled again with ``-fprofile-use``. The profile changes how fast ``Vsim`` runs, never what it computes.

It costs a second compile and about a second of training per simulator build. ``CFU_SIM_PGO=0`` skips it: the
test suite does (tests/conftest.py), as it builds many simulators for short runs where it does not pay.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path

from cfu.errors import CfuError

#: The environment variable that turns profile-guided builds off ("0").
ENVIRONMENT_SWITCH = "CFU_SIM_PGO"
TRAINING_CYCLES = 2_000_000
TRAINING_SCENARIO = "BENCH"
GENERATE_FLAGS = "-fprofile-generate -fprofile-update=single"
USE_FLAGS = "-fprofile-use -fprofile-correction -Wno-missing-profile -Wno-error=coverage-mismatch"


def enabled() -> bool:
    """Whether simulators are built profile-guided (the default; ``CFU_SIM_PGO=0`` turns it off)."""
    return os.environ.get(ENVIRONMENT_SWITCH, "1") != "0"


def settings() -> list[str]:
    """What a profile-guided build depends on besides the plain build's commands (for the build fingerprint)."""
    return [GENERATE_FLAGS, USE_FLAGS, TRAINING_SCENARIO, str(TRAINING_CYCLES)]


def _with_flags(make: list[str], flags: str) -> list[str]:
    """``make`` with ``flags`` added to each ``OPT_*`` optimisation variable (every compiled file gets one)."""
    return [f"{arg} {flags}" if arg.startswith("OPT_") and "=" in arg else arg for arg in make]


def make_profile_guided(make: list[str], gateware_dir: Path, soc_dir: Path, run: Callable[[list[str]], None]) -> None:
    """Build ``Vsim`` in ``gateware_dir/obj_dir`` with ``make`` (run by ``run``), instrumented, train it, and build
    it again optimised with the profile. ``soc_dir`` holds the SoC's LiteX ``generated/`` headers (for the training
    firmware)."""
    obj_dir = gateware_dir / "obj_dir"
    run([*_with_flags(make, GENERATE_FLAGS), "LDFLAGS=-fprofile-generate"])
    _train(obj_dir / "Vsim", gateware_dir, soc_dir)
    for built in [*obj_dir.glob("*.o"), *obj_dir.glob("*.a"), obj_dir / "Vsim"]:
        built.unlink()
    run(_with_flags(make, USE_FLAGS))


def _train(exe: Path, gateware_dir: Path, soc_dir: Path) -> None:
    from sim.runner import CYCLE_BUDGET_EXCEEDED, run
    from sim.testfw import build_firmware
    from sim.verilated import Simulator

    firmware = build_firmware(soc_dir, gateware_dir / "pgo-training", TRAINING_SCENARIO)
    instrumented = Simulator(dir=gateware_dir, gateware_dir=gateware_dir, exe=exe, trace=None, rebuilt=True,
                             headers_dir=soc_dir / "generated")
    result = run(instrumented, firmware, max_cycles=TRAINING_CYCLES, out=io.StringIO())
    if result.exit_code != CYCLE_BUDGET_EXCEEDED:
        raise CfuError(f"the training run of the profile-guided simulator build ended early: {result.reason}\n"
                       f"{result.output[-2000:]}")
