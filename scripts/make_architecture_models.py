#!/usr/bin/env python3
"""Generate small int8 ``.tflite`` models of the architectures people deploy on microcontrollers, to run golden
end to end (docs/models.md, "Generated architectures").

    .venv/bin/python scripts/make_architecture_models.py                 # every model, into build/architectures
    .venv/bin/python scripts/make_architecture_models.py --only ds_cnn --out-dir tests/data/architectures

Needs TensorFlow and tf-keras (the optional extra ``models``) for the Keras models. The LSTM classifier is built
with the Keras 2 API (``tf_keras``): TF 2.21's converter fuses only its LSTM into UNIDIRECTIONAL_SEQUENCE_LSTM (a
Keras 3 LSTM becomes a WHILE loop over three subgraphs, and quantizing that to int8 kills the converter with
SIGSEGV). The SVDF keyword model is built with the schema alone: Keras has no SVDF layer (the converter writes SVDF
only from TensorFlow graphs of old toolchains).
Weights are untrained but numerically plausible (``cfu.model.keras_convert.set_plausible_weights``), inputs small
so that each model runs in the RTL simulator in minutes. Everything is seeded and each model starts a fresh Keras
session: a rerun on the same TensorFlow version writes the same bytes, whichever models are written with it.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import importlib.util
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
if importlib.util.find_spec("cfu") is None:  # cfu not installed: use the checkout this script is in
    sys.path.insert(0, str(ROOT))

from cfu.files import write_atomic  # noqa: E402
from cfu.model import keras_convert  # noqa: E402

keras_convert.set_deterministic_env()  # before TensorFlow is imported

import numpy as np  # noqa: E402

NUM_CLASSES = 10


@dataclass(frozen=True)
class Architecture:
    """One generated model: its Keras builder ``build(seed, batch_size=None)``, input shape and float range."""

    build: Callable
    input_shape: tuple
    input_range: tuple[float, float]
    io_type: str = "int8"
    keras: str = "keras"  # "tf_keras" where only the Keras 2 API converts to the fused TFLite operator


def _classifier_head(x, classes: int = NUM_CLASSES):
    from keras import layers
    x = layers.GlobalAveragePooling2D()(x)
    return layers.Dense(classes, activation="softmax")(x)


def _application(make_base, input_shape, preprocess=None):
    """A keras.applications backbone (untrained, no top) with a pooled softmax classifier, its layers inlined in one
    flat model (``set_plausible_weights`` sets the BatchNormalization layers it sees at the top level)."""
    def build(seed: int, batch_size=None):
        import keras
        keras.backend.clear_session()  # layer names (kept in the file) do not depend on earlier models
        keras.utils.set_random_seed(seed)
        inputs = keras.Input(input_shape, batch_size=batch_size)
        x = preprocess(inputs) if preprocess else inputs
        return keras.Model(inputs, _classifier_head(make_base(x).output))
    return build


def _mobilenet_v1(x):
    import keras
    return keras.applications.MobileNet(input_tensor=x, alpha=0.25, include_top=False, weights=None)


def _mobilenet_v2(x):
    import keras
    return keras.applications.MobileNetV2(input_tensor=x, alpha=0.35, include_top=False, weights=None)


def _mobilenet_v3_small(x):
    import keras
    return keras.applications.MobileNetV3Small(input_tensor=x, alpha=0.75, include_top=False, weights=None,
                                               include_preprocessing=True, minimalistic=False)


def _mobilenet_v2_preprocessing(x):
    """keras.applications.mobilenet_v2.preprocess_input as layers: x / 127.5 - 1 (a MUL and a SUB)."""
    from keras import layers
    return layers.Lambda(lambda t: t * (1.0 / 127.5) - 1.0)(x)


def _sequential(make_layers, input_shape, keras_module: str = "keras"):
    def build(seed: int, batch_size=None):
        keras = importlib.import_module(keras_module)
        keras.backend.clear_session()  # layer names (kept in the file) do not depend on earlier models
        keras.utils.set_random_seed(seed)
        inputs = keras.Input(input_shape, batch_size=batch_size)
        return keras.Model(inputs, make_layers(inputs))
    return build


def _conv_bn_relu(x, filters, kernel, strides=1):
    from keras import layers
    x = layers.Conv2D(filters, kernel, strides=strides, padding="same", use_bias=False)(x)
    return layers.ReLU()(layers.BatchNormalization()(x))


def _separable(x, filters, strides=1):
    from keras import layers
    x = layers.DepthwiseConv2D(3, strides=strides, padding="same", use_bias=False)(x)
    x = layers.ReLU()(layers.BatchNormalization()(x))
    return _conv_bn_relu(x, filters, 1)


def _ds_cnn(x):
    """MLPerf Tiny's KWS DS-CNN shape at a quarter of its width: 10x4 stride-2 conv, 2 separable blocks."""
    x = _conv_bn_relu(x, 16, (10, 4), strides=2)
    for _ in range(2):
        x = _separable(x, 16)
    return _classifier_head(x, 12)


def _resnet(x):
    """ResNet-8 (MLPerf Tiny's image classifier) at half width: three residual stacks, 8/16/32 filters."""
    from keras import layers
    x = _conv_bn_relu(x, 8, 3)
    for filters, strides in ((8, 1), (16, 2), (32, 2)):
        y = _conv_bn_relu(x, filters, 3, strides)
        y = layers.BatchNormalization()(layers.Conv2D(filters, 3, padding="same", use_bias=False)(y))
        shortcut = x if strides == 1 else layers.Conv2D(filters, 1, strides=strides)(x)
        x = layers.ReLU()(layers.Add()([y, shortcut]))
    return _classifier_head(x)


def _person_detection(x):
    """TFLite Micro's person-detection shape (MobileNetV1 on grayscale) at 48x48: 4 separable blocks, 2 classes."""
    x = _conv_bn_relu(x, 8, 3, strides=2)
    for filters, strides in ((16, 1), (32, 2), (32, 1), (64, 2)):
        x = _separable(x, filters, strides)
    return _classifier_head(x, 2)


def _lstm(x):
    """An LSTM sequence classifier (Keras 2 API: TF 2.21 converts only its LSTM into UNIDIRECTIONAL_SEQUENCE_LSTM;
    a Keras 3 LSTM becomes a WHILE loop over three subgraphs): 8 steps of 12 features, 16 units, 4 classes."""
    from tf_keras import layers
    return layers.Dense(4, activation="softmax")(layers.LSTM(16)(x))


def _float_io(x):
    """A small CNN classifier whose input and output stay float32 (QUANTIZE in, DEQUANTIZE out)."""
    x = _conv_bn_relu(x, 8, 3, strides=2)
    x = _separable(x, 16)
    return _classifier_head(x, 4)


KERAS_MODELS: dict[str, Architecture] = {
    "mobilenet_v1": Architecture(_application(_mobilenet_v1, (32, 32, 3)), (32, 32, 3), (-1.0, 1.0)),
    "mobilenet_v2_preprocessing": Architecture(
        _application(_mobilenet_v2, (32, 32, 3), _mobilenet_v2_preprocessing), (32, 32, 3), (0.0, 255.0)),
    "mobilenet_v3_small": Architecture(_application(_mobilenet_v3_small, (32, 32, 3)), (32, 32, 3), (0.0, 255.0)),
    "ds_cnn": Architecture(_sequential(_ds_cnn, (49, 10, 1)), (49, 10, 1), (-60.0, 30.0)),
    "resnet": Architecture(_sequential(_resnet, (32, 32, 3)), (32, 32, 3), (-1.0, 1.0)),
    "person_detection": Architecture(_sequential(_person_detection, (48, 48, 1)), (48, 48, 1), (-1.0, 1.0)),
    "float_io_classifier": Architecture(_sequential(_float_io, (16, 16, 3)), (16, 16, 3), (-1.0, 1.0), "float32"),
    "lstm_classifier": Architecture(_sequential(_lstm, (8, 12), "tf_keras"), (8, 12), (-1.0, 1.0), keras="tf_keras"),
}


def keras_model(arch: Architecture, seed: int) -> bytes:
    """Build, make plausible (BN statistics, classifier scale) and convert one Keras architecture."""
    lo, hi = arch.input_range

    def data(n: int, data_seed: int):
        return np.random.default_rng(data_seed).uniform(lo, hi, (n, *arch.input_shape)).astype(np.float32)

    model = arch.build(seed)
    keras_convert.set_plausible_weights(model, np.concatenate(
        [data(64, seed + 100), keras_convert.test_like_inputs(16, seed + 400, arch.input_shape, lo, hi)]), seed,
        importlib.import_module(arch.keras))
    rep = np.concatenate([data(48, seed + 200), keras_convert.test_like_inputs(16, seed + 300, arch.input_shape,
                                                                               lo, hi)])
    return keras_convert.convert_int8(model, rep, arch.build, arch.io_type)


def svdf_keyword_model(seed: int) -> bytes:
    """A streaming keyword model as TFLite Micro's SVDF examples run it: one frame of 40 int16 features per
    invocation (an audio front end's output), requantized to int8 (QUANTIZE), two SVDF layers (int16 state, 8 and
    4 steps of memory), a FULLY_CONNECTED and a SOFTMAX."""
    from cfu.model.mutants import svdf_layer
    from cfu.model.testing import ModelBuilder

    rng = np.random.default_rng(seed)
    b = ModelBuilder("cfu SVDF keyword model")
    features = b.tensor([1, 40], "int16", scale=0.1 / 256, zero_point=0)
    x = b.tensor([1, 40], scale=0.1, zero_point=-10)
    b.operator("QUANTIZE", [features], [x])
    h = svdf_layer(b, rng, x, filters=32, memory=8, rank=1)
    h = svdf_layer(b, rng, h, filters=32, memory=4, rank=2)
    return b.build([features], [_classifier_tail(b, rng, h)])


def _classifier_tail(b, rng: np.random.Generator, features: int, classes: int = 4) -> int:
    """FULLY_CONNECTED to ``classes`` logits and SOFTMAX, reading tensor ``features`` ([1, n]) of builder ``b``."""
    from cfu.model.testing import options

    scale = b._sub.tensors[features].quantization.scale[0]
    depth = b._sub.tensors[features].shape[-1]
    weights = b.tensor([classes, depth], scale=0.01, data=rng.integers(-127, 128, (classes, depth), dtype=np.int8))
    bias = b.tensor([classes], "int32", scale=float(np.float32(scale) * np.float32(0.01)),
                    data=rng.integers(-500, 500, classes, dtype=np.int32))
    logits = b.tensor([1, classes], scale=0.1, zero_point=0)
    b.operator("FULLY_CONNECTED", [features, weights, bias], [logits], options("FullyConnectedOptions"))
    probs = b.tensor([1, classes], scale=1.0 / 256, zero_point=-128)
    b.operator("SOFTMAX", [logits], [probs], options("SoftmaxOptions", beta=1.0))
    return probs


MODELS = [*KERAS_MODELS, "svdf_keyword"]


def make(name: str, seed: int = 0) -> bytes:
    return svdf_keyword_model(seed) if name == "svdf_keyword" else keras_model(KERAS_MODELS[name], seed)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", action="append", choices=MODELS, help="a model to write (repeatable; default all)")
    parser.add_argument("--out-dir", type=Path, default=ROOT / "build" / "architectures")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if any(name in KERAS_MODELS for name in args.only or MODELS):
        import tensorflow as tf
        tf.config.threading.set_inter_op_parallelism_threads(1)
        tf.config.threading.set_intra_op_parallelism_threads(1)
        print(f"TensorFlow {tf.__version__}", flush=True)
    for name in args.only or MODELS:
        tflite = make(name, args.seed)
        path = args.out_dir / f"{name}.tflite"
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, tflite)
        print(f"wrote {path}: {len(tflite):,} bytes, sha256 {hashlib.sha256(tflite).hexdigest()[:16]}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
