# Two commands for a newcomer: `make run` and `make test`. Everything else is set up on the way.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
WEB    := web/dist/index.html
NODE_MODULES := web/node_modules/.package-lock.json
CHROMIUM := /usr/bin/chromium
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/index.html web/vite.config.ts \
	web/tsconfig.json web/tsconfig.sw.json docs/openapi.json

.PHONY: run test bench lint openapi lock screenshots clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	@touch $@

# The web app's packages, exactly as package-lock.json pins them.
$(NODE_MODULES): web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error

# The app is built again only when its sources (or the API's contract) changed.
$(WEB): $(NODE_MODULES) $(WEB_SOURCES)
	cd web && npm run build --silent

# The browser tests drive Debian's Chromium (Playwright's own downloads cannot be fetched here).
$(CHROMIUM):
	apt-get update -qq && apt-get install -y -qq chromium >/dev/null

run: $(STAMP) $(WEB)  ## start Rapport locally on an embedded AWS (moto), the web app at http://127.0.0.1:3000/
	$(PY) -m infra.local

test: $(STAMP) $(WEB) $(CHROMIUM)  ## the whole suite: the app's unit tests, then unit, integration, end-to-end, browser, infra
	cd web && npx vitest run --silent
	$(PY) -m pytest -n 2

bench: $(STAMP) $(WEB) $(CHROMIUM)  ## cold start, read-cost, web app figures
	$(PY) -m infra.bench

screenshots: $(STAMP) $(WEB) $(CHROMIUM)  ## docs/screenshots/ from the browser tests (a phone and a laptop)
	RAPPORT_SCREENSHOTS=docs/screenshots $(PY) -m pytest -q tests/browser/test_screenshots.py tests/browser/test_calendars.py

openapi: $(STAMP)  ## regenerate docs/openapi.json from the routes
	$(PY) -m infra.openapi > docs/openapi.json

lock: $(STAMP)  ## re-pin every dependency after changing pyproject.toml
	$(PY) -m pip freeze --exclude-editable | grep -v '^-e' > requirements.lock

clean:
	rm -rf $(VENV) .rapport web/node_modules web/dist
