# The README's two commands: `make run` and `make test`. Everything they need is
# installed here, into .venv and node_modules, on the first run.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test setup serve install install-dev install-bench assets browser lint format bench clean

## make run: install, migrate, load reference and demo data, start web + worker + beat.
run: setup
	$(PY) manage.py seed_demo --size small --seed 1 --with-history 26
	$(PY) manage.py run_local

## make test: install what the tests need and run the whole suite.
test: install-dev assets browser
	$(VENV)/bin/pytest

## make bench: the performance benchmark against PostgreSQL and Redis (see README).
bench: install-bench assets
	$(PY) -m bench.run

setup: install assets
	$(PY) manage.py migrate --noinput
	$(PY) manage.py setup_reference_data

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

$(PY):
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

# Stamps keyed on the requirement files: a changed pin reinstalls, an unchanged one is instant.
$(VENV)/.installed: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev
install-bench: $(VENV)/.installed-bench

$(VENV)/.installed-bench: requirements.txt requirements-dev.txt requirements-bench.txt | $(PY)
	$(PIP) install --quiet -r requirements-bench.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static_build/app.css: node_modules/.installed $(wildcard assets/scss/*.scss)
	npm run --silent build

assets: static_build/app.css

# Browser tests drive Debian's Chromium; never a downloaded browser.
browser:
	@command -v chromium >/dev/null || { echo "Installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || { echo "Could not install chromium: run 'sudo apt-get install chromium' and try again."; exit 1; }; }

clean:
	rm -rf $(VENV) node_modules static_build staticfiles .pytest_cache

## make dfe-validators: the DfE's SSDA903 and CIN census validators in .venv-dfe (their own venv:
## they pin pandas < 2), for tests/statutory, which builds it when missing.
DFE_VENV := .venv-dfe
.PHONY: dfe-validators
dfe-validators: $(DFE_VENV)/.installed

$(DFE_VENV)/.installed: requirements-dfe.txt
	$(PYTHON) -m venv $(DFE_VENV) || python3 -m venv $(DFE_VENV)
	$(DFE_VENV)/bin/pip install --quiet -r requirements-dfe.txt
	touch $@
