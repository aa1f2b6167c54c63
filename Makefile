# make build: a fresh .venv, the package, and the sample course built into site/.
# make test:  the same plus the test tools, then the whole test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: build test serve check schema bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

build: $(VENV)/.installed
	$(BIN)/coursegen build

check: $(VENV)/.installed
	$(BIN)/coursegen check

serve: $(VENV)/.installed
	$(BIN)/coursegen serve

schema: $(VENV)/.installed
	$(BIN)/coursegen schema

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

bench: $(VENV)/.installed-test
	$(BIN)/python -m bench.rejections
	$(BIN)/python -m bench.pathological
	$(BIN)/python -m bench.course_bench

clean:
	rm -rf site docs/chapters .pytest_cache .hypothesis
