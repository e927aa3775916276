"""The committed MobileNetV2 int8 model is the one described in model/README.md and runs in TFLite Micro."""

from pathlib import Path

import numpy as np

from cfu.model.inspect_model import describe, run_tflm

MODEL = str(Path(__file__).resolve().parents[1] / "model" / "mnv2_035_160_int8.tflite")


def test_structure():
    d = describe(MODEL)
    assert dict(d["counts"]) == {"CONV_2D": 35, "DEPTHWISE_CONV_2D": 17, "ADD": 10, "MEAN": 1,
                                 "FULLY_CONNECTED": 1, "SOFTMAX": 1}
    assert d["macs"] == 29_597_360
    (i,), (o,) = d["inputs"], d["outputs"]
    assert (i["shape"], i["dtype"], i["zero_point"]) == ([1, 160, 160, 3], "INT8", -1)
    assert np.isclose(i["scale"], 2 / 255)
    assert (o["shape"], o["dtype"], o["scale"], o["zero_point"]) == ([1, 2], "INT8", 1 / 256, -128)


def test_tflm_outputs():
    outs = dict(run_tflm(MODEL, [1, 160, 160, 3]))
    assert outs["zeros"].reshape(-1).tolist() == [-97, 97]
    assert outs["rand_seed0"].reshape(-1).tolist() == [117, -117]
