# Pelican site: German leadership blog with an English subsite.
# `make publish` and `make test` are all a new machine needs (Python 3.11 or newer + make).

# The Python that creates .venv: PY=… or else the newest of PYTHONS that runs
# and is 3.11 or newer (see the $(MARKER) rule).
PY         ?=
PYTHONS    := python3.13 python3.12 python3.11 python3
VENV       := .venv
BIN        := $(VENV)/bin
MARKER     := $(VENV)/.installed-marker
OUTPUT     := output
PORT       ?= 8000
PYTEST_ARGS ?=

.DEFAULT_GOAL := help

help: ## Show this table of targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z][a-zA-Z_-]*:.*## / {printf "  %-20s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# The venv is tied to pyproject.toml: created on first use, reinstalled only
# when the pinned dependencies change (with the Python it was made with; to
# change Python, delete .venv). Each candidate is run, not only looked up:
# pyenv puts shims on PATH for versions that are not installed.
NEED_PY := install Python 3.11 or newer (Debian/Ubuntu: python3 python3-venv; Fedora: python3; macOS: brew install python)
$(MARKER): pyproject.toml
	@if ! $(BIN)/python -c '' 2>/dev/null; then \
	  py='$(PY)'; \
	  if [ -z "$$py" ]; then \
	    for c in $(PYTHONS); do \
	      if $$c -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then py=$$c; break; fi; \
	    done; \
	    [ -n "$$py" ] || { echo "error: no Python 3.11 or newer found (tried $(PYTHONS)); $(NEED_PY)" >&2; exit 1; }; \
	  elif ! $$py -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then \
	    echo "error: PY=$$py does not run as Python 3.11 or newer; $(NEED_PY)" >&2; exit 1; \
	  fi; \
	  $$py -c 'import venv, ensurepip' 2>/dev/null || { echo "error: $$py has no venv module; $(NEED_PY)" >&2; exit 1; }; \
	  echo "$$py -m venv $(VENV)  ($$($$py -c 'import sys; print(sys.version.split()[0])'))"; \
	  $$py -m venv $(VENV) || { rm -rf $(VENV); exit 1; }; \
	fi
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet ".[test]"
	@touch $@

venv: $(MARKER) ## Create .venv with the pinned dependencies

# Node tools for the checks (Nu HTML Checker, axe-core, Lighthouse), pinned in
# package-lock.json. `--ignore-scripts`: no package may download anything.
NODE_MARKER := node_modules/.installed-marker
# `make test` needs only Python: it installs the Node tools when npm is there
# (tests that need them skip without them, except with CI=true); `check` and
# `budget` cannot do without them.
NPM         := $(shell command -v npm 2>/dev/null)
TEST_NODE   := $(if $(NPM),$(NODE_MARKER))
$(NODE_MARKER): package.json package-lock.json
	@command -v npm >/dev/null || { echo "error: npm not found; install Node.js (Debian/Ubuntu: nodejs npm; Fedora: nodejs npm; macOS: brew install node)" >&2; exit 1; }
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

html: $(MARKER) ## Development build into output/ (lenient: problems are printed, not fatal)
	$(BIN)/python tools/build.py --settings pelicanconf.py --output $(OUTPUT)

publish: $(MARKER) ## Production build: strict, replaces output/ only on success
	$(BIN)/python tools/build.py --settings publishconf.py --output $(OUTPUT) --strict

# As a static host: compressed, 404.html, the headers of output/_headers (CSP).
serve: $(MARKER) ## Serve output/ as a static host would on http://localhost:$(PORT) (after make publish or make html)
	@$(BIN)/python tools/site_server.py $(OUTPUT) --port $(PORT)

devserver: $(MARKER) ## Serve with drafts on http://localhost:$(PORT) from .devserver/ (never output/); rebuild and reload on change
	$(BIN)/python tools/devserver.py --port $(PORT)

# TITLE and SERIES reach the script through the environment (make exports
# command-line variables), so quotes and $ in a title need no escaping.
newpost: $(MARKER) ## Start a draft: make newpost TITLE="…" [SERIES="…"]; prints its path
	@$(BIN)/python tools/newpost.py

# WXR, UPLOADS, FORCE and SKIP reach the script through the environment like
# TITLE above; LANG only when given on the command line (the environment's LANG
# is the locale, e.g. C.UTF-8).
import: $(MARKER) ## Move a WordPress site in: make import WXR=export.xml [UPLOADS=wp-content/uploads] [LANG=de|en] [FORCE=1]
	@$(BIN)/python tools/wp_import.py $(if $(filter command line,$(origin LANG)),--lang "$(LANG)")

localize-images: $(MARKER) ## Copy images that posts load from other hosts into content/images/ and link the copies
	@$(BIN)/python tools/localize_images.py

# DRY_RUN, DEPLOY_INIT and DEPLOY_FORCE reach the script through the environment.
deploy: $(MARKER) ## Strict publish, then mirror output/ to DEPLOY_TARGET=user@host:/path [DRY_RUN=1] [DEPLOY_INIT=1]
	$(BIN)/python tools/deploy.py --output $(OUTPUT)

# Posts dated ahead (docs/schreiben.md "Beiträge planen"). tools/schedule.py needs only
# the standard library: CI runs it before anything is installed.
upcoming: $(MARKER) ## List the posts dated ahead and the run that publishes each [NOW="2026-12-06 09:00"]
	@$(BIN)/python tools/schedule.py upcoming $(if $(NOW),--now "$(NOW)")

schedule-install: ## Print a systemd timer + service (and a cron line) that publish due posts from this folder [USER_UNITS=1]
	@python3 tools/schedule.py units $(if $(USER_UNITS),--user)

.PHONY: upcoming schedule-install

# Theme UI strings (msgids are German; English in theme/translations/en/).
# See docs/schreiben.md "Sprachen". The build compiles the catalogs itself.
TRANSLATIONS := theme/translations
translations-extract: $(MARKER) ## Collect the templates' UI strings into theme/translations/messages.pot
	$(BIN)/pybabel --quiet extract --mapping-file theme/babel.cfg --output-file $(TRANSLATIONS)/messages.pot \
	  --sort-output --add-location=file --project "Resonanz statt Reichweite" --version "" theme

translations-update: translations-extract ## Merge new UI strings into each catalog, then list what is left to translate
	$(BIN)/pybabel --quiet update --input-file $(TRANSLATIONS)/messages.pot --output-dir $(TRANSLATIONS) \
	  --ignore-obsolete --no-fuzzy-matching
	@$(BIN)/python tools/catalogs.py || true

translations-compile: $(MARKER) ## Compile the catalogs (.po -> .mo), with statistics
	$(BIN)/pybabel compile --directory $(TRANSLATIONS) --statistics

translations-check: $(MARKER) ## Count untranslated, fuzzy and missing UI strings per catalog (fails if any)
	$(BIN)/python tools/catalogs.py

test: lint $(TEST_NODE) ## Lint, then the whole test suite (tools it lacks: those tests skip, naming them)
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

# The golden tree (tests/test_golden.py): tests/golden/site/ built twice (the two
# must agree), its pages, feeds and sitemaps written to tests/golden/expected/.
snapshot: $(MARKER) ## Regenerate the golden tree tests/golden/expected/ after an intended output change (review its diff)
	PYTHONPATH=tests $(BIN)/python tests/golden/snapshot.py

# The rule set and its reasons: [tool.ruff] in pyproject.toml.
lint: $(MARKER) ## ruff: lint and format check of every Python file (fails on a finding)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(MARKER) ## ruff: fix what can be fixed and format every Python file
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The pinned Pelican's and Python-Markdown's own suites, from their sdists
# (downloaded once into cache/upstream/), with the plugins and extensions of
# ours that promise stock output switched on (tools/upstream_harness.py says
# which and why). Run it after raising a pin: UPGRADING.md.
upstream-tests: $(MARKER) ## Pelican's and Python-Markdown's own test suites with our plugins on (~1 min)
	$(BIN)/python tools/upstream_tests.py

check: publish $(NODE_MARKER) ## Strict publish, then the quality gates (links, HTML, feeds, a11y, third parties, CSP)
	$(BIN)/python tools/check_site.py $(OUTPUT)

N ?= 1000
bench: $(MARKER) ## Benchmark against plain Pelican on N generated articles (N=1000; N=… to change; minutes)
	@test -x /usr/bin/time || { echo "error: /usr/bin/time not found; install Debian's time package (apt-get install time)" >&2; exit 1; }
	$(BIN)/python bench/run.py -n $(N) $(BENCH_ARGS)
	$(BIN)/python bench/image_bench.py

budget: $(MARKER) $(NODE_MARKER) ## Measure the seed article against the theme budgets (Lighthouse, axe, vnu; ~1 min)
	$(BIN)/python tools/page_budget.py --build --photo

# OUTPUT comes from the command line: checked like a publish's --output
# (never the root, a home, the project, content/) before anything is removed.
clean: ## Remove output/ and caches (keeps .venv)
	@python3 tools/output_folder.py check '$(OUTPUT)'
	rm -rf -- '$(OUTPUT)' .output.* .devserver .devserver.* cache __pycache__ .pytest_cache

.PHONY: help venv html publish serve devserver newpost import localize-images deploy test snapshot lint format upstream-tests check bench budget clean \
        translations-extract translations-update translations-compile translations-check
