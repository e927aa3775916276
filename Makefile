# Thin entry points: every target calls the `cfu` command (logic lives in Python, where it is tested).
#   make PROJ=<name> <target>      e.g. make PROJ=proj_template test
PROJ ?=
CFU := .venv/bin/cfu
PYTEST := .venv/bin/python -m pytest

.PHONY: setup test verilog need-proj

setup:
	@bash scripts/setup.sh

# `make test`: the whole suite; `make PROJ=p test`: that project's tests only.
test: setup
ifeq ($(PROJ),)
	$(PYTEST) -q
else
	$(CFU) test --proj $(PROJ) -- -q
endif

verilog: setup need-proj
	$(CFU) verilog --proj $(PROJ)

need-proj:
ifeq ($(PROJ),)
	$(error set PROJ to a project in proj/, e.g. make PROJ=proj_template $(MAKECMDGOALS))
endif
