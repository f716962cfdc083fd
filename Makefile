# Everything a developer needs, on a machine with only python3 (3.11+) and make.

PY ?= python3
VENV := .venv
PYTHON := $(VENV)/bin/python
MANAGE := $(PYTHON) manage.py
STAMP := $(VENV)/.installed

.PHONY: run test lint translations pdf-libs

# run: migrate, load the demo data, then serve with a Celery worker and beat (Ctrl-C stops all)
run: translations
	$(MANAGE) migrate
	$(MANAGE) seed_demo
	$(MANAGE) run_embedded

# test: the whole suite; PYTEST_ARGS passes options on, e.g. PYTEST_ARGS="-k login -x"
test: export DJANGO_TESTING = 1
test: translations
	$(PYTHON) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/lint-imports --no-cache

translations: $(STAMP)
	$(MANAGE) compile_translations

# Reinstall only when pyproject.toml changed since the last install.
# The [ldap] extra (directory sign-in) needs python-ldap, which builds against
# libldap2-dev and libsasl2-dev: installed where those headers are, else its tests skip.
$(STAMP): pyproject.toml | $(PYTHON) pdf-libs
	$(PYTHON) -m pip install -e '.[dev]'
	@if [ -e /usr/include/ldap.h ] && [ -e /usr/include/sasl/sasl.h ]; then \
		$(PYTHON) -m pip install -e '.[dev,ldap]'; \
	else \
		echo "No libldap2-dev / libsasl2-dev: LDAP sign-in and its tests are left out."; \
	fi
	touch $@

$(PYTHON):
	$(PY) -m venv $(VENV)

# pdf-libs: WeasyPrint (documents as PDF) needs Pango and a CJK font from the system.
# Installed with apt-get when missing and run as root; otherwise says what to install.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk
pdf-libs:
	@if ! { ldconfig -p | grep -q libpangoft2-1.0 && fc-list 2>/dev/null | grep -q "CJK"; }; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(PDF_PACKAGES) </dev/null \
	      || echo "Could not install $(PDF_PACKAGES): PDF documents will not render."; \
	  else \
	    echo "PDF documents need the system packages $(PDF_PACKAGES) (Debian names); install them."; \
	  fi; \
	fi
