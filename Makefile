# Quick start: `make serve` (build and serve the demo site), `make test` (the whole test suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Material prints an end-of-life banner on every build; the migration plan is in DESIGN.md.
export NO_MKDOCS_2_WARNING := 1
JS_LINTED := eslint.config.js gallery/screens/player/*.js overrides/assets/javascripts/*.js
# The lobby player's CSS against the screens' engine (Chromium 69, package.json "browserslist"
# environment "screens"), with doiuse through scripts/css_compat.js.
CSS_SCREENS := gallery/screens/player/player.css

# `make setup` only installs the venv (staff then run .venv/bin/culture ...).
.PHONY: setup serve build check lint test clean demo-images publish bench-images

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

serve: $(STAMP)
	$(BIN)/culture serve

build: $(STAMP)
	$(BIN)/mkdocs build --strict

publish: $(STAMP)
	$(BIN)/culture publish

bench-images: $(STAMP)
	$(BIN)/python benchmarks/images.py

check: $(STAMP)
	$(BIN)/culture check --strict

node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: browser tests that need axe-core or acorn will be skipped"; fi

# Python: ruff, mypy (settings in pyproject.toml), the import-layer contracts; JavaScript: ESLint
# on the player and the site scripts (eslint.config.js; eslint-plugin-compat holds the player to
# Chromium 69) and doiuse on the player's CSS, skipped with a note when npm is missing.
lint: $(STAMP) node_modules/.installed
	$(BIN)/ruff check gallery hooks tests benchmarks demo
	$(BIN)/mypy
	$(BIN)/lint-imports
	@if [ -x node_modules/.bin/eslint ]; then \
	  echo "node_modules/.bin/eslint $(JS_LINTED)"; node_modules/.bin/eslint $(JS_LINTED); \
	else echo "npm not found: ESLint on the player and site JavaScript skipped"; fi
	@if [ -x node_modules/.bin/doiuse ]; then \
	  echo "node scripts/css_compat.js screens $(CSS_SCREENS)"; node scripts/css_compat.js screens $(CSS_SCREENS); \
	else echo "npm not found: doiuse on the player's CSS skipped"; fi

test: lint
	$(BIN)/python -m pytest

clean:
	rm -rf site .cache

# Regenerate the committed demo photos in site_src/ (needs fonts-noto-cjk); deterministic. See demo/README.md.
demo-images: $(STAMP)
	$(BIN)/python -m demo
