"""Synthetic int8 models the fast simulator's calibration never saw: odd channel counts, strides, SAME and VALID
padding, dilation, depth multipliers, pooling and a classifier (pure Python, tflite-micro's schema).

    .venv/bin/python benchmarks/fast_models.py OUT_DIR      writes gen_*.tflite there
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cfu.files import write_atomic
from cfu.model.schema import schema
from cfu.model.testing import ModelBuilder, options

SAME, VALID = schema.Padding.SAME, schema.Padding.VALID
RELU = schema.ActivationFunctionType.RELU


@dataclass(frozen=True)
class Conv:
    """One convolution: ``mult`` > 0 makes it depthwise with that depth multiplier."""

    out_c: int = 0
    k: int = 3
    stride: int = 1
    dilation: int = 1
    padding: int = SAME
    mult: int = 0


def _out(size: int, conv: Conv) -> int:
    effective = (conv.k - 1) * conv.dilation + 1
    if conv.padding == SAME:
        return (size + conv.stride - 1) // conv.stride
    return (size - effective) // conv.stride + 1


class _Chain:
    """A chain of layers from one input; every tensor gets a plausible scale so outputs do not saturate."""

    def __init__(self, shape: tuple[int, int, int, int], seed: int):
        self.rng = np.random.default_rng(seed)
        self.b = ModelBuilder(f"fast-sim generated {seed}")
        self.shape = shape
        self.scale = 0.05
        self.input = self.x = self.b.tensor(shape, scale=self.scale, zero_point=-3)

    def conv(self, conv: Conv) -> None:
        n, h, w, c = self.shape
        depthwise = conv.mult > 0
        out_c = c * conv.mult if depthwise else conv.out_c
        fshape = (1, conv.k, conv.k, out_c) if depthwise else (out_c, conv.k, conv.k, c)
        depth = conv.k * conv.k * (1 if depthwise else c)
        w_scales = [float(s) for s in self.rng.uniform(0.004, 0.02, out_c).astype(np.float32)]
        f = self.b.tensor(fshape, scale=w_scales, zero_point=[0] * out_c, quantized_dimension=3 if depthwise else 0,
                          data=self.rng.integers(-127, 128, fshape, dtype=np.int8))
        bias = self.b.tensor((out_c,), "int32", [self.scale * s for s in w_scales], [0] * out_c,
                             data=self.rng.integers(-2000, 2000, out_c, dtype=np.int32))
        out_scale = float(np.float32(self.scale * float(np.mean(w_scales)) * np.sqrt(depth) * 127 / 8))
        shape = (n, _out(h, conv), _out(w, conv), out_c)
        y = self.b.tensor(shape, scale=out_scale, zero_point=-5)
        common = dict(padding=conv.padding, strideW=conv.stride, strideH=conv.stride, fusedActivationFunction=RELU,
                      dilationWFactor=conv.dilation, dilationHFactor=conv.dilation)
        if depthwise:
            self.b.operator("DEPTHWISE_CONV_2D", [self.x, f, bias], [y],
                            options("DepthwiseConv2DOptions", depthMultiplier=conv.mult, **common))
        else:
            self.b.operator("CONV_2D", [self.x, f, bias], [y], options("Conv2DOptions", **common))
        self.x, self.shape, self.scale = y, shape, out_scale

    def average_pool(self) -> None:
        n, h, w, c = self.shape
        y = self.b.tensor((n, 1, 1, c), scale=self.scale, zero_point=-5)
        self.b.operator("AVERAGE_POOL_2D", [self.x], [y], options("Pool2DOptions", padding=VALID, strideW=w,
                                                                   strideH=h, filterWidth=w, filterHeight=h))
        self.x, self.shape = y, (n, 1, 1, c)

    def classifier(self, units: int) -> bytes:
        n, _, _, c = self.shape
        flat = self.b.tensor((n, c), scale=self.scale, zero_point=-5)
        new_shape = self.b.tensor((2,), "int32", data=np.array([-1, c], np.int32))
        self.b.operator("RESHAPE", [self.x, new_shape], [flat], options("ReshapeOptions", newShape=[-1, c]))
        weights = self.b.tensor((units, c), scale=0.01, data=self.rng.integers(-127, 128, (units, c), dtype=np.int8))
        logits_scale = float(np.float32(self.scale * 0.01 * np.sqrt(c) * 127 / 8))
        logits = self.b.tensor((n, units), scale=logits_scale, zero_point=0)
        self.b.operator("FULLY_CONNECTED", [flat, weights, -1], [logits], options("FullyConnectedOptions"))
        probs = self.b.tensor((n, units), scale=1 / 256, zero_point=-128)
        self.b.operator("SOFTMAX", [logits], [probs], options("SoftmaxOptions", beta=1.0))
        return self.b.build([self.input], [probs])


def odd_channels() -> bytes:
    """Odd channel counts, stride 2 with VALID padding, depth multiplier 2."""
    chain = _Chain((1, 33, 27, 5), seed=1)
    for conv in (Conv(out_c=13, k=3), Conv(mult=2, k=3, stride=2, padding=VALID), Conv(out_c=19, k=1),
                 Conv(mult=1, k=5, padding=SAME), Conv(out_c=23, k=3, stride=2)):
        chain.conv(conv)
    chain.average_pool()
    return chain.classifier(7)


def dilated() -> bytes:
    """Dilated convolutions (2 and 3), an even kernel, depth multiplier 3, VALID padding."""
    chain = _Chain((1, 28, 28, 3), seed=2)
    for conv in (Conv(out_c=9, k=3, dilation=2), Conv(mult=3, k=3, dilation=3, padding=VALID),
                 Conv(out_c=17, k=2, stride=2, padding=VALID), Conv(mult=1, k=3, dilation=2), Conv(out_c=31, k=1)):
        chain.conv(conv)
    chain.average_pool()
    return chain.classifier(11)


def wide() -> bytes:
    """Wider layers with strides 2 and 3 and a 7x7 kernel."""
    chain = _Chain((1, 40, 40, 4), seed=3)
    for conv in (Conv(out_c=24, k=7, stride=2), Conv(mult=1, k=3, stride=3), Conv(out_c=48, k=1),
                 Conv(mult=2, k=3), Conv(out_c=40, k=3, padding=VALID)):
        chain.conv(conv)
    chain.average_pool()
    return chain.classifier(10)


GENERATORS = {"gen_odd_channels": odd_channels, "gen_dilated": dilated, "gen_wide": wide}


def write_models(out_dir: Path) -> list[Path]:
    """Write every generated model to ``out_dir``; return their paths."""
    paths = []
    for name, generate in GENERATORS.items():
        path = Path(out_dir) / f"{name}.tflite"
        write_atomic(path, generate())
        paths.append(path)
    return paths


if __name__ == "__main__":
    for written in write_models(Path(sys.argv[1])):
        print(written)
