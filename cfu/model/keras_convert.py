"""Build reproducible int8 ``.tflite`` models from untrained Keras models (shared by proj/*/model/make_model.py).

TensorFlow is an optional dependency (extra ``models``), so it is imported only inside the functions here;
importing this module needs nothing but the standard library. Call :func:`set_deterministic_env` *before*
TensorFlow is first imported: the variables it sets are read when TensorFlow loads.

What is shared between the reference models (see the README next to each ``make_model.py``):

- :func:`set_plausible_weights`: random BatchNormalization gamma/beta, moving statistics from a calibration
  batch, and a rescaled, biased classifier, so that an untrained network behaves like a trained one
  numerically (not in accuracy).
- :func:`test_like_inputs`: uniform-noise and constant inputs (like the usual test vectors) mixed into the
  calibration and representative data so that such inputs give unsaturated, input-dependent outputs.
- :func:`convert_int8`: full-integer post-training quantization (int8 weights, activations, input and
  output) of a batch-size-1 copy of the model, with a representative data set; :func:`convert_16x8` the same
  with int16 activations (16x8 quantization).
- :func:`main`: the command line (``--seed``, ``--out``, ``--num-calib``, ``--num-rep``,
  ``--num-test-like``) and the pipeline seed -> build -> calibration data -> plausible weights ->
  representative data -> convert -> write, with the seed offsets every model uses.
"""

from __future__ import annotations

import argparse
import hashlib
import os
from typing import Callable


def set_deterministic_env() -> None:
    """Environment for reproducible TensorFlow runs (keeps values already set). Call before importing TF."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")  # oneDNN can change float rounding between runs/CPUs
    os.environ.setdefault("TF_DETERMINISTIC_OPS", "1")


def set_plausible_weights(model, calib, seed: int, keras=None) -> int:
    """Make the random network behave like a trained one numerically (not in accuracy).

    1. Every BatchNormalization layer gets random gamma in [0.5, 1.5] and beta ~ N(0.1, 0.3), then moving
       mean/variance equal to the statistics of its own input over ``calib``: one forward pass in training
       mode with momentum 0 (the model has no Dropout), in which each BN normalises with, and stores, the
       batch statistics of its input, already reflecting the updated BN layers before it.
    2. The classifier (last Dense) is rescaled and given a bias so that its logits over ``calib`` have mean
       about 0 and standard deviation about 2 per class. With Keras' default init the per-class offsets
       dominate and every input gets nearly the same softmax; this way the prediction depends on the input.
       (Keras initialises the bias to zeros; the converter would also drop an all-zero bias.)

    ``keras`` is the Keras module the model was built with (default Keras 3; ``tf_keras`` for models whose layers
    only the Keras 2 API converts to fused TFLite operators, such as LSTM). Returns the number of
    BatchNormalization layers set.
    """
    import numpy as np

    if keras is None:
        import keras

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


def test_like_inputs(n: int, seed: int, input_shape: tuple, lo: float, hi: float):
    """Out-of-distribution float32 inputs [n, *input_shape] of the kind used as test vectors (an all-zero int8
    input, seeded uniform random int8): the first n//2 uniform noise over [lo, hi] per element, the rest
    constant (one uniform value each)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    out = rng.uniform(lo, hi, size=(n,) + tuple(input_shape)).astype(np.float32)
    out[n // 2:] = rng.uniform(lo, hi, size=(n - n // 2,) + (1,) * len(input_shape)).astype(np.float32)
    return out


def convert_int8(model, rep, build_model: Callable, io_type: str = "int8") -> bytes:
    """Full-integer PTQ of ``model`` with representative data ``rep`` (float32 [n, ...]); the .tflite bytes.

    ``io_type`` "float32" keeps a float interface: the converter adds a QUANTIZE after the input and a DEQUANTIZE
    before the output.

    ``build_model(seed=..., batch_size=...)`` must build the same architecture: a copy with the batch size
    fixed to 1 (what the firmware runs) is converted, so all shapes are static and e.g. Flatten becomes one
    RESHAPE with a constant shape instead of SHAPE/STRIDED_SLICE/PACK/RESHAPE (Keras 3 reshapes with a
    dynamic batch dimension).
    """
    return _convert(model, rep, build_model, "int8")


def convert_16x8(model, rep, build_model: Callable) -> bytes:
    """16x8 PTQ, as :func:`convert_int8`: int16 activations (input and output too), int8 weights, int64 biases."""
    return _convert(model, rep, build_model, "16x8")


def _convert(model, rep, build_model: Callable, quantization: str) -> bytes:
    import tensorflow as tf

    def representative_dataset():
        for i in range(rep.shape[0]):
            yield [rep[i:i + 1]]

    model1 = build_model(seed=0, batch_size=1)
    model1.set_weights(model.get_weights())
    converter = tf.lite.TFLiteConverter.from_keras_model(model1)
    converter.optimizations = [tf.lite.Optimize.DEFAULT]
    converter.representative_dataset = representative_dataset
<<<<<<< HEAD
    ops, io_type = {"int8": (tf.lite.OpsSet.TFLITE_BUILTINS_INT8, tf.int8),
                    "16x8": (tf.lite.OpsSet.EXPERIMENTAL_TFLITE_BUILTINS_ACTIVATIONS_INT16_WEIGHTS_INT8,
                             tf.int16)}[quantization]
    converter.target_spec.supported_ops = [ops]
    converter.inference_input_type = io_type
    converter.inference_output_type = io_type
=======
    converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    converter.inference_input_type = getattr(tf, io_type)
    converter.inference_output_type = getattr(tf, io_type)
>>>>>>> main
    return converter.convert()


def main(*, description: str, default_out: str, build_model: Callable, make_data: Callable,
         input_shape: tuple, input_range: tuple[float, float], num_calib: int, num_rep: int,
         num_test_like: int, noun: str = "samples", convert: Callable = convert_int8, argv=None) -> None:
    """Command line of a ``make_model.py``: build, make plausible, convert and write one model.

    ``build_model(seed, batch_size=None)`` returns the Keras model (seeding Keras itself);
    ``make_data(n, seed)`` returns ``n`` in-distribution float32 inputs of shape ``input_shape``;
    :func:`test_like_inputs` over ``input_range`` are mixed into both the calibration batch and the
    representative data set (``--num-test-like`` of each). ``num_*`` are the defaults of the options;
    ``noun`` names the inputs in help and log text; ``convert`` quantizes (:func:`convert_int8`,
    :func:`convert_16x8`).
    """
    import keras
    import numpy as np
    import tensorflow as tf

    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--seed", type=int, default=0, help="seed for weights, BN statistics and data (default 0)")
    ap.add_argument("--out", default=default_out, help="output .tflite path")
    ap.add_argument("--num-calib", type=int, default=num_calib, help=f"{noun} for the BN statistics pass")
    ap.add_argument("--num-rep", type=int, default=num_rep, help=f"{noun} in the representative data set")
    ap.add_argument("--num-test-like", type=int, default=num_test_like,
                    help="uniform-noise / constant inputs added to the BN-statistics batch and (as many again)"
                         " to the representative data set")
    args = ap.parse_args(argv)
    lo, hi = input_range

    def test_like(seed: int):
        return test_like_inputs(args.num_test_like, seed, input_shape, lo, hi)

    tf.config.threading.set_inter_op_parallelism_threads(1)
    tf.config.threading.set_intra_op_parallelism_threads(1)
    print(f"TensorFlow {tf.__version__}, Keras {keras.__version__}, seed {args.seed}")
    model = build_model(args.seed)
    calib = make_data(args.num_calib, args.seed + 100)
    if args.num_test_like:
        calib = np.concatenate([calib, test_like(args.seed + 400)])
    n_bn = set_plausible_weights(model, calib, args.seed)
    print(f"model {model.name}: {model.count_params():,} params, {n_bn} BatchNormalization layers set")
    rep = make_data(args.num_rep, args.seed + 200)
    if args.num_test_like:
        rep = np.concatenate([rep, test_like(args.seed + 300)])
    probs = model.predict(rep[:8], verbose=0)
    print(f"float model, first 8 representative {noun}, class probabilities:\n", np.round(probs, 3))
    tflite = convert(model, rep, build_model)
    with open(args.out, "wb") as f:
        f.write(tflite)
    print(f"wrote {args.out}: {len(tflite):,} bytes, sha256 {hashlib.sha256(tflite).hexdigest()}")
