# The two commands of the README:
#   make examples   set everything up and build the example briefings into output/
#   make test       set everything up (incl. test tools) and run the test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: examples test setup lint bench clean

examples: $(VENV)/.installed
	$(BIN)/briefing build examples --out output

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q
	$(BIN)/ruff check briefing tests benchmarks

lint: $(VENV)/.installed-test
	$(BIN)/ruff check briefing tests benchmarks

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/run.py

$(VENV)/.installed: pyproject.toml scripts/setup-system.sh
	bash scripts/setup-system.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -qq -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml scripts/setup-system.sh
	bash scripts/setup-system.sh --test
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -qq -e '.[test,dask]'
	touch $(VENV)/.installed $@

clean:
	rm -rf $(VENV) output/*.pdf output/*.html
