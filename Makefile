# Two entry points matter: `make demo` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint fmt bench fuzz clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev,web,corpus]'
	touch $(STAMP)

demo: $(STAMP)
	$(PY) -m duban extract duban/samples/liaocheng_2023_part2.txt --format md

test: $(STAMP)
	$(PY) -m ruff check duban tests benchmarks
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check duban tests benchmarks

fmt: $(STAMP)
	$(PY) -m ruff check --fix duban tests benchmarks

bench: $(STAMP)
	$(PY) benchmarks/extract_speed.py

# Fuzz the file readers and the extraction: make fuzz SECONDS=600 (atheris, or a hypothesis loop).
SECONDS ?= 60
fuzz: $(STAMP)
	$(PY) fuzz/run.py --seconds $(SECONDS)

clean:
	rm -rf $(VENV) var build *.egg-info
