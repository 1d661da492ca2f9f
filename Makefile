# Everything installs into ./.venv on first use; only Python 3.11+, pip and git are needed.
PYTHON ?= python3
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: up test test-unit test-service test-journey lint install bench clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv

$(STAMP): $(UV) pyproject.toml uv.lock shared/pyproject.toml services/*/pyproject.toml
	$(UV) sync --all-packages --frozen --python $(PYTHON)
	touch $(STAMP)

install: $(STAMP)

up: $(STAMP)
	$(VENV)/bin/familjecentret up

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy shared services src tests bench conftest.py
	$(VENV)/bin/lint-imports
	$(VENV)/bin/python -m familjecentret.shape --check

test: lint
	$(VENV)/bin/pytest -q

# One kind at a time (markers set in conftest.py); `make test` runs every kind.
test-unit: $(STAMP)
	$(VENV)/bin/pytest -q -m unit

test-service: $(STAMP)
	$(VENV)/bin/pytest -q -m service

test-journey: $(STAMP)
	$(VENV)/bin/pytest -q -m journey

bench: $(STAMP)
	$(VENV)/bin/python -m bench.relay_throughput
	$(VENV)/bin/python -m bench.booking_throughput
	$(VENV)/bin/python -m bench.forms_throughput
	$(VENV)/bin/python -m bench.notify_throughput
	$(VENV)/bin/python -m bench.chat_latency

clean:
	rm -rf $(VENV) $(TOOLS)
