#!/usr/bin/env python3
"""Build the int8 DS-CNN keyword-spotting model (MLPerf Tiny architecture) of proj/kws_micro.

Needs TensorFlow, an optional dependency of the project (extra ``models``), best kept in its own venv:

    python3 -m venv .venv-tf && .venv-tf/bin/pip install 'tensorflow-cpu==2.21.0'
    .venv-tf/bin/python proj/kws_micro/model/make_model.py             # writes ds_cnn_kws_int8.tflite

The model-independent part (plausible weights, int8 conversion, command line) is ``cfu.model.keras_convert``,
which imports TensorFlow only when called. If the ``cfu`` package is not installed in the TensorFlow venv
(``pip install -e .``), this script puts the root of the checkout it lives in on ``sys.path``.

Architecture: the layer structure of MLPerf Tiny's ``kws_ref_model.tflite`` (DS-CNN, Speech Commands v2,
12 classes): input 49x10x1 MFCC; Conv2D 64 10x4 stride 2 SAME + BN + ReLU; 4x [DepthwiseConv2D 3x3 SAME +
BN + ReLU, Conv2D 64 1x1 + BN + ReLU]; AveragePooling2D 25x5; Flatten; Dense 12 + softmax. (The Dropout
layers of the MLPerf Tiny training code are left out: they do nothing at inference and emit no operator.)

The weights are NOT trained (no data set is available offline): Keras' default initializers with a fixed seed,
then (``set_plausible_weights`` of ``cfu.model.keras_convert``, shared with proj/mnv2_first) every
BatchNormalization layer gets random gamma/beta in a plausible range and moving mean/variance equal to the
statistics of its own input over a calibration batch, and the classifier is rescaled and given a bias so that
its logits have mean ~0 and std ~2 per class. The result is numerically
like a trained network (activations of a sensible size, outputs that depend on the input) but classifies
nothing. The model is converted with full-integer post-training quantization (int8 weights and activations,
int8 input and output) using a seeded representative data set of synthetic MFCC-like features (range
-120..+30, like the reference model's calibrated input range). A few uniform-noise and constant inputs (the
kind of input used as test vectors: an all-zero int8 input, seeded uniform random int8) are mixed into both
the calibration batch and the representative data set so that such test inputs give unsaturated, input-
dependent outputs instead of one saturated answer.

Everything is seeded; on the same TensorFlow version and CPU a rerun writes a byte-identical file.
"""

from __future__ import annotations

import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
if importlib.util.find_spec("cfu") is None:  # cfu not installed: use the checkout this script is in
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(HERE))))

from cfu.model import keras_convert  # noqa: E402

keras_convert.set_deterministic_env()  # before TensorFlow is imported

import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers  # noqa: E402

DEFAULT_OUT = os.path.join(HERE, "ds_cnn_kws_int8.tflite")
INPUT_SHAPE = (49, 10, 1)  # 49 frames x 10 MFCC coefficients
NUM_CLASSES = 12
FILTERS = 64

# Per-coefficient mean / std of the synthetic MFCCs: c0 (log energy) is large and negative, higher
# coefficients are smaller and narrower, as for the MFCC front end of the MLPerf Tiny KWS benchmark.
MFCC_MEAN = np.array([-45.0, 6.0, -4.0, 3.0, -2.0, 1.5, -1.0, 0.5, 0.0, 0.0], np.float32)
MFCC_STD = np.array([22.0, 12.0, 8.0, 6.0, 5.0, 4.0, 3.5, 3.0, 2.5, 2.0], np.float32)


def synthetic_mfcc(n: int, seed: int) -> np.ndarray:
    """MFCC-like float32 features [n, 49, 10, 1]: per-coefficient mean/std, smooth over time, with a
    random speech segment (higher energy) inside silence (low energy), clipped to [-120, 30]."""
    rng = np.random.default_rng(seed)
    t_frames, n_coef, _ = INPUT_SHAPE
    out = np.empty((n, t_frames, n_coef, 1), np.float32)
    kernel = np.array([1.0, 2.0, 3.0, 2.0, 1.0], np.float32)
    kernel /= np.sqrt((kernel ** 2).sum())  # keeps unit variance after smoothing
    for i in range(n):
        white = rng.normal(size=(t_frames + 4, n_coef)).astype(np.float32)
        smooth = np.stack([np.convolve(white[:, k], kernel, mode="valid") for k in range(n_coef)], axis=1)
        x = MFCC_MEAN + MFCC_STD * smooth
        # speech segment: louder (c0 up), elsewhere silence (c0 down, other coefficients damped)
        start = rng.integers(0, t_frames // 2)
        length = rng.integers(t_frames // 4, t_frames - start + 1)
        speech = np.zeros(t_frames, bool)
        speech[start:start + length] = True
        x[speech, 0] += 25.0
        x[~speech, 0] -= 35.0
        x[~speech, 1:] *= 0.4
        out[i, :, :, 0] = np.clip(x, -120.0, 30.0)
    return out


def build_model(seed: int, batch_size: int | None = None) -> keras.Model:
    keras.utils.set_random_seed(seed)
    inputs = keras.Input(shape=INPUT_SHAPE, batch_size=batch_size, name="input")
    x = layers.Conv2D(FILTERS, (10, 4), strides=(2, 2), padding="same", name="conv_1")(inputs)
    x = layers.BatchNormalization(name="conv_1_bn")(x)
    x = layers.Activation("relu", name="conv_1_relu")(x)
    for i in range(1, 5):
        x = layers.DepthwiseConv2D((3, 3), padding="same", depth_multiplier=1, name=f"dw_{i}")(x)
        x = layers.BatchNormalization(name=f"dw_{i}_bn")(x)
        x = layers.Activation("relu", name=f"dw_{i}_relu")(x)
        x = layers.Conv2D(FILTERS, (1, 1), padding="same", name=f"pw_{i}")(x)
        x = layers.BatchNormalization(name=f"pw_{i}_bn")(x)
        x = layers.Activation("relu", name=f"pw_{i}_relu")(x)
    x = layers.AveragePooling2D(pool_size=(25, 5), name="avg_pool")(x)  # 25x5 feature map -> 1x1
    x = layers.Flatten(name="flatten")(x)
    outputs = layers.Dense(NUM_CLASSES, activation="softmax", name="predictions")(x)
    return keras.Model(inputs, outputs, name="ds_cnn_kws")


def main(argv=None) -> None:
    keras_convert.main(
        description=__doc__.splitlines()[0], default_out=DEFAULT_OUT, build_model=build_model,
        make_data=synthetic_mfcc, input_shape=INPUT_SHAPE, input_range=(-120.0, 30.0),
        num_calib=256, num_rep=200, num_test_like=32, noun="samples", argv=argv,
    )


if __name__ == "__main__":
    main()
