# Two entry points: `make run` (main job on the bundled report) and `make test` (whole suite).
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test regen setup setup-test system-deps

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

setup: $(BIN)/python
	$(BIN)/pip install -q -e .

setup-test: $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'

# Chromium (browser tests) and a CJK font (notebook plots); installed only when missing and when root.
system-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk fontconfig >/dev/null; \
		else echo "note: install chromium and fonts-noto-cjk for the browser and plot tests" >&2; fi; \
	fi

run: setup
	$(BIN)/kg build


test: system-deps setup-test
	$(BIN)/python -m pytest -q

# Every generated file that is committed, rewritten from its source: the notebooks (from the cells in
# notebooks/make_notebooks.py), the tables of ontology/README.md (from kg.ttl and concepts.ttl) and the built
# graph in data/kg/ (kg build over data/raw/).  The tests that check a generated file name this target.  It
# runs offline; the gazetteer's divisions.tsv.gz comes from a downloaded package instead (kg/data/gazetteer/README.md).
regen: setup
	$(BIN)/python notebooks/make_notebooks.py
	$(BIN)/python -c "import kg.graph.ontology as o; o.update_readme()"
	$(BIN)/kg build
