# Samordning – developer entry points.  Run "make help" for the list.
#
# Works on a fresh Debian machine: missing system packages are installed with
# apt-get when running as root, otherwise the sudo command is printed.  The
# database is a project-local PostgreSQL cluster (scripts/devdb) unless you
# set DATABASE_URL yourself.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
DEVDB := bash scripts/devdb

# Unbuffered output so Django/pytest logs appear immediately, also in CI.
export PYTHONUNBUFFERED := 1

# The settings run with DEBUG off unless told otherwise (a production start
# without settings must refuse, not serve debug pages). The developer
# targets here turn it on; "make serve" insists on DEBUG=0 given explicitly.
export DEBUG ?= 1

# Every Django command needs DATABASE_URL.  If the user did not set one, use
# the project-local cluster; "devdb url" only computes the socket path, so it
# works before the cluster exists (make expands this while reading the file).
ifeq ($(strip $(DATABASE_URL)),)
USE_DEVDB := 1
DATABASE_URL := $(shell $(DEVDB) url)
endif
export DATABASE_URL

.PHONY: help venv db migrate demo run serve check-serve-env browser lint test bench stop clean-db

help: ## List the targets
	@echo "Usage: make <target>"
	@echo
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) \
		| awk -F':.*## ' '{ printf "  %-10s %s\n", $$1, $$2 }'
	@echo
ifdef USE_DEVDB
	@echo "Database: project-local PostgreSQL, DATABASE_URL=$(DATABASE_URL)"
else
	@echo "Database: DATABASE_URL from your environment"
endif
	@echo "serve needs production settings, e.g.:"
	@echo "  make serve DEBUG=0 SECRET_KEY=\$$(openssl rand -hex 32) ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=0"

# --- setup ---------------------------------------------------------------------

venv: $(VENV)/.installed ## Create .venv and install requirements-dev.txt
	@:

# bin/pip only exists when the venv was created completely: on Debian without
# python3-venv, "python3 -m venv" fails half-way and leaves bin/python behind.
$(VENV)/bin/pip:
	@rm -rf $(VENV)
	@if ! python3 -m venv $(VENV) >/dev/null 2>&1; then \
		rm -rf $(VENV); \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
				&& ! dpkg -s python3-venv >/dev/null 2>&1; then \
			echo "Installing python3-venv with apt-get..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
				apt-get install -y -qq --no-install-recommends python3-venv </dev/null >/dev/null; \
		elif [ "$$(id -u)" != 0 ]; then \
			echo "python3 -m venv failed; you may need: sudo apt-get install python3-venv" >&2; \
		fi; \
		python3 -m venv $(VENV); \
	fi

# The stamp makes a second "make venv" instant: pip only runs again when a
# requirements file changed.
$(VENV)/.installed: requirements.txt requirements-dev.txt | $(VENV)/bin/pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

db: ## Start the project-local PostgreSQL (not if DATABASE_URL is set)
ifdef USE_DEVDB
	@$(DEVDB) start
else
	@echo "DATABASE_URL is set; using it (no local database started)"
endif

# Chromium drives the browser tests (Playwright uses Debian's /usr/bin/chromium),
# pdftoppm renders generated PDFs to images in tests, DejaVu gives the PDFs
# and screenshots stable fonts.
browser: ## Make sure chromium, pdftoppm and fonts are installed
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	dpkg -s fonts-dejavu-core >/dev/null 2>&1 || missing="$$missing fonts-dejavu-core"; \
	[ -z "$$missing" ] && exit 0; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing$$missing with apt-get..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends $$missing </dev/null >/dev/null; \
	else \
		echo "Missing:$$missing. Install with: sudo apt-get install$$missing" >&2; \
		exit 1; \
	fi

# --- running the application ----------------------------------------------------

migrate: venv db ## Apply database migrations
	$(PY) manage.py migrate --noinput

demo: migrate ## Load demo data (idempotent) and print the demo logins
	$(PY) manage.py load_demo

run: demo ## Development server on http://127.0.0.1:8000/
	@echo "Samordning körs på http://127.0.0.1:8000/"
	$(PY) manage.py runserver 127.0.0.1:8000

# Production-like: static files served by WhiteNoise from collectstatic output,
# gunicorn instead of runserver.  The settings require DEBUG=0 and SECRET_KEY,
# checked first so a missing setting fails before anything else runs.
serve: check-serve-env migrate ## Production-like server (gunicorn); needs DEBUG=0, SECRET_KEY and ALLOWED_HOSTS
	$(PY) manage.py collectstatic --noinput
	@echo "Samordning körs på http://$${GUNICORN_BIND:-127.0.0.1:8000}/"
	$(VENV)/bin/gunicorn samordning.wsgi

# Plain http on 127.0.0.1 needs SECURE_SSL_REDIRECT=0; behind a TLS proxy leave it on.
check-serve-env:
	@case "$$DEBUG" in 0|false|False|no|off) ;; *) false ;; esac && [ -n "$$SECRET_KEY" ] && [ -n "$$ALLOWED_HOSTS" ] || { \
		echo "serve needs production settings, e.g.:" >&2; \
		echo "  make serve DEBUG=0 SECRET_KEY=\$$(openssl rand -hex 32) ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=0" >&2; \
		exit 1; }

# --- quality ---------------------------------------------------------------------

lint: venv ## Ruff
	$(VENV)/bin/ruff check .

# Cheap checks first so they fail fast.  pytest runs last and nothing is
# printed after it, so its summary line ends the output (on failure, make
# itself adds its one-line "Error" note on stderr; that cannot be switched off).
# Options (settings module, markers, ...) come from pyproject.toml.
test: venv db browser ## Ruff, migration check and the whole pytest suite
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest -n 2  # two workers (pytest-xdist): the suite in under three minutes on two cores

SCALE ?= 10
bench: venv db ## Performance measurements (bench/run.py); make bench SCALE=50
	$(PY) bench/run.py --scale $(SCALE)

# --- database housekeeping ------------------------------------------------------

stop: ## Stop the project-local PostgreSQL
	@$(DEVDB) stop

clean-db: stop ## Stop and delete the project-local PostgreSQL (.pg)
	@if [ -L .pg ]; then \
		target=$$(readlink -f .pg); \
		case "$$target" in /var/tmp/samordning-pg-*) rm -rf "$$target" ;; \
			*) echo "Not deleting $$target (.pg points there); remove it yourself" ;; esac; \
	fi; \
	rm -rf .pg; \
	echo "Removed .pg"

# --- backup --------------------------------------------------------------------

# A backup is a folder: pg_dump -Fc, a copy of MEDIA_ROOT and manifest.json with
# each file's SHA-256, the row counts and the sequences (samordning/backup.py).
# In production run them with the production environment (DEBUG=0, SECRET_KEY,
# ALLOWED_HOSTS, DATABASE_URL, MEDIA_ROOT), as "make serve" is run.
.PHONY: backup restore

backup: venv db ## Back up the database and MEDIA_ROOT to backups/<time>/ (or BACKUP_DIR=...)
	$(PY) manage.py backup $(if $(BACKUP_DIR),--output "$(BACKUP_DIR)")

restore: venv db ## Restore BACKUP=<folder> into an EMPTY database (DATABASE_URL) and MEDIA_ROOT
	@[ -n "$(BACKUP)" ] || { echo "Ange säkerhetskopian: make restore BACKUP=backups/<tid>" >&2; exit 1; }
	$(PY) manage.py restore "$(BACKUP)"
