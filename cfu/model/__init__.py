"""`.tflite` import: parse, validate, prepare, plan the arena, emit C for the firmware."""
