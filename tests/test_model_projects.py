"""Each project's own model, every layer bit-exact with TFLite Micro on the host build of our kernels."""

import numpy as np
import pytest

from cfu.model.importer import import_model
from cfu.model.testing import check_against_tflm
from cfu.project import Project


def test_project_model_layers_bit_exact(project_name, tmp_path):
    model_path = Project.load(project_name).model_path()
    if model_path is None:
        pytest.skip(f"{project_name} has no model")
    buf = model_path.read_bytes()
    shapes = [t.shape for t in import_model(buf).graph.inputs]
    inputs = [[np.random.default_rng(seed).integers(-128, 128, s, dtype=np.int8) for s in shapes]
              for seed in range(2)]
    inputs.append([np.zeros(s, np.int8) for s in shapes])
    results = check_against_tflm(buf, tmp_path, inputs)
    problems = sorted({r.problem for r in results if not r.ok})
    assert not problems, "\n".join(problems)
