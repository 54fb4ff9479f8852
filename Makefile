# Lotside — the README's commands live here.  `make run`  ·  `make test`
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
export PICCOLO_CONF := db.piccolo_conf
DEPS = $(BIN)/python -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; print(" ".join(p["dependencies"] + ($(1) and p["optional-dependencies"]["test"] or [])))'

.PHONY: run test setup setup-test fonts browser wrk i18n lint bench bench-stock bench-leads bench-share bench-outbox bench-dashboard backup clean

run: setup
	$(BIN)/python -m web.cli prepare
	$(BIN)/uvicorn app:app --host $(HOST) --port $(PORT) --no-access-log

test: setup-test browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

setup: $(VENV)/.deps web/static/vendor/PINNED.json locales fonts

# The share card's Chinese text is drawn with Noto Sans CJK (Debian's fonts-noto-cjk).
.PHONY: fonts
fonts:
	@if [ ! -f /usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc ] && [ -z "$$CJK_FONT_DIR" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's fonts-noto-cjk for the share cards"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null; \
	  else echo "!! fonts-noto-cjk missing and not root: install it, or set CJK_FONT_DIR"; fi; \
	fi

setup-test: setup $(VENV)/.test-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.deps: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --disable-pip-version-check $$($(call DEPS,False))
	touch $@

$(VENV)/.test-deps: pyproject.toml $(VENV)/.deps
	$(BIN)/pip install -q --disable-pip-version-check $$($(call DEPS,True))
	touch $@

# htmx is fetched from the npm registry at a pinned version and checked against its checksum.
web/static/vendor/PINNED.json: web/assets.py | $(VENV)/.deps
	$(BIN)/python -m web.assets fetch

# Compiled message catalogs (.mo) are built here, never committed.
.PHONY: locales
locales: | $(VENV)/.deps
	@$(BIN)/pybabel compile --statistics -d web/locales -D messages 2>&1 | grep -v "^compiling" || true

# Extract new strings into the catalogs after changing templates or code.
i18n: setup
	$(BIN)/pybabel extract -F web/locales/babel.cfg -k lazy -k N_ -o web/locales/messages.pot .
	$(BIN)/pybabel update -i web/locales/messages.pot -d web/locales -D messages --no-fuzzy-matching

# Browser tests need Debian's Chromium (and a CJK font for readable screenshots).
browser:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's chromium and fonts-noto-cjk for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else echo "!! Chromium missing and not root: browser tests will be skipped"; fi; \
	fi

lint: setup-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: setup-test browser wrk
	$(BIN)/python -m bench.pages
	$(BIN)/python -m bench.photo_ingest
	$(BIN)/python -m bench.appraisal_browser
	$(BIN)/python -m bench.stock_pages
	$(BIN)/python -m bench.share_kit

# The public stock pages with 10,000 cars: load (wrk) and Lighthouse (npm, Debian Chromium).
bench-stock: setup-test browser wrk
	$(BIN)/python -m bench.stock_pages

# The leads screens with 100,000 leads and 1,000,000 follow-ups: queries (budget 5) and
# p50/p95 per page, and the nightly pool release; SQLite, then PostgreSQL when one answers.
BENCH_PG ?= postgresql://postgres@127.0.0.1:5432
bench-leads: setup-test
	$(BIN)/python -m bench.lead_pages
	@if psql "$(BENCH_PG)/postgres" -qAtc 'select 1' >/dev/null 2>&1; \
	  then $(BIN)/python -m bench.lead_pages --postgres $(BENCH_PG); \
	  else echo "!! no PostgreSQL at $(BENCH_PG): skipped (BENCH_PG=... to name one)"; fi

# The share kit's images for one car: the card and the nine-grid, cold and cached, and bytes.
bench-share: setup
	$(BIN)/python -m bench.share_kit

# The outbox: nine photos queued without signal, drained on a 1.6 Mbit/s phone upload.
bench-outbox: setup-test browser
	$(BIN)/python -m bench.outbox_drain

bench-dashboard: setup-test
	$(BIN)/python -m bench.dashboard

wrk:
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; } \
	  || echo "!! wrk missing and not root: install Debian's wrk package"

backup: setup
	$(BIN)/python -m db.cli backup

clean:
	rm -rf $(VENV) web/static/vendor
