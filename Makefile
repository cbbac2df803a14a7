# Two entry points matter: `make demo` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint fmt bench fuzz clean system-packages-test system-packages-demo

# The Debian packages each entry point needs, installed when missing (as root), or one line
# saying what to run (scripts/system-packages; .ci/run calls it too).
system-packages-test:
	@PYTHON=$(PYTHON) scripts/system-packages test
system-packages-demo:
	@PYTHON=$(PYTHON) scripts/system-packages demo

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev,web,corpus]'
	touch $(STAMP)

demo: system-packages-demo $(STAMP)
	$(PY) -m duban demo

# The web tests (ledger and views) run again on PostgreSQL (PG_URL); in CI (CI=true) an unreachable server fails the run.
PG_URL ?= postgres://postgres@127.0.0.1:5432/test

test: system-packages-test $(STAMP)
	$(PY) -m ruff check duban tests benchmarks
	$(PY) -m pytest
	@if $(PY) -m duban.web.ops.pgcheck "$(PG_URL)"; then \
	  echo "== web tests on PostgreSQL ($(PG_URL))"; DATABASE_URL="$(PG_URL)" $(PY) -m pytest tests/web; \
	elif [ "$${CI:-}" = "true" ]; then echo "CI: PostgreSQL is required for the ledger tests" >&2; exit 1; \
	else echo "PostgreSQL not reachable: web tests on PostgreSQL skipped here (required in CI)"; fi

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
