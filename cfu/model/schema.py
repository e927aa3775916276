"""The TFLite flatbuffers schema, as bundled with the `tflite-micro` package (never parsed by hand)."""

from tflite_micro.tensorflow.lite.micro.python import schema_py_generated as schema

BUILTIN_NAMES: dict[int, str] = {
    v: k for k, v in vars(schema.BuiltinOperator).items() if not k.startswith("_")
}
BUILTIN_CODES: dict[str, int] = {name: code for code, name in BUILTIN_NAMES.items()}
TYPE_NAMES: dict[int, str] = {
    v: k.lower() for k, v in vars(schema.TensorType).items() if not k.startswith("_")
}
TYPE_CODES: dict[str, int] = {name: code for code, name in TYPE_NAMES.items()}

__all__ = ["schema", "BUILTIN_NAMES", "BUILTIN_CODES", "TYPE_NAMES", "TYPE_CODES"]
