# The portal's commands. README starts with `make serve` and `make test`; CI runs the same.
# Every target creates (or reuses) .venv from requirements.lock by itself.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: venv serve test validate build browsers checker pr-summary translations lock bench lighthouse clean

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

venv: $(STAMP)

## README command 1: validate the data, build and serve on http://127.0.0.1:8000/
serve: venv
	$(BIN)/portal validate data
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

## README command 2: every test (build --strict, HTML, data, workflows, browser tests)
test: venv browsers checker
	$(BIN)/python -m pytest

validate: venv
	$(BIN)/portal validate data

build: venv
	$(BIN)/portal validate data
	$(BIN)/mkdocs build --strict

## The W3C Nu Html Checker (vnu.jar, from the npm lock file) and Java to run it, for the HTML tests.
CHECKER := scripts/vnu/node_modules/.installed
$(CHECKER): scripts/vnu/package-lock.json
	cd scripts/vnu && npm ci --no-audit --no-fund --ignore-scripts
	@touch $(CHECKER)

checker: $(CHECKER)
	@command -v java >/dev/null || { if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	else echo "Install Java (apt-get install default-jre-headless) for the HTML checker." >&2; exit 1; fi; }

## Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser).
browsers:
	@if [ -x /usr/bin/chromium ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	elif command -v sudo >/dev/null; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "Install Debian's chromium (apt-get install chromium) for the browser tests." >&2; exit 1; fi

## Markdown for a pull request's job summary: what the change adds or alters, translation coverage.
pr-summary: venv
	@$(BIN)/portal changes --base "$(BASE)" data
	@$(BIN)/portal translations --format markdown data

translations: venv
	$(BIN)/portal translations data

## Re-resolve dependencies (needs the package index); commit requirements.lock afterwards.
lock: venv
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --no-emit-index-url --no-emit-find-links --extra test --extra build --strip-extras --output-file requirements.lock pyproject.toml

bench: venv
	$(BIN)/portal bench

clean:
	rm -rf site .cache test-output
