"""The committed DS-CNN int8 model is the one described in model/README.md and runs in TFLite Micro."""

from pathlib import Path

import numpy as np

from cfu.model.inspect_model import describe, run_tflm

MODEL = str(Path(__file__).resolve().parents[1] / "model" / "ds_cnn_kws_int8.tflite")


def test_structure():
    d = describe(MODEL)
    assert dict(d["counts"]) == {"CONV_2D": 5, "DEPTHWISE_CONV_2D": 4, "AVERAGE_POOL_2D": 1,
                                 "FULLY_CONNECTED": 1, "SOFTMAX": 1}
    assert d["macs"] == 2_656_768
    (i,), (o,) = d["inputs"], d["outputs"]
    assert (i["shape"], i["dtype"], i["zero_point"]) == ([1, 49, 10, 1], "INT8", 76)
    assert np.isclose(i["scale"], 0.588235319)
    assert (o["shape"], o["dtype"], o["scale"], o["zero_point"]) == ([1, 12], "INT8", 1 / 256, -128)


def test_tflm_outputs():
    outs = dict(run_tflm(MODEL, [1, 49, 10, 1]))
    assert outs["zeros"].reshape(-1).tolist() == [-127, -123, -125, -124, -126, -93, -108, -123, -112, -53,
                                                   -108, -59]
    assert outs["rand_seed0"].reshape(-1).tolist() == [-128, -128, -36, -93, -128, -126, -59, -128, -128, -85,
                                                       -122, -120]
