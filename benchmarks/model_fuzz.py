"""Mutated models tried end to end: how many the importer rejects (naming the problem) and how many agree with
TFLite Micro on the host, by mutation kind; any other outcome is a defect and is listed.

Usage: .venv/bin/python benchmarks/model_fuzz.py [--mutants 10000] [--seed 0]
The mutants are those of tests/test_model_fuzz.py (same generator; the test runs the first 900 of seed 0).
Prints progress every 500 mutants, then a markdown table for docs/reliability.md. Exit status 1 on any defect.
"""

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from cfu.model.fuzz import GOOD_OUTCOMES, MutantChecker
from cfu.model.mutants import mutants


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mutants", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
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
