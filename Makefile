# `make run` runs the baseline demo, `make test` runs the tests; both build .venv when missing.
PYTHON ?= $(shell command -v python3.12 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint ui notebooks bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -c 'import sys; assert sys.version_info >= (3, 12), f"market-sim needs Python 3.12+, .venv has {sys.version.split()[0]}"'
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/market-sim run --scenario baseline --seed 1 --out runs/baseline

# The browser test (tests/test_app.py) drives Debian's chromium, as Playwright cannot download a browser
# here, and fetches solara's page scripts with npm when solara's CDN is out of reach: install what is missing.
test: $(STAMP)
	@missing=""; command -v chromium >/dev/null || missing=" chromium"; command -v npm >/dev/null || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && apt-get install -y -qq $$missing) || echo "make test: apt-get could not install$$missing; the browser test will skip"; \
	  else echo "make test: the browser test is skipped without Debian's$$missing: sudo apt-get install$$missing"; fi; \
	fi
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	CHROMIUM_PATH=$$(command -v chromium) $(BIN)/python -m pytest -n 2

# `make ui` runs `market-sim ui`: the browser UI at http://localhost:8765, e.g. make ui UI_ARGS="--scenario reasoning_models".
# With npm on PATH it first copies solara's page scripts from the npm registry where missing (--fetch-assets),
# for machines that cannot reach solara's CDN.
ui: $(STAMP)
	$(BIN)/market-sim ui $$(command -v npm >/dev/null && echo --fetch-assets) $(UI_ARGS)

# `make notebooks` installs JupyterLab (the notebooks extra) and opens notebooks/.
notebooks: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[notebooks]'
	$(BIN)/python -m jupyter lab notebooks/

# ruff: lint and format check (make test runs both); `$(BIN)/ruff format .` fixes the format.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP)
	$(BIN)/python benchmarks/scaling.py
	$(BIN)/python benchmarks/sweep.py

clean:
	rm -rf $(VENV) runs
