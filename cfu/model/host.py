"""Host build of the kernels + runtime + a generated model, loaded with ctypes (fast kernel tests).

The host build uses `gcc -O2` (the target build uses the firmware's flags, -O2 by default, as
TFLite Micro's). Kernel sources are looked up in `source_dirs` in order, so a project's
`src/` override is tested exactly as the firmware build would use it. Each source is compiled
once into an object named by the digest of everything it is made from (its text, every header
of the source folders, the flags), so many models built in one folder share their kernels.
"""

from __future__ import annotations

import ctypes
import hashlib
import subprocess
from pathlib import Path

import numpy as np

from cfu.errors import CfuError
from cfu.model.emit import MODEL_SYMBOL, write_c
from cfu.model.importer import ImportedModel
from cfu.paths import FIRMWARE_DIR

CFLAGS = ["-std=c11", "-O2", "-Wall", "-Wextra", "-Werror", "-fPIC"]


class _ModelHead(ctypes.Structure):
    # The leading members of `struct Model` (firmware/model/model.h).
    _fields_ = [("name", ctypes.c_char_p), ("arena", ctypes.POINTER(ctypes.c_uint8)),
                ("arena_bytes", ctypes.c_uint32)]


def _find(rel: str, source_dirs: list[Path]) -> Path:
    for d in source_dirs:
        if (d / rel).exists():
            return d / rel
    raise CfuError(f"no source {rel} in {', '.join(map(str, source_dirs))}")


def _digest(paths, *extra: str) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path).encode() + b"\0" + Path(path).read_bytes())
    for text in extra:
        digest.update(text.encode())
    return digest.hexdigest()[:16]


def _compile(source: Path, includes: list[str], headers_digest: str, obj_dir: Path) -> Path:
    """The object of ``source``, compiled unless an identical build of it is already there."""
    obj = obj_dir / f"{source.stem}_{_digest([source], headers_digest, *CFLAGS, *includes)}.o"
    if not obj.exists():
        obj_dir.mkdir(parents=True, exist_ok=True)
        partial = obj.with_suffix(".o.partial")
        _run(["gcc", *CFLAGS, *includes, "-c", str(source), "-o", str(partial)])
        partial.replace(obj)
    return obj


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise CfuError(f"host build failed:\n{' '.join(command)}\n{result.stderr}")


class HostModel:
    """A model compiled for the host: write inputs, run layers, read any arena tensor.

    ``extra_sources`` and ``defines`` go into the build as they are: a project's kernels run through
    its CFU emulation with ``extra_sources=[<proj>/src/software_cfu.c], defines=["SW_ONLY"]``.
    """

    def __init__(self, model: ImportedModel, build_dir: str | Path,
                 source_dirs: list[Path] | None = None, extra_sources: list[Path] = (),
                 defines: list[str] = ()):
        self.model = model
        build = Path(build_dir)
        dirs = [Path(d) for d in (source_dirs or [])] + [FIRMWARE_DIR]
        write_c(model, build)
        kernels = sorted({layer.kernel_source for layer in model.layers if layer is not None})
        sources = [_find(k, dirs) for k in kernels]
        sources += [_find("model/model.c", dirs), build / "model_data.c", *map(Path, extra_sources)]
        includes = [f"-I{d}" for d in dirs] + [f"-I{FIRMWARE_DIR / 'include'}", f"-I{build}"]
        includes += [f"-D{d}" for d in defines]
        headers_digest = _digest([*(path for d in dirs for path in sorted(d.rglob("*.h"))), build / "model_data.h"])
        objects = [_compile(s, includes, headers_digest, build / "obj") for s in sources]
        lib = build / f"model_{_digest(objects)}.so"
        if not lib.exists():
            _run(["gcc", "-shared", *map(str, objects), "-o", str(lib)])
        self._lib = ctypes.CDLL(str(lib))
        head = _ModelHead.in_dll(self._lib, MODEL_SYMBOL)
        self._model = ctypes.byref(head)
        self._arena = np.ctypeslib.as_array(head.arena, (max(head.arena_bytes, 1),))
        self._lib.model_invoke_layer.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self.reset()

    def reset(self) -> None:
        """Set the variable tensors (layer state) to their initial values, as the firmware does at start."""
        self._lib.model_reset(self._model)

    def write(self, tensor_index: int, values: np.ndarray) -> None:
        """Store a tensor's values at its arena place."""
        t = self.model.graph.tensors[tensor_index]
        off = self.model.plan.offsets[tensor_index]
        raw = np.ascontiguousarray(values).reshape(-1).view(np.uint8)
        if raw.size != t.nbytes:
            raise ValueError(f"tensor {tensor_index} takes {t.nbytes} bytes, got {raw.size}")
        self._arena[off:off + t.nbytes] = raw

    def read(self, tensor_index: int) -> np.ndarray:
        """A copy of a tensor's current values."""
        t = self.model.graph.tensors[tensor_index]
        off = self.model.plan.offsets[tensor_index]
        dtype = {"int8": np.int8, "int16": np.int16, "int32": np.int32, "float32": np.float32}[t.dtype]
        return self._arena[off:off + t.nbytes].copy().view(dtype).reshape(t.shape)

    def invoke(self) -> list[int]:
        """Run the whole model with `model_invoke`; returns each layer's clock ticks."""
        timings = (ctypes.c_uint64 * len(self.model.layers))()
        self._lib.model_invoke(self._model, timings)
        return list(timings)

    def invoke_layer(self, index: int) -> None:
        if self._lib.model_invoke_layer(self._model, index) != 0:
            raise IndexError(f"no layer {index}")
