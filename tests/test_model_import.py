"""Import: user errors name operator, layer and what is supported; budgets; planning; emitted C."""

from __future__ import annotations

import ctypes
import re
import subprocess

import numpy as np
import pytest

from cfu.errors import CfuError
from cfu.model.emit import MODEL_SYMBOL, write_c
from cfu.model.graph import parse_model, readable
from cfu.model.host import FIRMWARE_DIR, HostModel, _ModelHead
from cfu.model.importer import import_model
from cfu.model.mutants import conv_reshape_model as small_model
from cfu.model.planner import ALIGNMENT, plan_arena
from cfu.model.testing import ModelBuilder, options


# The firmware build's target flags (cfu/fwbuild/toolchain.py), warnings as errors.
TARGET_FLAGS = ["-march=rv32im_zicsr", "-mabi=ilp32", "--specs=picolibc.specs", "-std=c11", "-O2",
                "-Wall", "-Wextra", "-Werror"]


def _fc_model(dtype: str = "int8", op: str = "FULLY_CONNECTED") -> bytes:
    b = ModelBuilder()
    x = b.tensor((1, 8), dtype, scale=0.1)
    f = b.tensor((4, 8), "int8", scale=0.01, data=np.ones((4, 8), np.int8))
    y = b.tensor((1, 4), dtype, scale=0.2)
    b.operator(op, [x, f, -1], [y], options("FullyConnectedOptions"))
    return b.build([x], [y])


def test_unsupported_operator_names_op_layer_and_supported_set():
    with pytest.raises(CfuError) as e:
        import_model(_fc_model(op="LSH_PROJECTION"))
    msg = str(e.value)
    assert "layer 0 (LSH_PROJECTION)" in msg and "not supported" in msg
    assert "operators are supported: `cfu model-info MODEL` lists them" in msg


def test_unsupported_tensor_type():
    with pytest.raises(CfuError, match=r"layer 0 \(FULLY_CONNECTED\).*float32.*supported"):
        import_model(_fc_model(dtype="float32"))


def test_per_layer_error_names_the_layer():
    b = ModelBuilder()
    x = b.tensor((1, 8), scale=0.1)
    y = b.tensor((1, 8), scale=0.1)
    b.operator("RESHAPE", [x], [y])
    f = b.tensor((4, 8), "int8", scale=0.01, data=np.ones((4, 8), np.int8))
    z = b.tensor((1, 5), scale=0.2)  # wrong: 4 units
    b.operator("FULLY_CONNECTED", [y, f], [z], options("FullyConnectedOptions"))
    with pytest.raises(CfuError, match=r"layer 1 \(FULLY_CONNECTED\): output shape"):
        import_model(b.build([x], [z]))


def test_not_a_model(tmp_path):
    with pytest.raises(CfuError, match="not a TFLite model"):
        import_model(b"hello world, not a flatbuffer")
    with pytest.raises(CfuError, match="cannot read model"):
        import_model(tmp_path / "missing.tflite")


def test_budget_errors_give_needed_and_available():
    model = import_model(small_model())
    with pytest.raises(CfuError, match=rf"arena needs {model.arena_bytes} bytes but only 16 are available"):
        import_model(small_model(), arena_budget=16)
    with pytest.raises(CfuError, match=rf"weights\) needs {model.weights_bytes} bytes but only 10"):
        import_model(small_model(), weights_budget=10)
    import_model(small_model(), arena_budget=model.arena_bytes, weights_budget=model.weights_bytes)


def test_plan_never_overlaps_live_tensors():
    for seed in range(20):
        rng = np.random.default_rng(seed)
        b = ModelBuilder()
        x = b.tensor((1, int(rng.integers(1, 64))), scale=0.1)
        live = [x]
        for _ in range(8):
            src = live[int(rng.integers(len(live)))]
            y = b.tensor((1, int(rng.integers(1, 64))), scale=0.1)
            b.operator("RESHAPE", [src], [y])
            live.append(y)
        graph = parse_model(b.build([x], [live[-1]]))
        plan = plan_arena(graph)
        for a in plan.buffers:
            assert plan.offsets[a.tensor] % ALIGNMENT == 0
            assert plan.offsets[a.tensor] + a.size <= plan.size
            for c in plan.buffers:
                if a.tensor < c.tensor and a.first <= c.last and c.first <= a.last:
                    oa, oc = plan.offsets[a.tensor], plan.offsets[c.tensor]
                    assert oa + a.size <= oc or oc + c.size <= oa, (seed, a, c)


def test_emitted_c_compiles_for_rv32im(tmp_path):
    """The generated model and the kernels build warning-free with the firmware's target flags."""
    model = import_model(small_model(), name="small")
    write_c(model, tmp_path)
    sources = [FIRMWARE_DIR / "kernels/conv_2d.c", FIRMWARE_DIR / "kernels/reshape.c",
               FIRMWARE_DIR / "model/model.c", tmp_path / "model_data.c"]
    for src in sources:
        subprocess.run(["riscv64-unknown-elf-gcc", *TARGET_FLAGS, f"-I{FIRMWARE_DIR}", f"-I{tmp_path}",
                        "-c", str(src), "-o", str(tmp_path / (src.stem + ".o"))], check=True)
    text = (tmp_path / "model_data.c").read_text()
    assert "const struct Model cfu_model" in text and "ConvPerChannel(" in text


class _TensorName(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p)]  # the first member of struct ModelTensor


class _ModelTensors(ctypes.Structure):
    _fields_ = [*_ModelHead._fields_, ("tensors", ctypes.POINTER(_TensorName))]  # struct Model, to its tensors


HOSTILE_NAMES = ["entrée/ключ/入力", "bell\a\x00nul\x1b[31m", 'quote" back\\slash ??/ trigraph', "*/ comment end"]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_tensor_names_are_valid_c(name, tmp_path):
    """Names keep their text (control characters escaped), in C that compiles for the host and the target."""
    b = ModelBuilder()
    x = b.tensor((1, 8), scale=0.1, name=name)
    y = b.tensor((1, 2, 4), scale=0.1, name=name + "2")
    b.operator("RESHAPE", [x], [y])
    model = import_model(b.build([x], [y]), name=name)
    host = HostModel(model, tmp_path)
    assert _ModelTensors.in_dll(host._lib, MODEL_SYMBOL).tensors[0].name == readable(name).encode()
    subprocess.run(["riscv64-unknown-elf-gcc", *TARGET_FLAGS, f"-I{FIRMWARE_DIR}", f"-I{tmp_path}",
                    "-c", str(tmp_path / "model_data.c"), "-o", str(tmp_path / "model_data.o")], check=True)


def test_malformed_file_messages_use_the_files_terms():
    """Offsets and lengths pointing outside the file are named by what was being read, not by flatbuffers."""
    buf = small_model()
    messages = set()
    for at in range(0, len(buf) - 3, 4):
        broken = buf[:at] + (0x7FFF_FFF0).to_bytes(4, "little") + buf[at + 4:]
        try:
            import_model(broken)
        except CfuError as error:
            messages.add(str(error))
    library_terms = [m for m in messages if re.search(r"unpack_from|bad number|[a-z]Error\b|buffer is smaller", m)]
    assert not library_terms, library_terms
    outside = {m.split(" points outside")[0] for m in messages if " points outside the " in m}
    assert {"malformed .tflite file: tensor 0", "malformed .tflite file: operator 0 (CONV_2D)"} <= outside, outside
