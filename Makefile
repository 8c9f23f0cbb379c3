# `make run` runs the baseline demo, `make test` runs the tests; both build .venv when missing.
PYTHON ?= $(shell command -v python3.12 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -c 'import sys; assert sys.version_info >= (3, 12), f"market-sim needs Python 3.12+, .venv has {sys.version.split()[0]}"'
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/market-sim run --scenario baseline --seed 1 --out runs/baseline

test: $(STAMP)
	$(BIN)/python -m pytest -n 2

bench: $(STAMP)
	$(BIN)/python benchmarks/scaling.py
	$(BIN)/python benchmarks/sweep.py

clean:
	rm -rf $(VENV) runs
