"""Describe an int8 .tflite model and run it in TFLite Micro.

Runs in the project venv (needs only ``tflite-micro`` and ``numpy``, not TensorFlow):

    .venv/bin/python -m cfu.model.inspect_model proj/<p>/model/<name>.tflite [--arena] [--markdown]

Prints: size and sha256, input/output quantization, the operator list with counts (in order of first
appearance), a per-layer table with MACs, tensor types, and the TFLM outputs for a zeros input and a
seeded random input (``np.random.default_rng(0).integers(-128, 128, dtype=int8)``), the same inputs as
shared/models/mlperf_tiny/README.md uses for the reference models.

MAC counting: CONV_2D N*Ho*Wo*Cout*Kh*Kw*Cin; DEPTHWISE_CONV_2D N*Ho*Wo*Cout*Kh*Kw;
FULLY_CONNECTED rows*units*in. Everything else (ADD, PAD, MEAN, pooling, softmax, requantization) counts 0.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import os
import sys

import numpy as np
from tflite_micro import runtime
from tflite_micro.python.tflite_micro.runtime import schema_fb

OP_NAMES = {v: k for k, v in vars(schema_fb.BuiltinOperator).items() if not k.startswith("_")}
TYPE_NAMES = {v: k for k, v in vars(schema_fb.TensorType).items() if not k.startswith("_")}
ACT_NAMES = {v: k for k, v in vars(schema_fb.ActivationFunctionType).items() if not k.startswith("_")}
PAD_NAMES = {v: k for k, v in vars(schema_fb.Padding).items() if not k.startswith("_")}


def _shape(t) -> list[int]:
    return [int(x) for x in t.shape] if t.shape is not None else []


def _fmt(shape) -> str:
    return "x".join(str(s) for s in shape) if shape else "scalar"


def describe(path: str) -> dict:
    data = open(path, "rb").read()
    model = runtime.convert_bytearray_to_object(bytearray(data))
    assert len(model.subgraphs) == 1, "expected one subgraph"
    sg = model.subgraphs[0]
    tensors = sg.tensors
    layers = []
    counts: collections.OrderedDict[str, int] = collections.OrderedDict()
    total_macs = 0
    for i, op in enumerate(sg.operators):
        name = OP_NAMES[runtime.get_builtin_code_from_operator_code(model.operatorCodes[op.opcodeIndex])]
        counts[name] = counts.get(name, 0) + 1
        ins = [tensors[j] for j in op.inputs if j >= 0]
        outs = [tensors[j] for j in op.outputs]
        out_shape = _shape(outs[0])
        macs, kernel, attrs = 0, "-", ""
        o = op.builtinOptions
        if name == "CONV_2D":
            w = _shape(ins[1])  # [Cout, Kh, Kw, Cin]
            kernel = _fmt(w)
            macs = int(np.prod(out_shape)) * w[1] * w[2] * w[3]
            attrs = f"s{o.strideH}x{o.strideW} {PAD_NAMES[o.padding]} {ACT_NAMES[o.fusedActivationFunction]}"
        elif name == "DEPTHWISE_CONV_2D":
            w = _shape(ins[1])  # [1, Kh, Kw, Cout]
            kernel = _fmt(w)
            macs = int(np.prod(out_shape)) * w[1] * w[2]
            attrs = (f"s{o.strideH}x{o.strideW} {PAD_NAMES[o.padding]} {ACT_NAMES[o.fusedActivationFunction]}"
                     f" dm{o.depthMultiplier}")
        elif name == "FULLY_CONNECTED":
            w = _shape(ins[1])  # [units, in]
            kernel = _fmt(w)
            macs = int(np.prod(out_shape)) * w[1]
            attrs = ACT_NAMES[o.fusedActivationFunction]
        elif name in ("AVERAGE_POOL_2D", "MAX_POOL_2D"):
            kernel = f"pool {o.filterHeight}x{o.filterWidth}"
            attrs = f"s{o.strideH}x{o.strideW} {PAD_NAMES[o.padding]} {ACT_NAMES[o.fusedActivationFunction]}"
        elif name in ("ADD", "MUL"):
            attrs = ACT_NAMES[o.fusedActivationFunction]
        elif name == "MEAN":
            attrs = f"keep_dims={bool(o.keepDims)}"
        total_macs += macs
        in_desc = ", ".join(f"{_fmt(_shape(t))} {TYPE_NAMES[t.type]}"
                            + (" (const)" if model.buffers[t.buffer].data is not None else "") for t in ins)
        layers.append(dict(idx=i, op=name, inputs=in_desc, output=f"{_fmt(out_shape)} {TYPE_NAMES[outs[0].type]}",
                           kernel=kernel, attrs=attrs, macs=macs))
    type_counts = collections.Counter(TYPE_NAMES[t.type] for t in tensors)

    def qdesc(t):
        q = t.quantization
        return dict(name=t.name.decode() if isinstance(t.name, bytes) else t.name, shape=_shape(t),
                    dtype=TYPE_NAMES[t.type], scale=float(q.scale[0]), zero_point=int(q.zeroPoint[0]))

    return dict(
        path=path, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
        description=model.description.decode() if isinstance(model.description, bytes) else model.description,
        version=model.version, n_tensors=len(tensors), n_ops=len(sg.operators),
        counts=counts, layers=layers, macs=total_macs, type_counts=dict(type_counts),
        inputs=[qdesc(tensors[j]) for j in sg.inputs], outputs=[qdesc(tensors[j]) for j in sg.outputs],
    )


def run_tflm(path: str, shape) -> list[tuple[str, np.ndarray]]:
    interp = runtime.Interpreter.from_file(path)
    results = []
    inputs = {
        "zeros": np.zeros(shape, np.int8),
        "rand_seed0": np.random.default_rng(0).integers(-128, 128, size=shape, dtype=np.int8),
    }
    for label, x in inputs.items():
        interp.reset()
        interp.set_input(x, 0)
        interp.invoke()
        out = np.array(interp.get_output(0)).copy()
        results.append((label, out))
    return results


_ARENA_PROBE = """
import sys, numpy as np
from tflite_micro import runtime
interp = runtime.Interpreter.from_file(sys.argv[1], arena_size=int(sys.argv[2]))
interp.set_input(np.zeros([int(v) for v in sys.argv[3].split(",")], np.int8), 0)
interp.invoke()
"""


def min_arena(path: str, shape) -> int:
    """Smallest TFLM arena_size (bytes, this 64-bit host build) for which allocation and invoke succeed.

    Each probe runs in a subprocess: with some too-small arenas TFLM crashes (segfault) instead of failing.
    """
    import subprocess

    def ok(n: int) -> bool:
        r = subprocess.run([sys.executable, "-c", _ARENA_PROBE, path, str(n), ",".join(map(str, shape))],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return r.returncode == 0

    lo, hi = 0, 16 * 1024
    while not ok(hi):
        lo, hi = hi, hi * 2
    while hi - lo > 16:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if ok(mid) else (mid, hi)
    return hi


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model")
    ap.add_argument("--arena", action="store_true", help="also bisect the minimum TFLM arena size")
    ap.add_argument("--markdown", action="store_true", help="print Markdown tables (for the README)")
    args = ap.parse_args(argv)
    d = describe(args.model)
    runs = run_tflm(args.model, d["inputs"][0]["shape"])
    md = args.markdown
    print(f"file: {os.path.basename(d['path'])}  size: {d['size']:,} bytes  sha256: {d['sha256']}")
    print(f"schema version {d['version']}, description {d['description']!r}, tensors {d['n_tensors']}, "
          f"operators {d['n_ops']}, tensor types {d['type_counts']}")
    for kind in ("inputs", "outputs"):
        for t in d[kind]:
            print(f"{kind[:-1]}: {t['name']} {t['shape']} {t['dtype']} scale={t['scale']:.9g} "
                  f"zero_point={t['zero_point']}")
    print("ops: " + ", ".join(f"{k} {v}" for k, v in d["counts"].items()))
    print(f"MACs: {d['macs']:,}")
    if md:
        print("\n| # | op | inputs | output | kernel | attributes | MACs |\n|---|---|---|---|---|---|---|")
    for L in d["layers"]:
        if md:
            print(f"| {L['idx']} | {L['op']} | {L['inputs']} | {L['output']} | {L['kernel']} | {L['attrs']} | "
                  f"{L['macs']:,} |")
        else:
            print(f"  {L['idx']:3d} {L['op']:18s} in[{L['inputs']}] -> {L['output']} {L['kernel']} {L['attrs']} "
                  f"MACs={L['macs']:,}")
    if md:
        print(f"| | **total** | | | | | **{d['macs']:,}** |\n")
    for label, out in runs:
        flat = out.reshape(-1)
        print(f"TFLM {label}: output {flat.tolist()} argmax {int(np.argmax(flat))}")
    if args.arena:
        arena = min_arena(args.model, d["inputs"][0]["shape"])
        print(f"min TFLM arena (x86-64 host build, 16-byte resolution): {arena:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
