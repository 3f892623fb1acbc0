# Cantec privacy assistant. `make run` and `make test` set up everything they need.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV      := .venv
PY        := $(VENV)/bin/python
STAMP     := $(VENV)/.installed
MODEL_DIR := models
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 3
export PYTHONHASHSEED := 0
# make run / make test run in local mode: loopback defaults, secrets generated
# once under var/. Production sets PERSONVERN_MODE=production and real secrets.
export PERSONVERN_MODE ?= local

# Find Python 3.10: on PATH, else a pyenv build (scripts/find-python310.sh).
PYTHON310 ?= $(shell scripts/find-python310.sh)

.PHONY: help venv model run test eval bench lint lock clean system-packages

help:
	@echo "make run    - set up and start the whole service on loopback (SQLite), the chat at /chat/ included"
	@echo "make test   - set up and run the full test suite"
	@echo "make eval   - quality figures on the held-out sets -> reports/*.json"
	@echo "make bench  - speed and memory benchmarks -> reports/bench.json"
	@echo "make lint   - ruff, and mypy --strict on the core and the email channel"

$(STAMP): pyproject.toml constraints.txt
	@if [ -z "$(PYTHON310)" ]; then \
	  echo "error: Python 3.10 not found (rasa 3.6 needs <3.11). Install python3.10 (apt/pyenv: 'pyenv install 3.10') or set PYTHON310=/path/to/python3.10" >&2; exit 1; fi
	@[ -x $(PY) ] || $(PYTHON310) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip<25"
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	@touch $@

venv: $(STAMP)

# Train only when the training data or configuration changed (hash-keyed cache).
model: $(STAMP)
	@$(PY) -m bot.nlu.train --if-changed

run: model
	$(PY) -m personvern.cli run

test: model system-packages
	$(PY) -m ruff check .
	$(PY) -m mypy
	@# the chat's Rasa data (domain/, data/, nlu_data/): rules, forms and responses consistent
	$(VENV)/bin/rasa data validate --domain domain --data data nlu_data --config config.yml --quiet >/dev/null
	@# conversation tests: every flow in nb, nn and en (tests/conversations); a wrong prediction fails
	$(VENV)/bin/rasa test core --stories tests/conversations --model $(MODEL_DIR) --e2e \
	  --fail-on-prediction-errors --out $(MODEL_DIR)/conversation-tests >/dev/null 2>&1 \
	  || { echo "conversation tests failed: see $(MODEL_DIR)/conversation-tests/failed_test_stories.yml" >&2; exit 1; }
	$(PY) -m pytest -q $(PYTEST_ARGS)

# Debian tools the tests drive: swaks (a real SMTP client) and chromium (the browser
# Playwright drives for the staff pages; `playwright install` cannot download here). Installed when we
# are root (CI, dev machines); otherwise the tests that need them skip visibly.
SYSTEM_PACKAGES := swaks chromium
system-packages:
	@missing=""; for p in $(SYSTEM_PACKAGES); do command -v $$p >/dev/null || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing$$missing (apt-get)"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "warning: missing$$missing; tests that need them will be skipped" >&2; fi; \
	fi

# Both reports are always written; the target fails if either misses a floor.
eval: model
	@$(PY) -m scripts.eval_nlu; nlu=$$?; $(PY) -m scripts.eval_sensitive; sens=$$?; exit $$((nlu | sens))

# smtp-source (Postfix's load generator) is unpacked from Debian's package, not installed.
bench: model
	@scripts/get-smtp-source.sh
	$(PY) -m scripts.bench

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m mypy

lock: $(STAMP)
	{ echo "# Pinned versions for a reproducible install (Python 3.10). Regenerate: make lock"; $(PY) -m pip freeze --exclude-editable | grep -v '^-e'; } > constraints.txt

clean:
	rm -rf $(VENV) $(MODEL_DIR) .pytest_cache
