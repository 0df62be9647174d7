# The portal's commands. README starts with `make serve` and `make test`; CI runs the same.
# Every target creates (or reuses) .venv from requirements.lock by itself.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: venv editor serve test validate build browsers pr-summary translations lock bench lighthouse clean

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

venv: $(STAMP)

## The staff editor at /admin/: Node >= 20.19, npm ci from package-lock.json, Vite into build/editor/.
NODE_STAMP := node_modules/.installed
EDITOR := build/editor/index.html

$(NODE_STAMP): package.json package-lock.json
	@bash editor/node.sh
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $(NODE_STAMP)

$(EDITOR): $(NODE_STAMP) $(wildcard editor/*)
	npm run --silent build

editor: $(EDITOR)

## README command 1: validate the data, build and serve on http://127.0.0.1:8000/
serve: venv editor
	$(BIN)/portal validate data
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

## README command 2: every test (build --strict, HTML, data, workflows, browser tests)
test: venv browsers editor
	$(BIN)/python -m pytest

validate: venv
	$(BIN)/portal validate data

build: venv editor
	$(BIN)/portal validate data
	$(BIN)/mkdocs build --strict

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
