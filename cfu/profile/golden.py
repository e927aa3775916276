"""The golden reference: TFLite Micro's output for the same model and input."""

from pathlib import Path

import numpy as np

__all__ = ["tflm_outputs"]


def tflm_outputs(model_path: Path, input_values: np.ndarray, num_outputs: int) -> dict[int, bytes]:
    """Run TFLite Micro (the ``tflite-micro`` package) once; output index to raw bytes."""
    from tflite_micro import runtime

    buf = Path(model_path).read_bytes()
    interpreter = runtime.Interpreter.from_bytes(buf, arena_size=max(len(buf) * 10, 1 << 20))
    interpreter.set_input(input_values, 0)
    interpreter.invoke()
    return {i: np.asarray(interpreter.get_output(i)).tobytes() for i in range(num_outputs)}
