#!/usr/bin/env python3
"""Build the int8 MobileNetV2 (alpha 0.35, 160x160x3, 2 classes) of proj/mnv2_first.

Needs TensorFlow, an optional dependency of the project (extra ``models``), best kept in its own venv:

    python3 -m venv .venv-tf && .venv-tf/bin/pip install 'tensorflow-cpu==2.21.0'
    .venv-tf/bin/python proj/mnv2_first/model/make_model.py            # writes mnv2_035_160_int8.tflite

The model-independent part (plausible weights, int8 conversion, command line) is ``cfu.model.keras_convert``,
which imports TensorFlow only when called. If the ``cfu`` package is not installed in the TensorFlow venv
(``pip install -e .``), this script puts the root of the checkout it lives in on ``sys.path``.

The weights are NOT trained (no data set is available offline): Keras' default initializers with a fixed seed,
then (``set_plausible_weights`` of ``cfu.model.keras_convert``, shared with proj/kws_micro) every
BatchNormalization layer gets random gamma/beta in a plausible range and moving mean/variance equal to the
statistics of its own input over a calibration batch, and the classifier is rescaled and given a bias so that
its logits have mean ~0 and std ~2 per class. The result is numerically
like a trained network (activations of a sensible size, outputs that depend on the input) but classifies
nothing. The model is converted with full-integer post-training quantization (int8 weights and activations,
int8 input and output) using a seeded representative data set of synthetic images in [-1, 1] (the range
``keras.applications.mobilenet_v2.preprocess_input`` produces): smooth random colour fields plus texture and
noise. A few uniform-noise and constant images (the kind of input used as test vectors: an all-zero int8
input, seeded uniform random int8) are mixed into both the calibration batch and the representative data set
so that such test inputs give unsaturated, input-dependent outputs instead of one saturated answer.

Everything is seeded; on the same TensorFlow version and CPU a rerun writes a byte-identical file.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
if importlib.util.find_spec("cfu") is None:  # cfu not installed: use the checkout this script is in
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(HERE))))

from cfu.model import keras_convert  # noqa: E402

keras_convert.set_deterministic_env()  # before TensorFlow is imported

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

ALPHA = 0.35
SIZE = 160
NUM_CLASSES = 2


def default_out(alpha: float, size: int) -> str:
    """The project's model for the defaults; other variants in a folder of their own under model/ (the
    project's model is the one .tflite directly in model/)."""
    name = f"mnv2_{round(alpha * 100):03d}_{size}_int8.tflite"
    if (alpha, size) == (ALPHA, SIZE):
        return os.path.join(HERE, name)
    return os.path.join(HERE, name[:-len("_int8.tflite")], name)


def synthetic_images(n: int, seed: int, input_shape: tuple) -> np.ndarray:
    """Image-like float32 data in [-1, 1]: smooth random colour fields plus texture and pixel noise.

    Low-frequency structure (bilinear upsampling of a coarse random grid) gives the spatial correlation of
    natural images, so convolutions see realistic activation statistics; clipping makes both -1 and 1 occur,
    so the calibrated input quantization covers the full [-1, 1] range.
    """
    rng = np.random.default_rng(seed)
    h, w, c = input_shape
    out = np.empty((n, h, w, c), np.float32)
    for i in range(n):
        coarse = rng.normal(0.0, 0.6, size=(1, 5, 5, c)).astype(np.float32)
        mid = rng.normal(0.0, 0.3, size=(1, 20, 20, c)).astype(np.float32)
        img = (tf.image.resize(coarse, (h, w), method="bilinear")
               + tf.image.resize(mid, (h, w), method="bilinear")).numpy()[0]
        img += rng.normal(0.0, 0.05, size=(h, w, c)).astype(np.float32)
        img += np.float32(rng.uniform(-0.3, 0.3))  # global brightness
        out[i] = np.clip(img, -1.0, 1.0)
    return out


def build_model(seed: int, batch_size: int | None = None, *, alpha: float, input_shape: tuple) -> keras.Model:
    keras.utils.set_random_seed(seed)
    m = keras.applications.MobileNetV2(
        input_tensor=keras.Input(shape=input_shape, batch_size=batch_size, name="input"), alpha=alpha,
        include_top=True, weights=None, classes=NUM_CLASSES, classifier_activation="softmax",
    )
    return keras.Model(m.inputs[0], m.outputs[0], name=m.name)  # single-tensor input, not a list


def main(argv=None) -> None:
    """``--alpha`` (width multiplier) and ``--size`` (input height and width) choose the variant; the
    other options are those of ``cfu.model.keras_convert.main``."""
    variant = argparse.ArgumentParser(add_help=False)
    variant.add_argument("--alpha", type=float, default=ALPHA)
    variant.add_argument("--size", type=int, default=SIZE)
    chosen, rest = variant.parse_known_args(argv)
    input_shape = (chosen.size, chosen.size, 3)
    out = default_out(chosen.alpha, chosen.size)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    keras_convert.main(
        description=__doc__.splitlines()[0] + " (--alpha, --size: another variant)", default_out=out,
        build_model=functools.partial(build_model, alpha=chosen.alpha, input_shape=input_shape),
        make_data=functools.partial(synthetic_images, input_shape=input_shape), input_shape=input_shape,
        input_range=(-1.0, 1.0), num_calib=64, num_rep=100, num_test_like=10, noun="images", argv=rest,
    )


if __name__ == "__main__":
    main()
