"""The committed MobileNetV2 int8 model is the one described in README.md and runs in TFLite Micro."""

import importlib.util
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = os.path.join(HERE, "mnv2_035_160_int8.tflite")


def _check_model():
    spec = importlib.util.spec_from_file_location("mnv2_first_check_model", os.path.join(HERE, "check_model.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_structure():
    d = _check_model().describe(MODEL)
    assert dict(d["counts"]) == {"CONV_2D": 35, "DEPTHWISE_CONV_2D": 17, "ADD": 10, "MEAN": 1,
                                 "FULLY_CONNECTED": 1, "SOFTMAX": 1}
    assert d["macs"] == 29_597_360
    (i,), (o,) = d["inputs"], d["outputs"]
    assert (i["shape"], i["dtype"], i["zero_point"]) == ([1, 160, 160, 3], "INT8", -1)
    assert np.isclose(i["scale"], 2 / 255)
    assert (o["shape"], o["dtype"], o["scale"], o["zero_point"]) == ([1, 2], "INT8", 1 / 256, -128)


def test_tflm_outputs():
    outs = dict(_check_model().run_tflm(MODEL, [1, 160, 160, 3]))
    assert outs["zeros"].reshape(-1).tolist() == [-97, 97]
    assert outs["rand_seed0"].reshape(-1).tolist() == [117, -117]
