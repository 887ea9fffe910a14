# Cairn: `make run` serves the demo on 127.0.0.1:8000; `make test` runs every test.
# Both do all set-up on a fresh machine (virtualenv, install, migrate, Chromium).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/cairn_ci

.PHONY: run test test-pg test-fast lint format migrations-check bench bench-scale bench-load browser-deps saml-deps venv clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Cairn needs $(PYTHON) (Python 3.11)."; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Debian's Chromium for the browser tests; installed when missing (needs root or sudo).
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi
	@/usr/bin/chromium --version

# xmlsec1, with which the SAML tests' pysaml2 IdP signs its answers; installed when missing.
saml-deps:
	@if ! command -v xmlsec1 >/dev/null 2>&1; then \
		echo "Installing xmlsec1 for the SAML tests..."; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq xmlsec1 >/dev/null; \
	fi

run: venv
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: venv browser-deps saml-deps
	$(BIN)/pytest -p no:cacheprovider -n 2

# The same suite on PostgreSQL (pytest-django creates and drops test_<name>).
test-pg: venv browser-deps saml-deps
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -p no:cacheprovider -n 2

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: venv
	$(BIN)/python manage.py makemigrations --check --dry-run

bench: venv
	$(BIN)/python bench/run.py

# Statewide data set on PostgreSQL (SCALE=1.0: 650k learners, 5M assertions), p50/p95 per page.
SCALE ?= 1.0
bench-scale: venv
	SCALE=$(SCALE) $(BIN)/python -m bench.scale

# 50 signed-in users for 60 s (LOAD_USERS, LOAD_SECONDS) on a SCALE=0.1 build.
bench-load: venv
	SCALE=$${SCALE_LOAD:-0.1} LOAD=1 $(BIN)/python -m bench.scale

clean:
	rm -rf $(VENV) staticfiles .test-media .pytest_cache
