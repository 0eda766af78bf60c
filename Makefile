# Two commands for a newcomer: `make run` and `make test`. Everything else is set up on the way.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test bench lint openapi lock clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	@touch $@

run: $(STAMP)  ## start Rapport locally on an embedded AWS (moto)
	$(PY) -m infra.local

test: $(STAMP)  ## the whole suite: unit, integration, end-to-end, infra
	$(PY) -m pytest -n 2

bench: $(STAMP)  ## cold start and read-cost figures
	$(PY) -m infra.bench

openapi: $(STAMP)  ## regenerate docs/openapi.json from the routes
	$(PY) -m infra.openapi > docs/openapi.json

lock: $(STAMP)  ## re-pin every dependency after changing pyproject.toml
	$(PY) -m pip freeze --exclude-editable | grep -v '^-e' > requirements.lock

clean:
	rm -rf $(VENV) .rapport
