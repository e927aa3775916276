"""The golden reference: TFLite Micro's output for the same model and input, computed in a process of its own.

TFLite Micro runs in a subprocess (``python -m cfu.profile.golden``), so a model it rejects, or one that crashes
it, costs the golden check only: the simulation's results are already written. A failure is a
:class:`GoldenError` whose message is the reason in one line.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from ..files import write_atomic

__all__ = ["GoldenError", "GoldenRun", "tflm_outputs"]

#: How much of TFLite Micro's own report a reason keeps.
REASON_CHARS = 300
#: Seconds TFLite Micro may take for one inference (the largest model here takes a few seconds): a bound, so that
#: a model that makes it loop cannot hang the command.
TIMEOUT_SECONDS = 600


class GoldenError(Exception):
    """TFLite Micro gave no output for the model: the message says why (its error, or the signal it died of)."""


class GoldenRun:
    """TFLite Micro started on ``input_values`` in its own process, to run while the simulation does.

    :meth:`outputs` waits for its answer; :meth:`close` (also on leaving a ``with`` block) stops it if it is still
    running and removes its files.
    """

    def __init__(self, model_path: Path, input_values: list[np.ndarray], num_outputs: int):
        self._dir = tempfile.TemporaryDirectory(prefix="cfu-golden-")
        input_file = Path(self._dir.name) / "inputs.npz"
        self._output_file = Path(self._dir.name) / "outputs.json"
        np.savez(input_file, *input_values)
        self._process = subprocess.Popen(
            [sys.executable, "-m", "cfu.profile.golden", str(model_path), str(input_file), str(self._output_file),
             str(num_outputs)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def outputs(self) -> dict[int, bytes]:
        """Output index to raw bytes. Raises :class:`GoldenError`."""
        try:
            _, stderr = self._process.communicate(timeout=TIMEOUT_SECONDS)
            status = self._process.returncode
            if status < 0:
                raise GoldenError(f"TFLite Micro crashed (signal {-status}, {signal.Signals(-status).name})")
            if status != 0:
                raise GoldenError(_reason(stderr))
            return {int(index): bytes.fromhex(data) for index, data in json.loads(self._output_file.read_text()).items()}
        except subprocess.TimeoutExpired:
            raise GoldenError(f"TFLite Micro did not finish within {TIMEOUT_SECONDS} s") from None
        finally:
            self.close()

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._dir.cleanup()

    def __enter__(self) -> "GoldenRun":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def tflm_outputs(model_path: Path, input_values: list[np.ndarray], num_outputs: int) -> dict[int, bytes]:
    """Run TFLite Micro once on ``input_values`` (one array per input); output index to raw bytes. Raises
    :class:`GoldenError`."""
    return GoldenRun(model_path, input_values, num_outputs).outputs()


def _reason(stderr: str) -> str:
    """TFLite Micro's complaint in one line: its last lines of output, joined."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    reason = " / ".join(lines[-3:]) or "TFLite Micro failed without a message"
    return reason if len(reason) <= REASON_CHARS else "..." + reason[-REASON_CHARS:]


def _run_tflm(model_path: Path, input_values: list[np.ndarray], num_outputs: int) -> dict[int, bytes]:
    from tflite_micro import runtime

    buf = Path(model_path).read_bytes()
    interpreter = runtime.Interpreter.from_bytes(buf, arena_size=max(len(buf) * 10, 1 << 20))
    for index, values in enumerate(input_values):
        interpreter.set_input(values, index)
    interpreter.invoke()
    return {i: np.asarray(interpreter.get_output(i)).tobytes() for i in range(num_outputs)}


def main(argv: list[str]) -> int:
    """``MODEL INPUTS.npz OUTPUTS.json NUM_OUTPUTS``: write the outputs as hex; on failure, exit 1 with one line."""
    model_path, input_file, output_file, num_outputs = argv
    try:
        with np.load(input_file) as inputs:
            values = [inputs[f"arr_{i}"] for i in range(len(inputs.files))]
        outputs = _run_tflm(Path(model_path), values, int(num_outputs))
    except Exception as error:  # noqa: BLE001 - any failure of TFLite Micro is the reason reported
        print(f"{type(error).__name__}: {error}".strip(), file=sys.stderr)
        return 1
    write_atomic(Path(output_file), json.dumps({index: data.hex() for index, data in outputs.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
