"""Mutated models tried end to end: how many the importer rejects (naming the problem) and how many agree with
TFLite Micro on the host, by mutation kind; any other outcome is a defect and is listed.

Usage: .venv/bin/python benchmarks/model_fuzz.py [--mutants 10000] [--seed 0]
       .venv/bin/python benchmarks/model_fuzz.py --save-corpus tests/data/model_fuzz --seeds stateful [--mutants N]
The mutants are those of tests/test_model_fuzz.py (same generator; the test runs the first 900 of seed 0).
Prints progress every 500 mutants, then a markdown table for docs/reliability.md. Exit status 1 on any defect.
--save-corpus imports only: it adds to the folder one mutant (case_NN.tflite) per kind of rejection not seen before
(the message with its numbers and names blanked), from the seeds named by --seeds; tests/test_model_fuzz.py
imports every file of the corpus.
"""

import argparse
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from cfu.errors import CfuError
from cfu.files import write_atomic
from cfu.model.fuzz import GOOD_OUTCOMES, MutantChecker
from cfu.model.importer import import_model
from cfu.model.mutants import SEEDS, mutants


def rejection_kind(message: str) -> str:
    """A rejection message with its numbers and quoted names blanked: one kind per check of the importer."""
    blanked = re.sub(r"'[^']*'|(?<![\w.])-?\d+(\.\d+)?(e-?\d+)?|\[[^]]*\]", "#", (message.splitlines() or [""])[0])
    return " ".join(blanked.split()[:9])


def save_corpus(folder: Path, count: int, seed: int, seeds: list[str], limit: int) -> int:
    """Add a mutant of ``seeds`` per new kind of rejection to ``folder``, at most ``limit``; returns how many were
    added."""
    known = {rejection_kind(_rejection(path.read_bytes())) for path in folder.glob("*.tflite")}
    number = len(list(folder.glob("case_*.tflite")))
    added = 0
    for mutant in mutants(count, seed):
        if mutant.seed not in seeds or added == limit:
            continue
        kind = rejection_kind(_rejection(mutant.data))
        if kind and kind not in known:
            known.add(kind)
            write_atomic(folder / f"case_{number + added:02d}.tflite", mutant.data)
            print(f"case_{number + added:02d}: {mutant.label}: {kind}")
            added += 1
    return added


def _rejection(buf: bytes) -> str:
    try:
        import_model(buf)
    except CfuError as error:
        return str(error)
    return ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mutants", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--save-corpus", type=Path, help="add new kinds of rejection to this folder, import only")
    parser.add_argument("--seeds", default=",".join(SEEDS), help="seed models for --save-corpus (comma-separated)")
    parser.add_argument("--limit", type=int, default=40, help="files --save-corpus adds at most")
    args = parser.parse_args()
    if args.save_corpus:
        print(f"{save_corpus(args.save_corpus, args.mutants, args.seed, args.seeds.split(','), args.limit)} files added")
        return 0
    counts: Counter[tuple[str, str]] = Counter()
    defects = []
    start = time.monotonic()
    with tempfile.TemporaryDirectory() as build, MutantChecker(Path(build)) as checker:
        for mutant in mutants(args.mutants, args.seed):
            outcome = checker.check(mutant.data)
            counts[mutant.kind, outcome.kind] += 1
            if not outcome.ok:
                defects.append(f"{mutant.label}: {outcome.kind}: {outcome.detail}")
            if (mutant.number + 1) % 500 == 0:
                print(f"{mutant.number + 1}/{args.mutants} mutants, {len(defects)} defects, "
                      f"{time.monotonic() - start:.0f} s", file=sys.stderr, flush=True)
    kinds = sorted({kind for _, kind in counts}, key=lambda k: (k not in GOOD_OUTCOMES, k))
    print(f"\n{args.mutants} mutants (seed {args.seed}) in {time.monotonic() - start:.0f} s\n")
    print("| mutation | " + " | ".join(kinds) + " | total |")
    print("|---|" + "---|" * (len(kinds) + 1))
    for mutation in ("bytes", "field"):
        row = [counts[mutation, kind] for kind in kinds]
        print(f"| {mutation} | " + " | ".join(map(str, row)) + f" | {sum(row)} |")
    for line in defects:
        print(line)
    return 1 if defects else 0


if __name__ == "__main__":
    sys.exit(main())
