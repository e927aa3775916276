# Thin entry points: every target calls the `cfu` command (logic lives in Python, where it is tested).
#   make PROJ=<name or path> <target>      e.g. make PROJ=mnv2_first sim
PROJ ?=
TARGET ?= sim
MODEL ?=
BUDGET ?=
CFU := .venv/bin/cfu
PYTEST := .venv/bin/python -m pytest
MODEL_ARG := $(if $(MODEL),--model $(MODEL))
BUDGET_ARG := $(if $(BUDGET),--max-cycles $(BUDGET))

.PHONY: setup test sim fast fast-error calibrate firmware verilog bitstream load mlperf energy datasheet need-proj

setup:
	@bash scripts/setup.sh

# `make test`: the whole suite; `make PROJ=p test`: that project's tests only.
test: setup
ifeq ($(PROJ),)
	$(PYTEST) -q
else
	$(CFU) test --proj $(PROJ) -- -q
endif

# Build CFU, SoC and firmware; run the project's model (MODEL=any.tflite to override) in the Verilator SoC:
# TARGET=sim (default) is the idealised SoC, TARGET=<board> that board's SoC with its memory system.
# The run stops after a cycle budget derived from the model's work; BUDGET=N sets another (0: none).
sim: setup need-proj
	$(CFU) sim --proj $(PROJ) --target $(TARGET) $(MODEL_ARG) $(BUDGET_ARG)

# The same image on the fast simulator (seconds), calibrated against the RTL one; its cycles are an estimate.
fast: setup need-proj
	$(CFU) fast --proj $(PROJ) $(MODEL_ARG) $(BUDGET_ARG)

# Run both simulators on the same image and print the fast one's error per layer and in total.
fast-error: setup need-proj
	$(CFU) fast-error --proj $(PROJ) $(MODEL_ARG) $(BUDGET_ARG)

# Fit the fast simulator's timing model to the RTL simulator (microbenchmarks; about a minute).
calibrate: setup
	$(CFU) calibrate

firmware: setup need-proj
	$(CFU) firmware --proj $(PROJ) --target $(TARGET)

verilog: setup need-proj
	$(CFU) verilog --proj $(PROJ)

bitstream: setup need-proj
	$(CFU) bitstream --proj $(PROJ) --target $(TARGET)

# Run the project's model (MODEL=any.tflite to override) on board TARGET: program it with the last `bitstream`
# build, serial-boot the firmware carrying the model, profile it into build/<TARGET>/. PORT=/dev/ttyUSBn names
# the serial port. TARGET=sim: the same on the simulated SoC, booting its BIOS with its UART on TCP.
load: setup need-proj
	$(CFU) load --proj $(PROJ) --target $(TARGET) $(MODEL_ARG) $(BUDGET_ARG) $(if $(PORT),--port $(PORT))

# MLPerf Tiny latency of the project's design (simulated; ms at TARGET's clock); MODELS=ad01,kws and INFERENCES=N.
mlperf: setup need-proj
	$(CFU) mlperf --proj $(PROJ) --target $(TARGET) $(if $(MODELS),--models $(MODELS)) $(if $(INFERENCES),--inferences $(INFERENCES)) $(if $(SIMULATOR),--simulator $(SIMULATOR))

# Energy per inference on a board's FPGA, estimated from its bitstream report and the simulated activity of the
# project's model (MODEL=any.tflite for another): build/<TARGET>/energy.json.
energy: setup need-proj
	$(CFU) energy --proj $(PROJ) --target $(TARGET) $(MODEL_ARG)

# The design's datasheet from what sim, mlperf, bitstream and energy wrote: build/<TARGET>/datasheet.html and .md.
datasheet: setup need-proj
	$(CFU) datasheet --proj $(PROJ) --target $(TARGET)

need-proj:
ifeq ($(PROJ),)
	$(error set PROJ to a project in proj/ or a project folder's path, e.g. make PROJ=proj_template $(MAKECMDGOALS))
endif
