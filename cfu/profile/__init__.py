"""Deploy and profile: run a model on the simulated SoC, time every layer, check it against TFLite Micro."""
