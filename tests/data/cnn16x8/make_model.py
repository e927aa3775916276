#!/usr/bin/env python3
"""Build the small 16x8-quantized CNN (int16 activations, int8 weights, int64 biases) the tests run end to end.

Needs TensorFlow (the optional extra ``models``: ``.venv/bin/pip install -e '.[models]'``):

    .venv/bin/python tests/data/cnn16x8/make_model.py        # writes tests/data/cnn16x8/cnn16x8.tflite

Architecture (an image classifier shaped like the small CNNs deployed on microcontrollers): input 12x12x1;
Conv2D 8 3x3 SAME + BN + ReLU; DepthwiseConv2D 3x3 SAME + BN + ReLU6; Conv2D 8 1x1 + BN, added to the first
convolution's output (a residual connection); MaxPooling2D 2x2; Conv2D 16 3x3 stride 2 + ReLU; AveragePooling2D
2x2; Flatten; Dense 16 + tanh; Dense 10 + softmax. The converter emits CONV_2D, DEPTHWISE_CONV_2D, ADD,
MAX_POOL_2D, AVERAGE_POOL_2D, FULLY_CONNECTED, TANH and SOFTMAX, all on int16 tensors, with an int16
model input and output.

The weights are not trained: Keras' seeded initializers, then ``cfu.model.keras_convert.set_plausible_weights``
(BatchNormalization statistics from a calibration batch, a rescaled classifier), as for the projects' models.
The representative data are smooth random images in [-1, 1] plus uniform-noise and constant ones. Everything
is seeded; on the same TensorFlow version and CPU a rerun writes a byte-identical file.
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

DEFAULT_OUT = os.path.join(HERE, "cnn16x8.tflite")
INPUT_SHAPE = (12, 12, 1)
NUM_CLASSES = 10


def build_model(seed: int, batch_size: int | None = None) -> keras.Model:
    keras.utils.set_random_seed(seed)
    x = inputs = keras.Input(INPUT_SHAPE, batch_size=batch_size)
    x = layers.Conv2D(8, 3, padding="same", use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    first = layers.ReLU()(x)
    x = layers.DepthwiseConv2D(3, padding="same", use_bias=False)(first)
    x = layers.BatchNormalization()(x)
    x = layers.ReLU(6.0)(x)
    x = layers.Conv2D(8, 1, use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = layers.Add()([first, x])
    x = layers.MaxPooling2D(2)(x)
    x = layers.Conv2D(16, 3, strides=2, padding="same", activation="relu")(x)
    x = layers.AveragePooling2D(2)(x)
    x = layers.Flatten()(x)
    x = layers.Dense(16, activation="tanh")(x)
    outputs = layers.Dense(NUM_CLASSES, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="cnn16x8")


def smooth_images(n: int, seed: int) -> np.ndarray:
    """float32 [n, 12, 12, 1] in [-1, 1]: random low-frequency patterns (sums of a few 2-D cosines)."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:12, 0:12].astype(np.float32) / 12
    out = np.zeros((n, *INPUT_SHAPE), np.float32)
    for i in range(n):
        image = sum(rng.uniform(-1, 1) * np.cos(2 * np.pi * (rng.integers(0, 4) * x + rng.integers(0, 4) * y)
                                                + rng.uniform(0, 2 * np.pi)) for _ in range(3))
        out[i, :, :, 0] = np.clip(image / 2, -1, 1)
    return out


if __name__ == "__main__":
    keras_convert.main(description=__doc__.splitlines()[0], default_out=DEFAULT_OUT, build_model=build_model,
                       make_data=smooth_images, input_shape=INPUT_SHAPE, input_range=(-1.0, 1.0),
                       num_calib=64, num_rep=64, num_test_like=8, noun="images",
                       convert=keras_convert.convert_16x8)
