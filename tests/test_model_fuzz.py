"""Mutated models: the importer names the problem, or the generated C agrees with TFLite Micro (docs/reliability.md).

End to end: mutants of seed models covering 13 of the first 15 operators (damaged bytes, one changed field) are
imported; every accepted one is built for the host and compared with TFLite Micro layer by layer, each in a
worker process so that a crash or a hang is a counted outcome. Import only: a saved corpus
(tests/data/model_fuzz, one file per distinct error), hypothesis-drawn byte mutations, mutations of a real
model and every truncation. Every rejection must name the layer and operator, the tensor or the part of the
file, in the user's terms. ``benchmarks/model_fuzz.py`` runs the same check on more mutants.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cfu.errors import CfuError
from cfu.model.fuzz import MutantChecker, names_the_problem
from cfu.model.importer import import_model
from cfu.model.mutants import BYTE_MUTATIONS, conv_reshape_model, mutants, mutate_bytes
from cfu.model.testing import ModelBuilder, options
from cfu.paths import mlperf_models_dir

CORPUS = sorted((Path(__file__).parent / "data" / "model_fuzz").glob("*.tflite"))
KWS = mlperf_models_dir() / "kws_ref_model.tflite"
SMALL = conv_reshape_model()
#: Mutants tried end to end by the default suite (about half a minute); the benchmark runs more.
END_TO_END_MUTANTS = 900


def import_or_named_error(buf: bytes) -> None:
    try:
        import_model(buf)
    except CfuError as e:
        assert names_the_problem(str(e)), f"the message does not name the problem: {e}"


def test_mutants_end_to_end(tmp_path):
    outcomes: Counter[str] = Counter()
    defects = []
    with MutantChecker(tmp_path) as checker:
        for mutant in mutants(END_TO_END_MUTANTS, seed=0):
            outcome = checker.check(mutant.data)
            outcomes[outcome.kind] += 1
            if not outcome.ok:
                defects.append(f"{mutant.label}: {outcome.kind}: {outcome.detail}")
    assert not defects, f"{len(defects)} defects ({dict(outcomes)}):\n" + "\n".join(defects[:20])
    # The mutants reach both verdicts in numbers, so the check exercises the importer and the kernels.
    assert outcomes["agree"] > END_TO_END_MUTANTS // 10 and outcomes["rejected"] > END_TO_END_MUTANTS // 3


def test_checker_reports_a_crash_and_goes_on(tmp_path):
    """A worker that dies is an outcome naming the phase, and the next mutant gets a new worker."""
    with MutantChecker(tmp_path) as checker:
        checker._start()
        checker._worker.kill()
        crash = checker.check(SMALL)
        assert (crash.kind, crash.detail) == ("crash", "the worker died (exit -9) in start")
        assert checker.check(SMALL).kind == "agree"


def test_names_the_problem_rejects_library_terms():
    assert names_the_problem("layer 0 (CONV_2D): filter tensor 't1' must be a constant")
    assert names_the_problem("malformed .tflite file: tensor 3 points outside the 1072-byte file")
    assert not names_the_problem("malformed .tflite file: error: unpack_from requires a buffer of at least 8 bytes")
    assert not names_the_problem("bad number -171712622 for type uint32")
    assert not names_the_problem("something went wrong")


def test_small_model_imports():
    model = import_model(SMALL)
    assert [op.name for op in model.graph.operators] == ["CONV_2D", "RESHAPE"]


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_saved_corpus(path):
    import_or_named_error(path.read_bytes())


def test_corpus_present():
    assert len(CORPUS) >= 100


@pytest.mark.parametrize("alpha", [float("nan"), float("inf"), 1e38])
def test_leaky_relu_alpha_that_makes_no_multiplier_is_named(alpha):
    """Found by the corpus run of the new-operator seed: a non-finite alpha scale crashed the multiplier math, a
    huge one gave a shift past 31 bits."""
    b = ModelBuilder()
    x, y = b.tensor([4], scale=0.1), b.tensor([4], scale=1e-6)
    b.operator("LEAKY_RELU", [x], [y], options("LeakyReluOptions", alpha=alpha))
    with pytest.raises(CfuError, match=r"layer 0 \(LEAKY_RELU\): alpha times the input scale over the output scale is .* must be a finite number"):
        import_model(b.build([x], [y]))


MUTATION = st.tuples(st.sampled_from(BYTE_MUTATIONS), st.floats(0, 1, exclude_max=True),
                     st.binary(min_size=1, max_size=16))


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(MUTATION, min_size=1, max_size=4))
def test_mutated_small_model(mutations):
    import_or_named_error(mutate_bytes(SMALL, mutations))


def test_mutated_real_model():
    if not KWS.exists():
        pytest.skip(f"{KWS} not present")
    buf = KWS.read_bytes()
    rng = np.random.default_rng(0)
    for _ in range(150):
        kind = BYTE_MUTATIONS[int(rng.integers(4))]
        payload = bytes(rng.integers(0, 256, 8, dtype=np.uint8))
        import_or_named_error(mutate_bytes(buf, [(kind, float(rng.random()), payload)]))


def test_every_truncation_of_small_model():
    for n in range(len(SMALL)):
        with pytest.raises(CfuError) as error:
            import_model(SMALL[:n])
        assert names_the_problem(str(error.value)), str(error.value)
