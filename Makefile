# The portal's commands. README starts with `make serve` and `make test`; CI runs the same.
# Every target creates (or reuses) .venv from requirements.lock by itself.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The stamp names the lock file's contents (not its time): a virtual environment restored from
# the pull-request workflow's cache, older than the fresh checkout, is still seen as up to date.
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml 2>/dev/null | sha256sum | cut -c1-16)
export NO_MKDOCS_2_WARNING := 1

.PHONY: venv editor serve test validate build browsers checker pr-summary translations lock bench lighthouse clean

$(STAMP):
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@rm -f $(VENV)/.installed*; touch $(STAMP)

venv: $(STAMP)

.PHONY: validate-production deploy-tools release deploy-push deploy-rollback deploy-list publish-release
.PHONY: smoke sources linkcheck ci
# Where `make release` puts the site's archive and its SHA-256 manifest (deploy to a server).
DIST := dist
# The public address (canonical links, hreflang, sitemaps, feeds): mkdocs.yml reads PORTAL_SITE_URL.
# An empty one (an unset repository variable) would give no address at all: mkdocs.yml's default then.
NO_EMPTY_SITE_URL := $(if $(strip $(PORTAL_SITE_URL)),,env -u PORTAL_SITE_URL)

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
test: venv browsers checker editor
	$(BIN)/python -m pytest

# The tests on every core (pytest-xdist), each test module on one worker (its module fixtures
# built once); `make test PYTEST_FLAGS=` runs them in one process.
PYTEST_FLAGS ?= -n auto --dist loadscope
test: export PYTEST_ADDOPTS := $(PYTEST_FLAGS) $(PYTEST_ADDOPTS)
# The deploy tests start an SSH server, rsync, nginx: installed when missing.
test: deploy-tools

validate: venv
	$(BIN)/portal validate data

## The data as publishing sees it: examples held back, the statute on the published records.
validate-production: venv
	PORTAL_ENV=production $(BIN)/portal validate data

build: venv editor
	$(BIN)/portal validate data
	$(NO_EMPTY_SITE_URL) $(BIN)/mkdocs build --strict

## The W3C Nu Html Checker (vnu.jar, from the npm lock file) and Java to run it, for the HTML tests.
CHECKER := scripts/vnu/node_modules/.installed
$(CHECKER): scripts/vnu/package-lock.json
	cd scripts/vnu && npm ci --no-audit --no-fund --ignore-scripts
	@touch $(CHECKER)

checker: $(CHECKER)
	@command -v java >/dev/null || { if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	else echo "Install Java (apt-get install default-jre-headless) for the HTML checker." >&2; exit 1; fi; }

## Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser).
## CHROMIUM_PATH=/usr/bin/google-chrome (GitHub's runners) uses that browser and installs nothing.
browsers:
	@if [ -n "$$CHROMIUM_PATH" ]; then \
	  if [ -x "$$CHROMIUM_PATH" ] && [ -f "$$CHROMIUM_PATH" ]; then echo "browser tests use $$CHROMIUM_PATH"; exit 0; fi; \
	  echo "CHROMIUM_PATH=$$CHROMIUM_PATH is not an executable file." >&2; exit 1; fi; \
	if [ -x /usr/bin/chromium ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	elif command -v sudo >/dev/null; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "Install Debian's chromium (apt-get install chromium) for the browser tests." >&2; exit 1; fi

## What the deploy tests start themselves: rsync, an SSH server (tests/test_deploy.py), nginx and
## systemd-analyze for the sample server configuration (tests/test_server.py). Installs what is missing.
deploy-tools:
	@missing=""; command -v rsync >/dev/null || missing="$$missing rsync"; \
	command -v ssh >/dev/null || missing="$$missing openssh-client"; \
	[ -x /usr/sbin/sshd ] || missing="$$missing openssh-server"; \
	[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || missing="$$missing nginx"; \
	command -v systemd-analyze >/dev/null || missing="$$missing systemd"; \
	command -v openssl >/dev/null || missing="$$missing openssl"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	elif command -v sudo >/dev/null; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else echo "Install$$missing (apt-get install$$missing) for the deploy tests." >&2; exit 1; fi

## Markdown for a pull request's job summary: what the change adds or alters, translation coverage,
## and the example records the public site holds back.
pr-summary: venv
	@$(BIN)/portal changes --base "$(BASE)" data
	@$(BIN)/portal translations --format markdown data
	@$(BIN)/portal held-back data

translations: venv
	$(BIN)/portal translations data

## Every source address the records cite, with the records citing it; and whether each still answers.
sources: venv
	@$(BIN)/portal sources --format "$(or $(FORMAT),text)" data

linkcheck: venv
	@$(BIN)/portal linkcheck --format "$(or $(FORMAT),markdown)" data

## ---------------------------------------------------------------- releases and deploys (README)
## The built site/ as dist/portal-<time>-<commit>.tar.gz and dist/portal-site.sha256.
release:
	rm -rf $(DIST)
	$(PYTHON) scripts/deploy/portal_release.py pack site $(DIST) --commit "$$(git rev-parse HEAD)" --mtime "$$(git log -1 --format=%ct)"

## Push mode: rsync dist/'s release to DEPLOY_HOST over SSH (DEPLOY_* variables) and switch to it.
deploy-push:
	bash scripts/deploy/push.sh push $(DIST)

deploy-rollback:
	bash scripts/deploy/push.sh rollback $(NAME)

deploy-list:
	bash scripts/deploy/push.sh list

## Pull mode: dist/ as a GitHub release "site-<name>", marked latest (GH_TOKEN, GITHUB_REPOSITORY).
publish-release:
	bash scripts/deploy/github_release.sh $(DIST)

## After a deploy: SITE_URL's home page in each language and one page the change (since BASE) touched.
smoke:
	$(PYTHON) scripts/deploy/smoke.py "$(SITE_URL)" --site "$(or $(SITE),$(wildcard $(DIST)/portal-*.tar.gz),site)" --base "$(BASE)"

## Rehearse CI: the workflows' steps, in their order, in a fresh clone of HEAD (scripts/ci/rehearse.py).
ci: venv
	$(BIN)/python scripts/ci/rehearse.py $(CI_FLAGS)

## Re-resolve dependencies (needs the package index); commit requirements.lock afterwards.
lock: venv
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --no-emit-index-url --no-emit-find-links --extra test --extra build --strip-extras --output-file requirements.lock pyproject.toml

bench: venv
	$(BIN)/portal bench

## Lighthouse scores (mobile) of home, a list and a record page per language; needs Node and a browser.
lighthouse: build browsers
	$(BIN)/python scripts/lighthouse/run.py site

clean:
	rm -rf site .cache test-output $(DIST)
