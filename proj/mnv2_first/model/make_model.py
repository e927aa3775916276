#!/usr/bin/env python3
"""Build the int8 MobileNetV2 (alpha 0.35, 160x160x3, 2 classes) of proj/mnv2_first.

Needs TensorFlow, an optional dependency of the project (extra ``models``), best kept in its own venv:

    python3 -m venv /work/tfenv && /work/tfenv/bin/pip install 'tensorflow-cpu==2.21.0'
    /work/tfenv/bin/python proj/mnv2_first/model/make_model.py            # writes mnv2_035_160_int8.tflite

The weights are NOT trained (no data set is available offline): Keras' default initializers with a fixed seed,
then (``set_plausible_weights``) every BatchNormalization layer gets random gamma/beta in a plausible range
and moving mean/variance equal to the statistics of its own input over a calibration batch, and the classifier
is rescaled and given a bias so that its logits have mean ~0 and std ~2 per class. The result is numerically
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
import hashlib
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")  # oneDNN can change float rounding between runs/CPUs
os.environ.setdefault("TF_DETERMINISTIC_OPS", "1")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, "mnv2_035_160_int8.tflite")
INPUT_SHAPE = (160, 160, 3)
ALPHA = 0.35
NUM_CLASSES = 2


def synthetic_images(n: int, seed: int) -> np.ndarray:
    """Image-like float32 data in [-1, 1]: smooth random colour fields plus texture and pixel noise.

    Low-frequency structure (bilinear upsampling of a coarse random grid) gives the spatial correlation of
    natural images, so convolutions see realistic activation statistics; clipping makes both -1 and 1 occur,
    so the calibrated input quantization covers the full [-1, 1] range.
    """
    rng = np.random.default_rng(seed)
    h, w, c = INPUT_SHAPE
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


def test_like_inputs(n: int, seed: int) -> np.ndarray:
    """Out-of-distribution inputs of the kind used as test vectors: uniform per-pixel noise over [-1, 1] and
    constant images (an all-zero int8 input is a constant grey)."""
    rng = np.random.default_rng(seed)
    out = rng.uniform(-1.0, 1.0, size=(n,) + INPUT_SHAPE).astype(np.float32)
    out[n // 2:] = rng.uniform(-1.0, 1.0, size=(n - n // 2, 1, 1, 1)).astype(np.float32)
    return out


def build_model(seed: int, batch_size: int | None = None) -> keras.Model:
    keras.utils.set_random_seed(seed)
    m = keras.applications.MobileNetV2(
        input_tensor=keras.Input(shape=INPUT_SHAPE, batch_size=batch_size, name="input"), alpha=ALPHA,
        include_top=True, weights=None, classes=NUM_CLASSES, classifier_activation="softmax",
    )
    return keras.Model(m.inputs[0], m.outputs[0], name=m.name)  # single-tensor input, not a list


def set_plausible_weights(model: keras.Model, calib: np.ndarray, seed: int) -> int:
    """Make the random network behave like a trained one numerically (not in accuracy).

    1. Every BatchNormalization layer gets random gamma in [0.5, 1.5] and beta ~ N(0.1, 0.3), then moving
       mean/variance equal to the statistics of its own input over ``calib``: one forward pass in training
       mode with momentum 0 (the model has no Dropout), in which each BN normalises with, and stores, the
       batch statistics of its input, already reflecting the updated BN layers before it.
    2. The classifier (last Dense) is rescaled and given a bias so that its logits over ``calib`` have mean
       about 0 and standard deviation about 2 per class. With Keras' default init the per-class offsets
       dominate and every input gets nearly the same softmax; this way the prediction depends on the input.
       (Keras initialises the bias to zeros; the converter would also drop an all-zero bias.)
    """
    rng = np.random.default_rng(seed + 1)
    bns = [layer for layer in model.layers if isinstance(layer, keras.layers.BatchNormalization)]
    saved_momentum = []
    for bn in bns:
        ch = bn.gamma.shape[0]
        bn.gamma.assign(rng.uniform(0.5, 1.5, size=ch).astype(np.float32))
        bn.beta.assign(rng.normal(0.1, 0.3, size=ch).astype(np.float32))
        saved_momentum.append(bn.momentum)
        bn.momentum = 0.0  # moving stats := statistics of this batch
    model(calib, training=True)
    for bn, m in zip(bns, saved_momentum):
        bn.momentum = m

    dense = model.layers[-1]
    assert isinstance(dense, keras.layers.Dense)
    features = keras.Model(model.inputs, dense.input).predict(calib, verbose=0)
    kernel = dense.kernel.numpy()
    logits = features @ kernel
    scale = 2.0 / logits.std(axis=0)  # per class
    dense.kernel.assign((kernel * scale).astype(np.float32))
    bias = -logits.mean(axis=0) * scale + rng.normal(0.0, 0.1, size=scale.shape)
    dense.bias.assign(bias.astype(np.float32))
    return len(bns)


def convert(model: keras.Model, rep: np.ndarray) -> bytes:
    def representative_dataset():
        for i in range(rep.shape[0]):
            yield [rep[i:i + 1]]

    # Convert a copy of the model with the batch size fixed to 1 (what the firmware runs): all shapes are
    # static, so e.g. Flatten becomes one RESHAPE with a constant shape instead of SHAPE/STRIDED_SLICE/PACK/
    # RESHAPE (Keras 3 reshapes with a dynamic batch dimension).
    model1 = build_model(seed=0, batch_size=1)
    model1.set_weights(model.get_weights())
    converter = tf.lite.TFLiteConverter.from_keras_model(model1)
    converter.optimizations = [tf.lite.Optimize.DEFAULT]
    converter.representative_dataset = representative_dataset
    converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    converter.inference_input_type = tf.int8
    converter.inference_output_type = tf.int8
    return converter.convert()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=0, help="seed for weights, BN statistics and data (default 0)")
    ap.add_argument("--out", default=DEFAULT_OUT, help="output .tflite path")
    ap.add_argument("--num-calib", type=int, default=64, help="images for the BN statistics pass")
    ap.add_argument("--num-rep", type=int, default=100, help="images in the representative data set")
    ap.add_argument("--num-test-like", type=int, default=10,
                    help="uniform-noise / constant images added to the BN-statistics batch and (as many again)"
                         " to the representative data set")
    args = ap.parse_args()

    tf.config.threading.set_inter_op_parallelism_threads(1)
    tf.config.threading.set_intra_op_parallelism_threads(1)
    print(f"TensorFlow {tf.__version__}, Keras {keras.__version__}, seed {args.seed}")
    model = build_model(args.seed)
    calib = synthetic_images(args.num_calib, args.seed + 100)
    if args.num_test_like:
        calib = np.concatenate([calib, test_like_inputs(args.num_test_like, args.seed + 400)])
    n_bn = set_plausible_weights(model, calib, args.seed)
    print(f"model {model.name}: {model.count_params():,} params, {n_bn} BatchNormalization layers set")
    rep = synthetic_images(args.num_rep, args.seed + 200)
    if args.num_test_like:
        rep = np.concatenate([rep, test_like_inputs(args.num_test_like, args.seed + 300)])
    probs = model.predict(rep[:8], verbose=0)
    print("float model, first 8 representative images, class probabilities:\n", np.round(probs, 3))
    tflite = convert(model, rep)
    with open(args.out, "wb") as f:
        f.write(tflite)
    print(f"wrote {args.out}: {len(tflite):,} bytes, sha256 {hashlib.sha256(tflite).hexdigest()}")


if __name__ == "__main__":
    main()
